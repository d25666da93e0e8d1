import Synchronization

/// Fails fast while a dependency is down: after `failureThreshold` consecutive failures the
/// breaker opens for `openDuration`; then one probe call is let through (half-open) and its
/// outcome closes or re-opens it. One implementation for every dependency (SQL, Redis, the AI
/// provider). Shared by every task using the dependency, so it is a `Mutex`-guarded state
/// machine: callers only check and record, never wait on it.
public final class CircuitBreaker: Sendable {
    public enum State: String, Sendable { case closed, open, halfOpen = "half_open" }

    /// Calls should not be attempted now; `retryAfter` says for how long at least.
    public struct Open: Error, CustomStringConvertible {
        public let name: String
        public let retryAfter: Duration
        public var description: String { "\(name) circuit breaker is open" }
        /// Whole seconds for a `Retry-After` header: at least 1, rounded up.
        public var retryAfterSeconds: Int {
            let (seconds, attoseconds) = retryAfter.components
            return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
        }
    }

    private struct Machine {
        var state: State = .closed
        var consecutiveFailures = 0
        var openedAt: ContinuousClock.Instant?
        var probing = false
        var lastError: String?
        var transitions = 0
    }

    public let name: String
    public let failureThreshold: Int
    public let openDuration: Duration
    /// How long a second caller waits while one probe is out (it may retry then).
    public let probeRetry: Duration
    private let time: any TimeSource
    private let machine = Mutex(Machine())

    public init(
        name: String, failureThreshold: Int = 3, openDuration: Duration = .seconds(2), probeRetry: Duration = .milliseconds(100),
        time: any TimeSource = SystemTime()
    ) {
        self.name = name
        self.failureThreshold = max(1, failureThreshold)
        self.openDuration = openDuration
        self.probeRetry = probeRetry
        self.time = time
    }

    /// The state as a reader sees it: an open breaker whose time is up reports half-open.
    public var state: State {
        let now = time.now
        return machine.withLock { m in
            if m.state == .open, let openedAt = m.openedAt, now - openedAt >= openDuration { return .halfOpen }
            return m.state
        }
    }

    public var lastError: String? { machine.withLock { $0.lastError } }

    /// How many times the breaker has opened or closed (for logs and tests).
    public var transitions: Int { machine.withLock { $0.transitions } }

    /// Throws `Open` when calls should not be attempted now; otherwise the caller may proceed
    /// and must report the outcome with `succeeded()`, `failed(_:)` or `released()`.
    public func check() throws(Open) {
        let now = time.now
        let refusal: Duration? = machine.withLock { m in
            switch m.state {
            case .closed:
                return nil
            case .open:
                guard let openedAt = m.openedAt else { return nil }
                let elapsed = now - openedAt
                if elapsed < openDuration { return openDuration - elapsed }
                m.state = .halfOpen
                m.probing = true
                return nil
            case .halfOpen:
                if m.probing { return probeRetry }
                m.probing = true
                return nil
            }
        }
        if let refusal { throw Open(name: name, retryAfter: refusal) }
    }

    public func succeeded() {
        machine.withLock { m in
            if m.state != .closed { m.transitions += 1 }
            m.state = .closed
            m.consecutiveFailures = 0
            m.openedAt = nil
            m.probing = false
        }
    }

    public func failed(_ error: any Error) {
        let now = time.now
        machine.withLock { m in
            m.lastError = String(describing: error)
            m.consecutiveFailures += 1
            if m.state == .halfOpen || m.state == .closed && m.consecutiveFailures >= failureThreshold {
                m.state = .open
                m.openedAt = now
                m.transitions += 1
            }
            m.probing = false
        }
    }

    /// A call that ended for reasons that say nothing about the dependency (the client left, a
    /// request the dependency rightly refused): a probe slot it held is given back.
    public func released() {
        machine.withLock { $0.probing = false }
    }

    /// Runs `operation` under the breaker.
    public func run<T: Sendable>(_ operation: () async throws -> T) async throws -> T {
        try check()
        do {
            let value = try await operation()
            succeeded()
            return value
        } catch {
            failed(error)
            throw error
        }
    }
}
