import Resilience
import Tier1Cache

/// A part the router depends on, as `/readyz` reports it.
public struct Dependency: Sendable {
    public let name: String
    public let kind: String
    public let breaker: CircuitBreaker?
    /// Answers within a short deadline when the dependency is usable.
    public let probe: @Sendable () async -> Bool
    /// Whether the router can still answer without it (a cache), or not (the database).
    public let essential: Bool

    public init(name: String, kind: String, breaker: CircuitBreaker?, essential: Bool, probe: @escaping @Sendable () async -> Bool) {
        self.name = name
        self.kind = kind
        self.breaker = breaker
        self.essential = essential
        self.probe = probe
    }
}
