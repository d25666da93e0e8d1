import Resilience

/// At most `limit` tier 3 answers at once; up to `maxQueued` more wait at most `maxWait` for a
/// slot, and the rest are refused at once. This keeps a slow provider from tying up every
/// connection of the router, and bounds the memory a burst can hold.
public actor Bulkhead {
    public let limit: Int
    public let maxQueued: Int
    public let maxWait: Duration
    private let time: any TimeSource
    private var inUse = 0
    private var waiters: [(id: Int, continuation: CheckedContinuation<Bool, Never>)] = []
    private var nextID = 0

    public init(limit: Int, maxQueued: Int, maxWait: Duration, time: any TimeSource = SystemTime()) {
        self.limit = max(1, limit)
        self.maxQueued = max(0, maxQueued)
        self.maxWait = maxWait
        self.time = time
    }

    public var active: Int { inUse }
    public var queued: Int { waiters.count }

    /// Runs `body` in a slot, or throws `.saturated` when none came free in time (`.cancelled`
    /// when the caller left while waiting). `body` reports its own failures in what it returns.
    public nonisolated func run<T: Sendable>(_ body: @Sendable () async -> T) async throws(AIError) -> T {
        try await acquire()
        let value = await body()
        await release()
        return value
    }

    func acquire() async throws(AIError) {
        if inUse < limit {
            inUse += 1
            return
        }
        guard waiters.count < maxQueued else { throw .saturated(retryAfterSeconds: retryAfter) }
        nextID += 1
        let id = nextID
        let wait = maxWait
        let time = self.time
        let timer = Task { [weak self] in
            try? await time.sleep(for: wait)
            await self?.expire(id)
        }
        let granted = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                waiters.append((id, continuation))
            }
        } onCancel: {
            Task { await self.expire(id) }
        }
        timer.cancel()
        guard granted else {
            if Task.isCancelled { throw .cancelled }
            throw .saturated(retryAfterSeconds: retryAfter)
        }
    }

    private var retryAfter: Int { max(1, Int(maxWait.components.seconds)) }

    private func expire(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: false)
    }

    func release() {
        if waiters.isEmpty {
            inUse -= 1
        } else {
            // The slot passes straight to the oldest waiter.
            waiters.removeFirst().continuation.resume(returning: true)
        }
    }
}
