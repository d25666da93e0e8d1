import Foundation
import RedisDriver

/// Summary entries in Redis, one hash per user (`v1:sum:<user>`, field = the entry key), so a
/// user's invalidation is one `DEL` and no key scan. Each entry carries its own creation time
/// and TTL; the hash itself expires after `retention` without writes (the stale-if-error horizon).
public struct RedisSummaryCache: SummaryCacheStore {
    public let client: RedisClient
    /// Seconds a user's hash outlives its last write.
    public let retention: Int

    public init(client: RedisClient, retention: Int) {
        self.client = client
        self.retention = max(1, retention)
    }

    static let prefix = "v1:sum:"

    static func hashKey(_ user: String) -> [UInt8] { Array((prefix + user).utf8) }

    /// HSET and EXPIRE in one atomic script, so no hash is ever left without an expiry.
    static let setScript = Array("redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]); redis.call('EXPIRE', KEYS[1], ARGV[3]); return 1".utf8)

    public func get(_ key: CacheKey) async throws -> CacheEntry? {
        let start = ContinuousClock.now
        let reply: RESPValue
        do {
            reply = try await client.send([Array("HGET".utf8), Self.hashKey(key.user), Array(key.entry.utf8)])
        } catch {
            CacheMetrics.lookup(level: "redis", .error)
            throw error
        }
        CacheMetrics.redis("get", ContinuousClock.now - start)
        let entry = reply.bytes.flatMap(Self.decode)
        CacheMetrics.lookup(level: "redis", entry: entry, now: Date().timeIntervalSince1970)
        return entry
    }

    public func set(_ key: CacheKey, entry: CacheEntry) async throws {
        let start = ContinuousClock.now
        _ = try await client.send([
            Array("EVAL".utf8), Self.setScript, Array("1".utf8), Self.hashKey(key.user), Array(key.entry.utf8),
            Self.encode(entry), Array(String(retention).utf8),
        ])
        CacheMetrics.redis("set", ContinuousClock.now - start)
    }

    public func invalidate(user: String) async throws {
        _ = try await client.send([Array("DEL".utf8), Self.hashKey(user)])
    }

    public func invalidateAll() async throws {
        var cursor = "0"
        repeat {
            let reply = try await client.send("SCAN", cursor, "MATCH", Self.prefix + "*", "COUNT", "1000")
            guard let parts = reply.array, parts.count == 2, let next = parts[0].string, let keys = parts[1].array else {
                throw RedisError(code: .protocolError, message: "unexpected SCAN reply")
            }
            let names = keys.compactMap(\.bytes)
            if !names.isEmpty { _ = try await client.send([Array("UNLINK".utf8)] + names) }
            cursor = next
        } while cursor != "0"
    }

    /// 8 bytes creation time (IEEE 754 bits, big-endian), 4 bytes TTL, then the payload.
    static func encode(_ entry: CacheEntry) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(12 + entry.payload.count)
        let bits = entry.createdAt.bitPattern
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        let ttl = UInt32(clamping: entry.ttl)
        for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: ttl >> UInt32(shift))) }
        out += entry.payload
        return out
    }

    static func decode(_ bytes: [UInt8]) -> CacheEntry? {
        guard bytes.count >= 12 else { return nil }
        var bits: UInt64 = 0
        for i in 0..<8 { bits = bits << 8 | UInt64(bytes[i]) }
        var ttl: UInt32 = 0
        for i in 8..<12 { ttl = ttl << 8 | UInt32(bytes[i]) }
        return CacheEntry(payload: Array(bytes[12...]), createdAt: Double(bitPattern: bits), ttl: Int(ttl))
    }
}
