import Synchronization

/// Fails fast while a dependency is down: after `failureThreshold` consecutive failures the
/// breaker opens for `openDuration`; then one probe call is let through (half-open) and its
/// outcome closes or re-opens it. Shared by every task using the dependency, so it is a
/// `Mutex`-guarded state machine: callers only check and record, never wait on it.
public final class CircuitBreaker: Sendable {
    public enum State: String, Sendable { case closed, open, halfOpen = "half_open" }

    public struct Open: Error, CustomStringConvertible {
        public let name: String
        public let retryAfter: Duration
        public var description: String { "\(name) circuit breaker is open" }
    }

    private struct Machine {
        var state: State = .closed
        var consecutiveFailures = 0
        var openedAt: ContinuousClock.Instant?
        var probing = false
        var lastError: String?
    }

    public let name: String
    public let failureThreshold: Int
    public let openDuration: Duration
    private let machine = Mutex(Machine())

    public init(name: String, failureThreshold: Int = 3, openDuration: Duration = .seconds(2)) {
        self.name = name
        self.failureThreshold = max(1, failureThreshold)
        self.openDuration = openDuration
    }

    public var state: State {
        machine.withLock { m in
            if m.state == .open, let openedAt = m.openedAt, ContinuousClock.now - openedAt >= openDuration { return .halfOpen }
            return m.state
        }
    }

    public var lastError: String? { machine.withLock { $0.lastError } }

    /// Throws `Open` when calls should not be attempted now; otherwise the caller may proceed
    /// and must report the outcome with `succeeded()` or `failed(_:)`.
    public func check() throws(Open) {
        let refusal: Duration? = machine.withLock { m in
            switch m.state {
            case .closed:
                return nil
            case .open:
                guard let openedAt = m.openedAt else { return nil }
                let elapsed = ContinuousClock.now - openedAt
                if elapsed < openDuration { return openDuration - elapsed }
                m.state = .halfOpen
                m.probing = true
                return nil
            case .halfOpen:
                if m.probing { return .milliseconds(100) }
                m.probing = true
                return nil
            }
        }
        if let refusal { throw Open(name: name, retryAfter: refusal) }
    }

    public func succeeded() {
        machine.withLock { m in
            m.state = .closed
            m.consecutiveFailures = 0
            m.openedAt = nil
            m.probing = false
        }
    }

    public func failed(_ error: any Error) {
        machine.withLock { m in
            m.lastError = String(describing: error)
            m.consecutiveFailures += 1
            if m.state == .halfOpen || m.consecutiveFailures >= failureThreshold {
                m.state = .open
                m.openedAt = .now
            }
            m.probing = false
        }
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
