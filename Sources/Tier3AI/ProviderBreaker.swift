/// A circuit breaker for the AI provider: after `threshold` consecutive provider failures it
/// opens, and tier 3 answers 503 at once instead of queueing users behind a failing upstream.
/// After `openDuration` one probe call is let through; its success closes the breaker.
public actor ProviderBreaker {
    public enum State: String, Sendable {
        case closed, open
        case halfOpen = "half_open"
    }

    public let threshold: Int
    public let openDuration: Duration
    private let clock = ContinuousClock()
    private var failures = 0
    private var openedAt: ContinuousClock.Instant?
    private var probing = false
    /// State changes, newest last, for logs and metrics.
    public private(set) var transitions = 0

    public init(threshold: Int, openDuration: Duration) {
        self.threshold = max(1, threshold)
        self.openDuration = openDuration
    }

    public var state: State {
        guard let openedAt else { return .closed }
        return clock.now - openedAt >= openDuration ? .halfOpen : .open
    }

    /// Whether a call may go out now; if not, the seconds until it may.
    public func permit() -> (allowed: Bool, retryAfterSeconds: Int) {
        switch state {
        case .closed: return (true, 0)
        case .open:
            let left = openedAt.map { openDuration - (clock.now - $0) } ?? .zero
            return (false, max(1, Int(left.components.seconds) + 1))
        case .halfOpen:
            if probing { return (false, 1) }
            probing = true
            return (true, 0)
        }
    }

    public func recordSuccess() {
        if openedAt != nil { transitions += 1 }
        failures = 0
        openedAt = nil
        probing = false
    }

    public func recordFailure() {
        failures += 1
        if probing || (openedAt == nil && failures >= threshold) {
            openedAt = clock.now
            transitions += 1
        }
        probing = false
    }

    /// A call that ended for reasons that say nothing about the provider (the client left, a
    /// 400): a probe slot it held is released.
    public func recordNeutral() {
        probing = false
    }
}
