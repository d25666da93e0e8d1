/// Where breakers, deadlines, rate limiters and caches read the time and wait: the system's
/// monotonic clock in the router, a clock the test moves by hand in tests (`ManualTime` in
/// ResilienceTesting), so that no test has to sleep through an open breaker or a queue wait.
public protocol TimeSource: Sendable {
    /// The current instant of a monotonic clock.
    var now: ContinuousClock.Instant { get }
    /// Suspends for `duration` of this source's time; throws `CancellationError` when cancelled.
    func sleep(for duration: Duration) async throws
}

/// The system's monotonic clock.
public struct SystemTime: TimeSource {
    public init() {}

    @inline(__always)
    public var now: ContinuousClock.Instant { ContinuousClock.now }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
