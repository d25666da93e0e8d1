import ResilienceTesting
import Synchronization
import Testing

@testable import Resilience

/// `withDeadline`: the value when in time, `DeadlineExceeded` and a cancelled operation when not.
/// The deadline's time is a `ManualTime`: it passes only when a test moves it, so a busy machine
/// can make a test slower but never wrong.
@Suite struct DeadlineTests {
    struct Boom: Error, Equatable {}

    let time = ManualTime()

    @Test func returnsTheValueInTime() async throws {
        #expect(try await withDeadline(.seconds(2), time: time) { 42 } == 42)
    }

    @Test func rethrowsTheOperationsError() async throws {
        await #expect(throws: Boom()) { try await withDeadline(.seconds(2), time: time) { () async throws -> Int in throw Boom() } }
    }

    /// Past the deadline the caller gets `DeadlineExceeded`, and the operation is cancelled.
    @Test func throwsDeadlineExceededAndCancelsTheOperation() async throws {
        let (cancelled, signal) = AsyncStream.makeStream(of: Void.self)
        let call = Task {
            try await withDeadline(.seconds(2), time: time) { () async throws -> Int in
                do {
                    try await Task.sleep(for: .seconds(600))
                } catch {
                    signal.yield()
                    throw error
                }
                return 1
            }
        }
        #expect(await time.waitForSleepers(1), "the deadline's timer is waiting on the clock")
        time.advance(by: .seconds(1))
        #expect(time.sleepers == 1, "not yet")
        time.advance(by: .seconds(1))
        let exceeded = await #expect(throws: DeadlineExceeded.self) { try await call.value }
        #expect(exceeded?.after == .seconds(2))
        var it = cancelled.makeAsyncIterator()
        #expect(await it.next() != nil, "the operation saw its cancellation")
    }

    /// An operation that ignores cancellation does not hold the caller past the deadline.
    @Test func answersAtTheDeadlineEvenIfTheOperationIgnoresCancellation() async throws {
        let release = Mutex(false)
        let call = Task {
            try await withDeadline(.seconds(2), time: time) { () async throws -> Int in
                while !release.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(5)) }
                return 1
            }
        }
        #expect(await time.waitForSleepers(1))
        time.advance(by: .seconds(2))
        await #expect(throws: DeadlineExceeded.self) { try await call.value }
        release.withLock { $0 = true }
    }

    /// A caller that goes away is answered with its cancellation at once.
    @Test func theCallersCancellationWins() async throws {
        let call = Task {
            try await withDeadline(.seconds(2), time: time) { () async throws -> Int in
                try await Task.sleep(for: .seconds(600))
                return 1
            }
        }
        #expect(await time.waitForSleepers(1))
        call.cancel()
        await #expect(throws: CancellationError.self) { try await call.value }
    }
}
