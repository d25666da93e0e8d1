import Synchronization

/// The operation did not finish in time.
public struct DeadlineExceeded: Error, CustomStringConvertible {
    public let after: Duration
    public var description: String { "no answer within \(after)" }
}

/// The race between an operation, its deadline and the caller's cancellation: whichever comes
/// first resumes the caller, exactly once.
private final class DeadlineRace<T: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<T, any Error>?>(nil)
    /// The tasks to cancel once decided; nil when already decided.
    private let tasks = Mutex<[Task<Void, Never>]?>([])

    func start(_ continuation: CheckedContinuation<T, any Error>) {
        self.continuation.withLock { $0 = continuation }
    }

    func finish(_ result: Result<T, any Error>) {
        guard let c = continuation.withLock({ c -> CheckedContinuation<T, any Error>? in
            defer { c = nil }
            return c
        }) else { return }
        c.resume(with: result)
        let pending = tasks.withLock { t -> [Task<Void, Never>] in
            defer { t = nil }
            return t ?? []
        }
        for task in pending { task.cancel() }
    }

    func track(_ task: Task<Void, Never>) {
        let decided = tasks.withLock { t -> Bool in
            guard t != nil else { return true }
            t?.append(task)
            return false
        }
        if decided { task.cancel() }
    }
}

/// Runs `operation`, giving up after `timeout`. PostgresNIO waits for a connection while the
/// server is unreachable instead of failing; this bounds every call. The caller gets its answer
/// (or `DeadlineExceeded`) at the deadline even if the operation ignores cancellation: the
/// operation is cancelled and left to finish on its own.
public func withDeadline<T: Sendable>(
    _ timeout: Duration, time: any TimeSource = SystemTime(), _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let race = DeadlineRace<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            race.start(continuation)
            race.track(Task {
                do {
                    race.finish(.success(try await operation()))
                } catch {
                    race.finish(.failure(error))
                }
            })
            race.track(Task {
                guard (try? await time.sleep(for: timeout)) != nil else { return }
                race.finish(.failure(DeadlineExceeded(after: timeout)))
            })
        }
    } onCancel: {
        race.finish(.failure(CancellationError()))
    }
}
