import Domain

/// A per-user request rate for one tier, enforced as GCRA (the generic cell rate algorithm): a
/// user may send `burst` requests at once, then one every `1 / perSecond` seconds. GCRA keeps a
/// single timestamp per user and tier (the "theoretical arrival time"), so it is cheap in memory and
/// a Redis script can apply it atomically for every instance.
package struct RateLimit: Sendable, Equatable {
    /// Sustained requests per second; 0 turns the limit off.
    package var perSecond: Double
    /// Requests allowed at once after a quiet period (at least 1).
    package var burst: Int

    package init(perSecond: Double, burst: Int) {
        self.perSecond = perSecond
        self.burst = max(1, burst)
    }

    package var isEnabled: Bool { perSecond > 0 && perSecond.isFinite }

    /// Microseconds between two requests at the sustained rate.
    var intervalMicros: Int64 { Int64((1_000_000 / perSecond).rounded(.up)) }
}

/// The limits of the three tiers. Defaults are generous for people and dashboards (a page of
/// widgets refreshing together stays inside the burst) and tight where money is spent.
package struct RateLimits: Sendable, Equatable {
    package var tier1 = RateLimit(perSecond: 100, burst: 200)
    package var tier2 = RateLimit(perSecond: 100, burst: 200)
    package var tier3 = RateLimit(perSecond: 1, burst: 10)

    package init() {}

    /// No limits at all (tests and benchmarks that measure something else).
    package static let off: RateLimits = {
        var limits = RateLimits()
        limits.tier1.perSecond = 0
        limits.tier2.perSecond = 0
        limits.tier3.perSecond = 0
        return limits
    }()

    package subscript(tier: Tier) -> RateLimit {
        get {
            switch tier {
            case .summary: return tier1
            case .compute: return tier2
            case .ai: return tier3
            }
        }
        set {
            switch tier {
            case .summary: tier1 = newValue
            case .compute: tier2 = newValue
            case .ai: tier3 = newValue
            }
        }
    }
}

package enum RateDecision: Sendable, Equatable {
    case allowed
    /// Over the limit: the next request of this tier is allowed after this many seconds (at least 1).
    case limited(retryAfterSeconds: Int)
}

/// Admits or refuses one request of a user at a tier. Implementations are atomic: concurrent
/// requests never get more than the limit between them, beyond the error a limit shared by
/// several instances states (`LeasedRateLimiter`).
package protocol RateLimiter: Sendable {
    var limits: RateLimits { get }
    func admit(user: String, tier: Tier) async -> RateDecision
}

extension RateDecision {
    /// `Retry-After` is whole seconds: round up so a client that waits is admitted.
    static func limited(waitMicros: Int64) -> RateDecision {
        .limited(retryAfterSeconds: max(1, Int((Double(waitMicros) / 1_000_000).rounded(.up))))
    }
}
