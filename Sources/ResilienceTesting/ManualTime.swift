import Resilience
import Synchronization

/// A clock tests move by hand: `now` stands still until `advance(by:)`, and `sleep(for:)`
/// returns only when the clock has been advanced past its deadline (or the task is cancelled).
/// Tests drive breakers, queue waits and deadlines with it instead of sleeping, so that a busy
/// machine cannot make them flake. `sleepers` tells a test that a task has started waiting.
package final class ManualTime: TimeSource {
    private struct Sleeper {
        let id: UInt64
        let deadline: Duration
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var elapsed: Duration = .zero
        var nextID: UInt64 = 0
        var sleepers: [Sleeper] = []
    }

    private let origin = ContinuousClock.now
    private let state = Mutex(State())

    package init() {}

    package var now: ContinuousClock.Instant { origin + state.withLock { $0.elapsed } }

    /// How long the clock has been advanced in all.
    package var elapsed: Duration { state.withLock { $0.elapsed } }

    /// How many tasks are waiting in `sleep(for:)`.
    package var sleepers: Int { state.withLock { $0.sleepers.count } }

    package func advance(by duration: Duration) {
        let due: [Sleeper] = state.withLock { s in
            s.elapsed += duration
            let now = s.elapsed
            let due = s.sleepers.filter { $0.deadline <= now }
            s.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    package func sleep(for duration: Duration) async throws {
        let id = state.withLock { s -> UInt64 in
            s.nextID += 1
            return s.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool = state.withLock { s in
                    if Task.isCancelled || duration <= .zero { return true }
                    s.sleepers.append(Sleeper(id: id, deadline: s.elapsed + duration, continuation: continuation))
                    return false
                }
                if resumeNow {
                    if Task.isCancelled { continuation.resume(throwing: CancellationError()) } else { continuation.resume() }
                }
            }
        } onCancel: {
            let cancelled: Sleeper? = state.withLock { s in
                guard let k = s.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return s.sleepers.remove(at: k)
            }
            cancelled?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Waits (really, briefly) until `count` tasks are sleeping on this clock: the signal that the
    /// code under test has reached its wait. Gives up after `limit` of real time.
    package func waitForSleepers(_ count: Int = 1, limit: Duration = .seconds(10)) async -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + limit
        while clock.now < end {
            if sleepers >= count { return true }
            await Task.yield()
            try? await Task.sleep(for: .milliseconds(1))
        }
        return sleepers >= count
    }
}
