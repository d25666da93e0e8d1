import Resilience

/// A part the router depends on, as `/readyz` reports it.
package struct Dependency: Sendable {
    package let name: String
    package let kind: String
    package let breaker: CircuitBreaker?
    /// Answers within a short deadline when the dependency is usable.
    package let probe: @Sendable () async -> Bool
    /// Whether the router can still answer without it (a cache), or not (the database).
    package let essential: Bool

    package init(name: String, kind: String, breaker: CircuitBreaker?, essential: Bool, probe: @escaping @Sendable () async -> Bool) {
        self.name = name
        self.kind = kind
        self.breaker = breaker
        self.essential = essential
        self.probe = probe
    }
}
