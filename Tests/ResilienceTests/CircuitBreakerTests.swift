import ResilienceTesting
import Synchronization
import Testing

@testable import Resilience

/// The breaker's state machine: closed → open after `failureThreshold` consecutive failures, open
/// refuses without running anything, half-open lets exactly one probe through whose outcome closes
/// or re-opens it.
@Suite struct CircuitBreakerTests {
    struct Boom: Error, Equatable, CustomStringConvertible {
        let id: Int
        var description: String { "boom \(id)" }
    }

    /// Time moves only when a test moves it, so no step can outlast the open period on a busy machine.
    let time = ManualTime()
    static let openDuration: Duration = .seconds(30)

    func makeBreaker(threshold: Int = 3) -> CircuitBreaker {
        CircuitBreaker(name: "test", failureThreshold: threshold, openDuration: Self.openDuration, time: time)
    }

    /// Runs a failing operation under the breaker, swallowing its error.
    func fail(_ breaker: CircuitBreaker, id: Int = 1) async {
        _ = try? await breaker.run { () async throws -> Int in throw Boom(id: id) }
    }

    /// Moves the clock past the open period.
    func waitOutOpenPeriod() async throws {
        time.advance(by: Self.openDuration)
    }

    @Test func startsClosedAndRunsOperations() async throws {
        let breaker = makeBreaker()
        #expect(breaker.state == .closed)
        #expect(breaker.lastError == nil)
        #expect(try await breaker.run { 42 } == 42)
        #expect(breaker.state == .closed)
    }

    @Test func opensAfterThresholdConsecutiveFailures() async throws {
        let breaker = makeBreaker(threshold: 3)
        await fail(breaker)
        #expect(breaker.state == .closed)
        await fail(breaker)
        #expect(breaker.state == .closed)
        await fail(breaker, id: 3)
        #expect(breaker.state == .open)
        #expect(breaker.lastError == "boom 3")
    }

    @Test func thresholdBelowOneIsTreatedAsOne() async throws {
        let breaker = CircuitBreaker(name: "t", failureThreshold: 0, openDuration: Self.openDuration, time: time)
        #expect(breaker.failureThreshold == 1)
        await fail(breaker)
        #expect(breaker.state == .open)
    }

