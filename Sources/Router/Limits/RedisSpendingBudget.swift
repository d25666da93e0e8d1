import Domain
import Foundation
import RedisDriver
import Resilience
import Tier1Cache

/// The budget shared by every instance: two counters per day in Redis (the user's and the
/// service's, in micro-dollars), checked and incremented together by one Lua script, so
/// reservations from any number of instances are atomic. If Redis does not answer, tier 3 is
/// refused (money is not spent unchecked).
package struct RedisSpendingBudget: SpendingBudget {
    let client: RedisClient
    let limits: BudgetLimits

    package init(client: RedisClient, limits: BudgetLimits) {
        self.client = client
        self.limits = limits
    }

    /// KEYS: user counter, global counter. ARGV: amount, user limit, global limit, ttl.
    /// Returns 1 (reserved), 0 (user limit) or -1 (global limit).
    static let reserveScript = """
        local u = tonumber(redis.call('GET', KEYS[1]) or '0')
        local g = tonumber(redis.call('GET', KEYS[2]) or '0')
        local a = tonumber(ARGV[1])
        if u + a > tonumber(ARGV[2]) then return 0 end
        if g + a > tonumber(ARGV[3]) then return -1 end
        redis.call('INCRBY', KEYS[1], a)
        redis.call('EXPIRE', KEYS[1], ARGV[4])
        redis.call('INCRBY', KEYS[2], a)
        redis.call('EXPIRE', KEYS[2], ARGV[4])
        return 1
        """

    /// KEYS: user counter, global counter. ARGV: refund. Never below zero.
    static let refundScript = """
        for i = 1, 2 do
          local v = tonumber(redis.call('GET', KEYS[i]) or '0')
          if v > 0 then redis.call('SET', KEYS[i], math.max(0, v - tonumber(ARGV[1])), 'KEEPTTL') end
        end
        return 1
        """

    static func keys(user: String, day: Day) -> (String, String) {
        ("v1:aibudget:\(day):u:\(user)", "v1:aibudget:\(day):global")
    }

    package func reserve(user: String, micros: Int64, day: Day) async -> BudgetDecision {
        let (userKey, globalKey) = Self.keys(user: user, day: day)
        let reply: RESPValue
        do {
            reply = try await withDeadline(.seconds(1)) {
                try await client.send(
                    "EVAL", Self.reserveScript, "2", userKey, globalKey, String(micros), String(limits.perUserMicros),
                    String(limits.globalMicros), String(3 * 86_400)
                )
            }
        } catch {
            return .unavailable
        }
        let retry = Day.secondsToNextUTCDay(now: Date().timeIntervalSince1970)
        switch reply {
        case .integer(1): return .reserved(BudgetReservation(user: user, day: day, micros: micros))
        case .integer(0): return .exceeded(scope: .user, retryAfterSeconds: retry)
        case .integer(-1): return .exceeded(scope: .global, retryAfterSeconds: retry)
        default: return .unavailable
        }
    }

    package func settle(_ reservation: BudgetReservation, actualMicros: Int64) async {
        let refund = reservation.micros - min(max(0, actualMicros), reservation.micros)
        guard refund > 0 else { return }
        let (userKey, globalKey) = Self.keys(user: reservation.user, day: reservation.day)
        _ = try? await withDeadline(.seconds(1)) {
            try await client.send("EVAL", Self.refundScript, "2", userKey, globalKey, String(refund))
        }
    }

    package func spent(user: String, day: Day) async -> (user: Int64, global: Int64) {
        let (userKey, globalKey) = Self.keys(user: user, day: day)
        guard case .array(let values)? = try? await client.send("MGET", userKey, globalKey), values.count == 2 else { return (0, 0) }
        func number(_ v: RESPValue) -> Int64 {
            if case .bulkString(let bytes) = v { return Int64(String(decoding: bytes, as: UTF8.self)) ?? 0 }
            return 0
        }
        return (number(values[0]), number(values[1]))
    }
}
