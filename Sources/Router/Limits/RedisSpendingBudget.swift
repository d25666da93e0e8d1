import Domain
import Foundation
import Logging
import RedisDriver
import Resilience

/// The budget shared by every instance, in Redis. Per day, the user and the service each have a
/// hash (`spent`, `held`, in micro-dollars) and a sorted set of the holds of calls under way
/// (member `<id>:<micros>`, scored by when it lapses). One Lua script checks and holds both;
/// another settles, once per hold. Holds lapse after `holdLifetime`, so an instance that dies
/// mid-call cannot keep a budget held. If Redis does not answer, tier 3 is refused (money is not
/// spent unchecked).
package struct RedisSpendingBudget: SpendingBudget {
    let client: RedisClient
    let limits: BudgetLimits
    /// Longer than any call can take (the longest answer deadline allowed is 10 minutes).
    let holdLifetime: Duration
    /// The prefix of every key (tests keep to their own).
    let namespace: String
    let logger: Logger

    package init(
        client: RedisClient, limits: BudgetLimits, holdLifetime: Duration = .seconds(660), namespace: String = "v2:aibudget",
        logger: Logger = Logger(label: "router.ai-budget")
    ) {
        self.client = client
        self.limits = limits
        self.holdLifetime = holdLifetime
        self.namespace = namespace
        self.logger = logger
    }

    /// KEYS: user hash, user holds, global hash, global holds. ARGV: micros, user limit, global
    /// limit, key TTL (s), hold id, hold lifetime (ms). Lapsed holds are released first. Returns
    /// {1, 0} (held), {2, scope} (spending at the limit) or {3, scope} (no room beside the holds);
    /// scope 1 is the user, 2 the service. The same order as `BudgetLimits.decide`.
    static let reserveScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local function standing(hash, holds)
          local lapsed = redis.call('ZRANGEBYSCORE', holds, '-inf', now)
          if #lapsed > 0 then
            local freed = 0
            for _, m in ipairs(lapsed) do freed = freed + tonumber(string.match(m, ':(%d+)$')) end
            redis.call('ZREMRANGEBYSCORE', holds, '-inf', now)
            redis.call('HINCRBY', hash, 'held', -freed)
          end
          local v = redis.call('HMGET', hash, 'spent', 'held')
          return tonumber(v[1] or '0'), tonumber(v[2] or '0')
        end
        local a = tonumber(ARGV[1])
        local us, uh = standing(KEYS[1], KEYS[2])
        local gs, gh = standing(KEYS[3], KEYS[4])
        if us >= tonumber(ARGV[2]) then return {2, 1} end
        if gs >= tonumber(ARGV[3]) then return {2, 2} end
        if us + uh + a > tonumber(ARGV[2]) then return {3, 1} end
        if gs + gh + a > tonumber(ARGV[3]) then return {3, 2} end
        local member = ARGV[5] .. ':' .. ARGV[1]
        local lapses = now + tonumber(ARGV[6])
        for i = 1, 3, 2 do
          redis.call('ZADD', KEYS[i + 1], lapses, member)
          redis.call('HINCRBY', KEYS[i], 'held', ARGV[1])
          redis.call('EXPIRE', KEYS[i], ARGV[4])
          redis.call('EXPIRE', KEYS[i + 1], ARGV[4])
        end
        return {1, 0}
        """

    /// KEYS: user hash, user holds, global hash, global holds, the hold's settled marker. ARGV:
    /// hold member, held micros, actual micros, key TTL (s). A hold still listed is released (one
    /// that lapsed was released already); the actual cost is spent either way, once: the marker
    /// makes a repeated settle (a retry after a lost reply) do nothing. Returns 1, or 0 if
    /// settled already.
    static let settleScript = """
        if not redis.call('SET', KEYS[5], '1', 'NX', 'EX', ARGV[4]) then return 0 end
        for i = 1, 3, 2 do
          if redis.call('ZREM', KEYS[i + 1], ARGV[1]) == 1 then
            redis.call('HINCRBY', KEYS[i], 'held', -tonumber(ARGV[2]))
          end
          redis.call('HINCRBY', KEYS[i], 'spent', ARGV[3])
          redis.call('EXPIRE', KEYS[i], ARGV[4])
        end
        return 1
        """

    /// Counters outlive their day a little (an answer across midnight settles on its own day).
    static let keyTTL = String(3 * 86_400)

    func keys(user: String, day: Day) -> [String] {
        let u = "\(namespace):\(day):u:\(user)"
        let g = "\(namespace):\(day):global"
        return [u, u + ":holds", g, g + ":holds"]
    }

    package func reserve(user: String, micros: Int64, day: Day) async -> BudgetDecision {
        let keys = self.keys(user: user, day: day)
        let id = BudgetReservation.newID()
        let (seconds, attoseconds) = holdLifetime.components
        let lifetime = max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        let reply: RESPValue
        do {
            reply = try await withDeadline(.seconds(1)) {
                try await client.send(
                    "EVAL", Self.reserveScript, "4", keys[0], keys[1], keys[2], keys[3], String(micros), String(limits.perUserMicros),
                    String(limits.globalMicros), Self.keyTTL, id, String(lifetime)
                )
            }
        } catch {
            // The script may have run and only its reply been late: release the hold it may have
            // taken (settling counts once, and nothing was spent), off the request path.
            let lost = BudgetReservation(user: user, day: day, micros: micros, id: id)
            Task { await self.settle(lost, actualMicros: 0) }
            return .refused(.unavailable)
        }
        guard case .array(let values) = reply, values.count == 2, case .integer(let code) = values[0],
            case .integer(let which) = values[1]
        else { return .refused(.unavailable) }
        let scope: BudgetScope = which == 2 ? .global : .user
        switch code {
        case 1: return .reserved(BudgetReservation(user: user, day: day, micros: micros, id: id))
        case 2: return .refused(.exceeded(scope: scope, retryAfterSeconds: Day.secondsToNextUTCDay(now: Date().timeIntervalSince1970)))
        case 3: return .refused(.held(scope: scope, retryAfterSeconds: BudgetLimits.retryWhileHeldSeconds))
        default: return .refused(.unavailable)
        }
    }

    /// Settles, trying three times: the script counts once however often it runs, and spending
    /// that is not recorded is money the budget no longer sees.
    package func settle(_ reservation: BudgetReservation, actualMicros: Int64) async {
        let keys = self.keys(user: reservation.user, day: reservation.day)
        let marker = "\(namespace):settled:\(reservation.id)"
        let member = "\(reservation.id):\(reservation.micros)"
        for attempt in 0..<3 {
            do {
                _ = try await withDeadline(.seconds(1)) {
                    try await client.send(
                        "EVAL", Self.settleScript, "5", keys[0], keys[1], keys[2], keys[3], marker, member, String(reservation.micros),
                        String(max(0, actualMicros)), Self.keyTTL
                    )
                }
                return
            } catch {
                if attempt == 2 {
                    logger.error(
                        "AI spending not recorded: Redis did not answer",
                        metadata: ["user": "\(reservation.user)", "micros": "\(actualMicros)", "error": "\(error)"]
                    )
                    return
                }
                try? await Task.sleep(for: .milliseconds(200 << attempt))
            }
        }
    }

    package func standing(user: String, day: Day) async -> BudgetStanding {
        let keys = self.keys(user: user, day: day)
        func numbers(_ key: String) async -> (Int64, Int64) {
            guard case .array(let values)? = try? await client.send("HMGET", key, "spent", "held"), values.count == 2 else { return (0, 0) }
            func number(_ v: RESPValue) -> Int64 {
                if case .bulkString(let bytes) = v { return Int64(String(decoding: bytes, as: UTF8.self)) ?? 0 }
                return 0
            }
            return (number(values[0]), number(values[1]))
        }
        let (userSpent, userHeld) = await numbers(keys[0])
        let (globalSpent, globalHeld) = await numbers(keys[2])
        return BudgetStanding(userSpent: userSpent, userHeld: userHeld, globalSpent: globalSpent, globalHeld: globalHeld)
    }
}
