import Foundation
import Logging
import NIOCore
import NIOPosix
import RedisDriver
import RedisDriverTesting
import Resilience
import ResilienceTesting
import Testing

@testable import Tier1Cache

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `RedisSummaryCache` (entry encoding, one hash per user, invalidation, expiry) and `RedisFlightLock`
/// (leases, ownership, expiry, going ahead when Redis is down). The Redis tests run against a real
/// `redis-server` each test starts on a free loopback port; without `redis-server` they fail, never skip.
@Suite(.serialized) struct RedisSummaryCacheTests {
    private let logger: Logger = {
        var logger = Logger(label: "redis-summary-cache-test")
        logger.logLevel = .critical
        return logger
    }()

    private func makeClient(_ server: RedisTestServer) -> RedisClient {
        RedisClient(configuration: RedisConfiguration(host: "127.0.0.1", port: server.port), logger: logger)
    }

    private func key(_ user: String, _ entry: String) -> CacheKey {
        CacheKey(user: user, entry: entry, flat: "v1|\(user.utf8.count):\(user)|\(entry)")
    }

    // MARK: - Encoding

    @Test func encodeDecodeRoundTrip() {
        let entries = [
            CacheEntry(payload: Array("{\"answer\":\"ok\",\"data\":{}}".utf8), createdAt: 1_763_712_345.678_912_3, ttl: 300),
            CacheEntry(payload: Array(0...255), createdAt: 0.000_1, ttl: 0),
            CacheEntry(payload: [0, 0, 0], createdAt: 4_102_444_800.5, ttl: 3_000_000_000),  // TTL above Int32.max
            CacheEntry(payload: [], createdAt: 1_700_000_000.25, ttl: Int(UInt32.max)),
            CacheEntry(payload: [0xFF], createdAt: -1.5, ttl: 1),
        ]
        for entry in entries {
            let bytes = RedisSummaryCache.encode(entry)
            #expect(bytes.count == 12 + entry.payload.count)
            let decoded = RedisSummaryCache.decode(bytes)
            #expect(decoded == entry)
            // Bit-exact creation time: fractions survive.
            #expect(decoded?.createdAt.bitPattern == entry.createdAt.bitPattern)
        }
    }

    @Test func encodingLayoutIsBigEndianTimeThenTTLThenPayload() {
        // 1.0 = 0x3FF0_0000_0000_0000; TTL 258 = 0x0000_0102.
        let bytes = RedisSummaryCache.encode(CacheEntry(payload: [9, 8], createdAt: 1.0, ttl: 258))
        #expect(bytes == [0x3F, 0xF0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 9, 8])
    }

    @Test func emptyPayloadRoundTrips() {
        let entry = CacheEntry(payload: [], createdAt: 1_763_712_345.5, ttl: 60)
        let bytes = RedisSummaryCache.encode(entry)
        #expect(bytes.count == 12)
        #expect(RedisSummaryCache.decode(bytes) == entry)
        #expect(RedisSummaryCache.decode(bytes)?.payload.isEmpty == true)
    }

    @Test func ttlOutsideFourBytesIsClampedNotWrapped() {
        let huge = RedisSummaryCache.decode(RedisSummaryCache.encode(CacheEntry(payload: [], createdAt: 1, ttl: Int(UInt32.max) + 5)))
        #expect(huge?.ttl == Int(UInt32.max))
        let negative = RedisSummaryCache.decode(RedisSummaryCache.encode(CacheEntry(payload: [], createdAt: 1, ttl: -5)))
        #expect(negative?.ttl == 0)
    }

    @Test func decodeOfFewerThanTwelveBytesIsNil() {
        for count in 0..<12 {
            #expect(RedisSummaryCache.decode([UInt8](repeating: 0x41, count: count)) == nil, "\(count) bytes")
        }
        #expect(RedisSummaryCache.decode([UInt8](repeating: 0, count: 12)) == CacheEntry(payload: [], createdAt: 0, ttl: 0))
    }