    @Test func openRefusesWithoutRunningTheOperation() async throws {
        let breaker = makeBreaker(threshold: 2)
        await fail(breaker)
        await fail(breaker)
        #expect(breaker.state == .open)

        let ran = Mutex(0)
        for _ in 0..<5 {
            let refused = await #expect(throws: CircuitBreaker.Open.self) {
                try await breaker.run { ran.withLock { $0 += 1 } }
            }
            #expect(refused?.name == "test")
            if let retryAfter = refused?.retryAfter {
                #expect(retryAfter > .zero)
                #expect(retryAfter <= Self.openDuration)
            }
        }
        #expect(ran.withLock { $0 } == 0)
        #expect(throws: CircuitBreaker.Open.self) { try breaker.check() }
        #expect(breaker.state == .open)
        // Refusals are not failures of the dependency: the last error is still the operation's.
        #expect(breaker.lastError == "boom 1")
    }

    @Test func afterOpenDurationOneProbeIsLetThroughAndASecondCallIsRefused() async throws {
        let breaker = makeBreaker(threshold: 1)
        await fail(breaker)
        #expect(breaker.state == .open)
        try await waitOutOpenPeriod()
        #expect(breaker.state == .halfOpen)

        let (started, startedContinuation) = AsyncStream<Void>.makeStream()
        let (gate, gateContinuation) = AsyncStream<Void>.makeStream()
        let probe = Task {
            try await breaker.run { () async throws -> Int in
                startedContinuation.yield()
                var opened = gate.makeAsyncIterator()
                _ = await opened.next()
                return 7
            }
        }
        var probeStarted = started.makeAsyncIterator()
        _ = await probeStarted.next()
        #expect(breaker.state == .halfOpen)

        // The probe is in flight: every other caller is refused, its operation never runs.
        let ran = Mutex(0)
        for _ in 0..<3 {
            let refused = await #expect(throws: CircuitBreaker.Open.self) {
                try await breaker.run { ran.withLock { $0 += 1 } }
            }
            #expect((refused?.retryAfter ?? .zero) > .zero)
        }
        #expect(ran.withLock { $0 } == 0)

        gateContinuation.yield()
        gateContinuation.finish()
        #expect(try await probe.value == 7)
        #expect(breaker.state == .closed)
    }

    @Test func probeSuccessCloses() async throws {
        let breaker = makeBreaker(threshold: 2)
        await fail(breaker)
        await fail(breaker)
        try await waitOutOpenPeriod()
        #expect(try await breaker.run { "probe" } == "probe")
        #expect(breaker.state == .closed)
        // Fully closed: the failure count starts over, calls run freely.
        #expect(try await breaker.run { 1 } == 1)
        await fail(breaker)
        #expect(breaker.state == .closed)
        await fail(breaker)
        #expect(breaker.state == .open)
    }

    @Test func probeFailureReopens() async throws {
        let breaker = makeBreaker(threshold: 3)
        for _ in 0..<3 { await fail(breaker) }
        try await waitOutOpenPeriod()
        #expect(breaker.state == .halfOpen)

        await #expect(throws: Boom(id: 9)) {
            try await breaker.run { () async throws -> Int in throw Boom(id: 9) }
        }
        #expect(breaker.state == .open)
        #expect(breaker.lastError == "boom 9")

        // Re-opened for a whole new period.
        let ran = Mutex(false)
        let refused = await #expect(throws: CircuitBreaker.Open.self) {
            try await breaker.run { ran.withLock { $0 = true } }
        }
        #expect(!ran.withLock { $0 })
        if let retryAfter = refused?.retryAfter {
            #expect(retryAfter > Self.openDuration / 2)
            #expect(retryAfter <= Self.openDuration)
        }

        // And after that period, probes again.
        try await waitOutOpenPeriod()
        #expect(breaker.state == .halfOpen)
        #expect(try await breaker.run { 5 } == 5)
        #expect(breaker.state == .closed)
    }

    @Test func successResetsTheFailureCount() async throws {
        let breaker = makeBreaker(threshold: 3)
        await fail(breaker)
        await fail(breaker)
        #expect(try await breaker.run { true })
        await fail(breaker)
        await fail(breaker)
        #expect(breaker.state == .closed, "two failures after a success must not open a threshold-3 breaker")
        await fail(breaker)
        #expect(breaker.state == .open)
    }

    @Test func checkAndManualRecording() async throws {
        let breaker = makeBreaker(threshold: 2)
        try breaker.check()
        breaker.failed(Boom(id: 1))
        try breaker.check()
        breaker.failed(Boom(id: 2))
        #expect(breaker.state == .open)
        #expect(breaker.lastError == "boom 2")
        #expect(throws: CircuitBreaker.Open.self) { try breaker.check() }

        try await waitOutOpenPeriod()
        try breaker.check()  // the probe
        #expect(throws: CircuitBreaker.Open.self) { try breaker.check() }  // a second caller
        breaker.succeeded()
        #expect(breaker.state == .closed)
        try breaker.check()
        try breaker.check()
    }

    @Test func runRethrowsTheOperationsError() async throws {
        let breaker = makeBreaker(threshold: 5)
        let thrown = await #expect(throws: Boom.self) {
            try await breaker.run { () async throws -> Int in throw Boom(id: 42) }
        }
        #expect(thrown == Boom(id: 42))
        #expect(breaker.lastError == "boom 42")
        #expect(breaker.state == .closed)

        // Cancellation and other error types pass through unchanged too.
        await #expect(throws: CancellationError.self) {
            try await breaker.run { () async throws -> Int in throw CancellationError() }
        }
    }

    @Test func openErrorDescribesTheBreaker() {
        let open = CircuitBreaker.Open(name: "redis", retryAfter: .milliseconds(10))
        #expect(open.description == "redis circuit breaker is open")
        #expect(CircuitBreaker.State.halfOpen.rawValue == "half_open")
    }

    /// With time standing still, the breaker reports exactly how long is left, and no more.
    @Test func retryAfterCountsDownWithTheClock() throws {
        let breaker = makeBreaker(threshold: 1)
        breaker.failed(Boom(id: 1))
        var refusal = #expect(throws: CircuitBreaker.Open.self) { try breaker.check() }
        #expect(refusal?.retryAfter == Self.openDuration)
        time.advance(by: .seconds(29) + .milliseconds(500))
        refusal = #expect(throws: CircuitBreaker.Open.self) { try breaker.check() }
        #expect(refusal?.retryAfter == .milliseconds(500))
        #expect(refusal?.retryAfterSeconds == 1, "a Retry-After header rounds up, never to 0")
        time.advance(by: .milliseconds(500))
        try breaker.check()
    }

    /// A call that ends for reasons that say nothing about the dependency gives its probe slot back.
    @Test func releasedProbeLetsTheNextCallerProbe() throws {
        let breaker = makeBreaker(threshold: 1)
        breaker.failed(Boom(id: 1))
        time.advance(by: Self.openDuration)
        try breaker.check()  // the probe
        #expect(throws: CircuitBreaker.Open.self) { try breaker.check() }
        breaker.released()
        try breaker.check()  // the next caller may probe
        breaker.succeeded()
        #expect(breaker.state == .closed)
        #expect(breaker.transitions == 2, "opened once, closed once")
    }
}
