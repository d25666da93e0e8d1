import Domain
import Logging
import RedisDriver
import Resilience
import Tier1Cache

/// GCRA shared by every instance: one key per user and tier in Redis, read and advanced by one Lua
/// script (atomic), with Redis's own clock so that instances with skewed clocks agree.
///
/// When Redis does not answer (or its breaker is open), requests are limited by an in-process
/// limiter with the same limits: each instance then enforces the limit on its own, which is
/// looser by the number of instances but never lets a request through unlimited and never
/// refuses a user because a dependency failed.
package struct RedisRateLimiter: RateLimiter {
    let client: RedisClient
    let breaker: CircuitBreaker?
    let fallback: InProcessRateLimiter
    let logger: Logger
    package var limits: RateLimits { fallback.limits }

    package init(client: RedisClient, limits: RateLimits, breaker: CircuitBreaker? = nil, logger: Logger) {
        self.client = client
        self.breaker = breaker
        self.fallback = InProcessRateLimiter(limits: limits)
        self.logger = logger
    }

    /// KEYS: the user's key for the tier. ARGV: interval (µs), burst.
    /// Returns 0 (allowed) or the microseconds to wait.
    static let script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local interval = tonumber(ARGV[1])
        local tat = tonumber(redis.call('GET', KEYS[1]) or now)
        if tat < now then tat = now end
        local arrival = tat + interval
        local allowed_from = arrival - tonumber(ARGV[2]) * interval
        if now < allowed_from then return allowed_from - now end
        redis.call('SET', KEYS[1], string.format('%d', arrival), 'PX', math.ceil((arrival - now) / 1000) + 1)
        return 0
        """

    static func key(user: String, tier: Tier) -> String { "v1:rl:t\(tier.rawValue):u:\(user)" }

    package func admit(user: String, tier: Tier) async -> RateDecision {
        let limit = limits[tier]
        guard limit.isEnabled else { return .allowed }
        do {
            try breaker?.check()
        } catch {
            return fallback.admit(user: user, tier: tier)
        }
        let reply: RESPValue
        do {
            reply = try await withDeadline(.milliseconds(250)) {
                try await client.send(
                    "EVAL", Self.script, "1", Self.key(user: user, tier: tier), String(limit.intervalMicros), String(limit.burst)
                )
            }
            breaker?.succeeded()
        } catch {
            breaker?.failed(error)
            logger.debug("rate limit store unavailable; limiting in process", metadata: ["error": "\(error)"])
            return fallback.admit(user: user, tier: tier)
        }
        switch reply {
        case .integer(0): return .allowed
        case .integer(let wait) where wait > 0: return .limited(waitMicros: wait)
        default: return fallback.admit(user: user, tier: tier)
        }
    }
}