    // MARK: - RedisSummaryCache against redis-server

    @Test func setGetRoundTrip() async throws {
        let server = try await RedisTestServer.start()
        defer { server.stop() }
        let client = makeClient(server)
        let cache = RedisSummaryCache(client: client, retention: 600)

        let k = key("user-1", "spend|this_month|all")
        let entry = CacheEntry(payload: Array(0...255) + Array("\r\n".utf8), createdAt: 1_763_712_345.125, ttl: 300)
        #expect(try await cache.get(k) == nil)
        try await cache.set(k, entry: entry)
        #expect(try await cache.get(k) == entry)
        #expect(try await cache.get(key("user-1", "other")) == nil)  // same hash, other field

        // Overwrite.
        let newer = CacheEntry(payload: [1, 2, 3], createdAt: 1_763_712_400, ttl: 60)
        try await cache.set(k, entry: newer)
        #expect(try await cache.get(k) == newer)

        // Stored as one hash per user, field = the entry key.
        #expect(try await client.send("TYPE", "v1:sum:user-1").string == "hash")
        #expect(try await client.send("HLEN", "v1:sum:user-1").int == 1)
        #expect(try await client.send("HGET", "v1:sum:user-1", "spend|this_month|all").bytes == RedisSummaryCache.encode(newer))
        await client.close()
    }

    @Test func entriesOfTwoUsersStaySeparate() async throws {
        let server = try await RedisTestServer.start()
        defer { server.stop() }
        let client = makeClient(server)
        let cache = RedisSummaryCache(client: client, retention: 600)

        let a = CacheEntry(payload: Array("a".utf8), createdAt: 1_000, ttl: 60)
        let b = CacheEntry(payload: Array("b".utf8), createdAt: 2_000, ttl: 60)
        try await cache.set(key("a", "spend"), entry: a)
        try await cache.set(key("b", "spend"), entry: b)
        #expect(try await cache.get(key("a", "spend")) == a)
        #expect(try await cache.get(key("b", "spend")) == b)
        #expect(try await cache.get(key("c", "spend")) == nil)
        await client.close()
    }

    @Test func invalidateUserRemovesOnlyThatUsersEntries() async throws {
        let server = try await RedisTestServer.start()
        defer { server.stop() }
        let client = makeClient(server)
        let cache = RedisSummaryCache(client: client, retention: 600)

        let e = CacheEntry(payload: [1], createdAt: 1_000, ttl: 60)
        try await cache.set(key("a", "spend"), entry: e)
        try await cache.set(key("a", "fuel"), entry: e)
        try await cache.set(key("ab", "spend"), entry: e)  // a user whose id starts with "a"
        try await cache.set(key("b", "spend"), entry: e)

        try await cache.invalidate(user: "a")
        #expect(try await cache.get(key("a", "spend")) == nil)
        #expect(try await cache.get(key("a", "fuel")) == nil)
        #expect(try await client.send("EXISTS", "v1:sum:a").int == 0)
        #expect(try await cache.get(key("ab", "spend")) == e)
        #expect(try await cache.get(key("b", "spend")) == e)

        try await cache.invalidate(user: "nobody")  // nothing to delete: no error
        await client.close()
    }

