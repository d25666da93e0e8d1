import Crypto
import Domain
import RedisDriver

/// The shared GCRA in Redis: one key per user and tier holding the theoretical arrival time (in
/// microseconds of Redis's clock, so instances with skewed clocks agree), read and advanced by one
/// Lua script (atomic) that grants as many of the cells asked for as fit now. The keys expire once
/// their arrival time has passed, so Redis keeps nothing for idle users.
///
/// The script is sent by its SHA1 (`EVALSHA`), a few dozen bytes instead of the whole text; only
/// when Redis does not know it (its first use after a restart or a `SCRIPT FLUSH`) is the text
/// sent, with `EVAL`, which also caches it for the next trips.
package struct RedisRateLeases: RateLeaseSource {
    let client: RedisClient

    package init(client: RedisClient) {
        self.client = client
    }

    /// KEYS: the user's key for the tier. ARGV: interval (µs), burst, cells wanted.
    /// Returns {k, 0} with k ≥ 1 cells granted, or {0, µs until one cell fits}.
    ///
    /// `room` is how many cells fit now: a cell fits while the arrival time it would leave is at
    /// most `burst` intervals ahead, the GCRA rule applied k times at once. The key's values and
    /// meaning are those of the one-request script used before leases (which was this with k = 1),
    /// so instances of both kinds share one limit during a rolling deploy.
    static let script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local interval = tonumber(ARGV[1])
        local burst = tonumber(ARGV[2])
        local tat = tonumber(redis.call('GET', KEYS[1]) or now)
        if tat < now then tat = now end
        local room = burst - math.ceil((tat - now) / interval)
        if room < 1 then return {0, tat + interval - burst * interval - now} end
        local granted = math.min(tonumber(ARGV[3]), room)
        tat = tat + granted * interval
        redis.call('SET', KEYS[1], string.format('%d', tat), 'PX', math.ceil((tat - now) / 1000) + 1)
        return {granted, 0}
        """

    /// Lower-case hex SHA1 of `script`: its name in Redis's script cache.
    static let scriptSHA1: String = {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        for byte in Insecure.SHA1.hash(data: Array(script.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }()

    static func key(user: String, tier: Tier) -> String { "v1:rl:t\(tier.rawValue):u:\(user)" }

    package func lease(user: String, tier: Tier, limit: RateLimit, cells: Int) async throws -> LeaseGrant {
        let arguments = ["1", Self.key(user: user, tier: tier), String(limit.intervalMicros), String(limit.burst), String(max(1, cells))]
        let reply: RESPValue
        do {
            reply = try await client.send((["EVALSHA", Self.scriptSHA1] + arguments).map { Array($0.utf8) })
        } catch let error as RedisError where error.code == .serverError && error.message.hasPrefix("NOSCRIPT") {
            reply = try await client.send((["EVAL", Self.script] + arguments).map { Array($0.utf8) })
        }
        guard let parts = reply.array, parts.count == 2, let granted = parts[0].int, let wait = parts[1].int else {
            throw RedisError(code: .protocolError, message: "the rate lease script answered \(reply)")
        }
        if granted >= 1 { return .cells(Int(min(granted, Int64(max(1, cells))))) }
        if wait > 0 { return .wait(micros: wait) }
        throw RedisError(code: .protocolError, message: "the rate lease script granted nothing and set no wait")
    }
}
