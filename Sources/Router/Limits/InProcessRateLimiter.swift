import Domain
import Synchronization

/// GCRA for one instance (no Redis, or Redis not answering). A `Mutex` rather than an actor: this
/// runs on every request, the critical section is a dictionary lookup, and a hop to an actor
/// would cost more than the work.
///
/// Memory is bounded: when the table reaches `capacity` entries, those whose arrival time has
/// passed (equivalent to never having been seen) are dropped; if it is still full, the table is
/// cleared, which forgives a moment of history rather than growing without end.
package final class InProcessRateLimiter: RateLimiter {
    package let limits: RateLimits
    private let capacity: Int
    private let now: @Sendable () -> Int64
    /// Theoretical arrival time in microseconds, per tier and user.
    private let table = Mutex<[Key: Int64]>([:])

    struct Key: Hashable {
        let tier: Tier
        let user: String
    }

    /// - Parameter now: microseconds on a monotonic clock (injectable for tests).
    package init(limits: RateLimits, capacity: Int = 100_000, now: @escaping @Sendable () -> Int64 = InProcessRateLimiter.monotonicMicros) {
        self.limits = limits
        self.capacity = max(16, capacity)
        self.now = now
    }

    package static func monotonicMicros() -> Int64 {
        let elapsed = ContinuousClock.now - Self.origin
        return elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
    }

    private static let origin = ContinuousClock.now

    package func admit(user: String, tier: Tier) -> RateDecision {
        let limit = limits[tier]
        guard limit.isEnabled else { return .allowed }
        let now = self.now()
        let interval = limit.intervalMicros
        return table.withLock { table in
            let key = Key(tier: tier, user: user)
            let arrival = max(table[key] ?? now, now) + interval
            let allowedFrom = arrival - Int64(limit.burst) * interval
            if now < allowedFrom {
                return .limited(waitMicros: allowedFrom - now)
            }
            if table[key] == nil && table.count >= capacity {
                table = table.filter { $0.value > now }
                if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            }
            table[key] = arrival
            return .allowed
        }
    }

    /// Entries held (tests: memory stays bounded).
    var count: Int { table.withLock { $0.count } }
}