    @Test func invalidateAllRemovesEverySummaryHashButLeavesUnrelatedKeys() async throws {
        let server = try await RedisTestServer.start()
        defer { server.stop() }
        let client = makeClient(server)
        let cache = RedisSummaryCache(client: client, retention: 600)

        // Far more hashes than one SCAN page (COUNT 1000) covers.
        let users = 2_500
        let e = CacheEntry(payload: [7], createdAt: 1_000, ttl: 60)
        for start in stride(from: 0, to: users, by: 250) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in start..<min(start + 250, users) {
                    group.addTask { try await cache.set(key("user-\(i)", "spend"), entry: e) }
                }
                try await group.waitForAll()
            }
        }
        let unrelated = ["other", "v1:summary", "v1:su", "v2:sum:user-1", "v1:lock:v1|1:a|spend", "x:v1:sum:a"]
        for name in unrelated { _ = try await client.send("SET", name, "keep") }
        #expect(try await client.send("DBSIZE").int == Int64(users + unrelated.count))

        _ = try await client.send("CONFIG", "RESETSTAT")
        try await cache.invalidateAll()

        #expect(try await client.send("DBSIZE").int == Int64(unrelated.count))
        for name in unrelated {
            #expect(try await client.send("GET", name).string == "keep", "\(name) was deleted")
        }
        #expect(try await cache.get(key("user-0", "spend")) == nil)
        #expect(try await cache.get(key("user-\(users - 1)", "spend")) == nil)
        let remaining = try await client.send("KEYS", "v1:sum:*").array
        #expect(remaining?.isEmpty == true)

        // It really walked several SCAN pages.
        let stats = try #require(try await client.send("INFO", "commandstats").string)
        let scans = stats.split(whereSeparator: \.isNewline).first { $0.hasPrefix("cmdstat_scan:") }
        let calls = scans.flatMap { line in
            line.split(separator: ",").first.flatMap { Int($0.split(separator: "=").last ?? "") }
        }
        #expect((calls ?? 0) > 1, "SCAN ran \(calls ?? 0) time(s): \(scans ?? "no cmdstat_scan")")

        // And on an empty database it is a no-op.
        try await cache.invalidateAll()
        #expect(try await client.send("DBSIZE").int == Int64(unrelated.count))
        await client.close()
    }

    @Test func hashGetsATTLOfAtMostRetention() async throws {
        let server = try await RedisTestServer.start()
        defer { server.stop() }
        let client = makeClient(server)
        let retention = 120
        let cache = RedisSummaryCache(client: client, retention: retention)

        try await cache.set(key("a", "spend"), entry: CacheEntry(payload: [1], createdAt: 1_000, ttl: 60))
        let ttl = try #require(try await client.send("TTL", "v1:sum:a").int)
        #expect(ttl > 0 && ttl <= Int64(retention), "TTL \(ttl)")

        // Every write pushes the expiry out again (the hash outlives its *last* write).
        _ = try await client.send("EXPIRE", "v1:sum:a", "5")
        try await cache.set(key("a", "fuel"), entry: CacheEntry(payload: [2], createdAt: 1_000, ttl: 60))
        let renewed = try #require(try await client.send("TTL", "v1:sum:a").int)
        #expect(renewed > 5 && renewed <= Int64(retention), "TTL \(renewed)")

        // A retention below one second is treated as one.
        #expect(RedisSummaryCache(client: client, retention: 0).retention == 1)
        await client.close()
    }

    // MARK: - RedisFlightLock against redis-server

    private func makeLock(_ client: RedisClient) -> RedisFlightLock {
        RedisFlightLock(client: client, breaker: CircuitBreaker(name: "redis-lock", failureThreshold: 3, openDuration: .seconds(5)))
    }

    @Test func acquireReturnsALeaseAndASecondAcquireWaitsForRelease() async throws {
        let server = try await RedisTestServer.start()
        defer { server.stop() }
        let client = makeClient(server)
        let lock = makeLock(client)
        let k = key("a", "spend")

        let lease = try #require(await lock.acquire(k, for: .seconds(5)))
        #expect(!lease.token.isEmpty)
        #expect(lease.key == k)
        #expect(try await client.send("GET", "v1:lock:\(k.flat)").string == lease.token)
        let pttl = try #require(try await client.send("PTTL", "v1:lock:\(k.flat)").int)
        #expect(pttl > 0 && pttl <= 5_000, "PTTL \(pttl)")

        #expect(await lock.acquire(k, for: .seconds(5)) == nil)
        #expect(await lock.acquire(k, for: .seconds(5)) == nil)
        // Other keys are independent.
        let other = try #require(await lock.acquire(key("a", "fuel"), for: .seconds(5)))
        #expect(!other.token.isEmpty)

        await lock.release(lease)
        #expect(try await client.send("EXISTS", "v1:lock:\(k.flat)").int == 0)
        let again = try #require(await lock.acquire(k, for: .seconds(5)))
        #expect(!again.token.isEmpty && again.token != lease.token)
        await client.close()
    }

    @Test func releaseByAStaleTokenDoesNotFreeAnotherOwnersLease() async throws {
        let server = try await RedisTestServer.start()
        defer { server.stop() }
        let client = makeClient(server)
        let lock = makeLock(client)
        let k = key("a", "spend")

        // First owner's lease runs out; a second owner takes the key.
        let stale = try #require(await lock.acquire(k, for: .milliseconds(100)))
        // The signal: Redis has let the first lease go.
        #expect(try await eventually { try await client.send("EXISTS", "v1:lock:\(k.flat)").int == 0 })
        let current = try #require(await lock.acquire(k, for: .seconds(5)))
        #expect(!current.token.isEmpty && current.token != stale.token)

        await lock.release(stale)  // late release by the first owner
        await lock.release(FlightLease(key: k, token: "forged"))
        #expect(try await client.send("GET", "v1:lock:\(k.flat)").string == current.token)
        #expect(await lock.acquire(k, for: .seconds(5)) == nil)

        await lock.release(current)
        #expect(await lock.acquire(k, for: .seconds(5)) != nil)
        await client.close()
    }

    @Test func leaseExpiresOnItsOwn() async throws {
        let server = try await RedisTestServer.start()
        defer { server.stop() }
        let client = makeClient(server)
        let lock = makeLock(client)
        let k = key("a", "spend")

        // A lease long enough that a busy CI machine does not see it lapse between two lines.
        let held = try #require(await lock.acquire(k, for: .milliseconds(1_500)))
        #expect(!held.token.isEmpty)
        let pttl = try #require(try await client.send("PTTL", "v1:lock:\(k.flat)").int)
        #expect(pttl > 0 && pttl <= 1_500, "PTTL \(pttl)")
        #expect(await lock.acquire(k, for: .seconds(5)) == nil)
        // Nobody releases it: Redis lets it go when its time is up.
        #expect(try await eventually { try await client.send("EXISTS", "v1:lock:\(k.flat)").int == 0 })
        let next = try #require(await lock.acquire(k, for: .seconds(5)))
        #expect(!next.token.isEmpty)
        await client.close()
    }

    @Test func withRedisKilledAcquireGoesAheadQuickly() async throws {
        let server = try await RedisTestServer.start()
        defer { server.stop() }
        let client = makeClient(server)
        let breaker = CircuitBreaker(name: "redis-lock", failureThreshold: 3, openDuration: .seconds(5))
        let lock = RedisFlightLock(client: client, breaker: breaker)
        let k = key("a", "spend")
        #expect(await lock.acquire(k, for: .seconds(5))?.token.isEmpty == false)  // connected

        server.stop()
        let clock = ContinuousClock()
        // Past the breaker's threshold too: refused calls also go ahead.
        for attempt in 0..<6 {
            let started = clock.now
            let lease = await lock.acquire(k, for: .seconds(5))
            let elapsed = clock.now - started
            #expect(lease != nil, "attempt \(attempt): no go-ahead")
            #expect(lease?.token == "", "attempt \(attempt)")
            #expect(lease?.key == k)
            #expect(elapsed < .seconds(3), "attempt \(attempt) took \(elapsed)")  // refused at once; busy-CI margin
            if let lease { await lock.release(lease) }  // a no-op, must not hang either
        }
        #expect(breaker.state == .open)
        await client.close()
    }
}
