import Domain
import Foundation
import RedisDriver
import Resilience
import ResilienceTesting
import Testing
import Tier1Cache

@testable import Router

/// Rate limits shared through Redis: GCRA leases (one Lua script hands out cells in batches, each
/// instance spends them in process), so requests arriving at any number of instances together get
/// at most the limit plus one batch per instance; without Redis each instance limits on its own.
@Suite struct RateLimitIntegrationTests {
    static func limits(perSecond: Double, burst: Int) -> RateLimits {
        var limits = RateLimits.off
        limits.tier1 = RateLimit(perSecond: perSecond, burst: burst)
        limits.tier3 = RateLimit(perSecond: perSecond, burst: burst)
        return limits
    }

    /// An instance's limiter on `client`. The deadline is 5 s rather than 250 ms: on a loaded
    /// machine a trip may miss 250 ms, and its requests are then decided in process, which is the
    /// outage path (tested on its own), not the shared limit these tests count. Tests that count
    /// trips or cells pass a long lease lifetime, so a slow run does not lapse cells they count.
    static func limiter(
        _ client: RedisClient, _ limits: RateLimits, leaseLifetime: Duration = .seconds(1), breaker: CircuitBreaker? = nil,
        deadline: Duration = .seconds(5)
    ) -> LeasedRateLimiter {
        LeasedRateLimiter(
            source: RedisRateLeases(client: client), limits: limits, breaker: breaker, leaseLifetime: leaseLifetime, deadline: deadline,
            logger: IntegrationEnvironment.logger
        )
    }

    /// Concurrent requests of one user, spread evenly over the limiters.
    static func burst(_ count: Int, of user: String, tier: Tier = .summary, over limiters: [LeasedRateLimiter]) async -> [RateDecision] {
        await withTaskGroup(of: RateDecision.self) { group in
            for n in 0..<count { group.addTask { await limiters[n % limiters.count].admit(user: user, tier: tier) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
    }

    /// Calls of `command` that Redis has counted (`INFO commandstats`), failed ones included.
    static func calls(_ command: String, on client: RedisClient) async throws -> Int {
        let info = try await client.send("INFO", "commandstats").string ?? ""
        for line in info.split(whereSeparator: \.isNewline) where line.hasPrefix("cmdstat_\(command):") {
            for field in line.dropFirst("cmdstat_\(command):".count).split(separator: ",") where field.hasPrefix("calls=") {
                return Int(field.dropFirst("calls=".count)) ?? 0
            }
        }
        return 0
    }

    @Test func twoInstancesShareOneLimit() async throws {
        let url = try IntegrationEnvironment.redisURL()
        let a = RedisClient(configuration: try RedisConfiguration(url: url), logger: IntegrationEnvironment.logger)
        let b = RedisClient(configuration: try RedisConfiguration(url: url), logger: IntegrationEnvironment.logger)
        let limits = Self.limits(perSecond: 0.01, burst: 20)  // 20 at once, then one per 100 s; 2 cells a lease
        let limiters = [a, b].map { Self.limiter($0, limits, leaseLifetime: .seconds(600)) }
        let user = "rl-\(UUID().uuidString)"  // a user of its own, so reruns start from zero
        let decisions = await Self.burst(200, of: user, over: limiters)
        // Every cell the shared GCRA granted was spent or is still held (an instance may hold at
        // most one lease's worth, B - 1 = 1, leased for a request another one had served).
        let admitted = decisions.filter { $0 == .allowed }.count
        let held = limiters.map { $0.unspentCells(user: user, tier: .summary) }
        #expect(admitted + held.reduce(0, +) == 20)
        #expect(held.allSatisfy { $0 <= 1 })
        for decision in decisions where decision != .allowed {
            guard case .limited(let seconds) = decision else { continue }
            #expect(seconds >= 1 && seconds <= 100)
        }
        #expect(limiters.allSatisfy { $0.fallbacks == 0 })
        // The tier 3 allowance of the same user is untouched; another user starts with a full burst.
        #expect(await limiters[0].admit(user: user, tier: .ai) == .allowed)
        #expect(await limiters[1].admit(user: user + "-other", tier: .summary) == .allowed)
        // The key expires once its arrival time has passed: Redis keeps nothing for idle users.
        let ttl = try await a.send("PTTL", RedisRateLeases.key(user: user, tier: .summary))
        guard case .integer(let ms) = ttl else {
            Issue.record("PTTL gave \(ttl)")
            return
        }
        #expect(ms > 0 && ms <= 2_001_000 + 1000)
        await a.close()
        await b.close()
    }

    /// What one flooding client of one instance saw.
    struct Flood {
        var admitted = 0
        var refused = 0
        var firstStart: ContinuousClock.Instant?
        var lastRefusal: ContinuousClock.Instant?
        var longestCall: Duration = .zero
        var longestPause: Duration = .zero
    }

    /// Requests as fast as they are answered (1 ms after a refusal) until `stopAt`, then on until
    /// one is refused: at that moment the instance holds no cell and the shared GCRA fits none.
    static func flood(_ limiter: LeasedRateLimiter, user: String, until stopAt: ContinuousClock.Instant) async -> Flood {
        let clock = ContinuousClock()
        var flood = Flood()
        var previousEnd: ContinuousClock.Instant?
        while true {
            let start = clock.now
            if let previousEnd { flood.longestPause = max(flood.longestPause, start - previousEnd) }
            if flood.firstStart == nil { flood.firstStart = start }
            let decision = await limiter.admit(user: user, tier: .summary)
            let end = clock.now
            flood.longestCall = max(flood.longestCall, end - start)
            previousEnd = end
            if decision == .allowed {
                flood.admitted += 1
                await Task.yield()
                continue
            }
            flood.refused += 1
            flood.lastRefusal = end
            if end >= stopAt { return flood }
            try? await Task.sleep(for: .milliseconds(1))
        }
    }

    /// Two instances flood one user for 3 s; the number admitted is compared with what one exact
    /// GCRA would admit over the measured time: burst + rate × elapsed, give or take N × B.
    ///
    /// Elapsed runs from the first request's start to the last refusal. Over it the shared GCRA
    /// grants at most burst + rate × elapsed (the user is new), and no cell is held at the end (each
    /// client stops only when refused, which needs its instance to hold none), so the upper bound
    /// holds with N × B to spare. The lower bound's slack: against an exact GCRA fed the same
    /// continuous flood, cells go missing only (1) before the first grant, at most the first call,
    /// (2) at the end, the room that accrued during the round trip that produced the last refusal,
    /// at most 1 cell + rate × one call, and (3) rounding, 1 cell; a cell lapses only if an
    /// instance's requests pause for a whole lease lifetime, and room is lost only if they all
    /// pause for burst / rate = 2 s, either of which shows as a long pause. So slack = 2 + rate ×
    /// (2 × the longest call + the longest pause), measured: a few cells when the machine is calm,
    /// more when it stalls, so that load cannot fail the test but a limiter that loses cells can.
    @Test func twoInstancesFloodingOneUserStayWithinTheBound() async throws {
        let url = try IntegrationEnvironment.redisURL()
        let clients = try (0..<2).map { _ in
            RedisClient(configuration: try RedisConfiguration(url: url), logger: IntegrationEnvironment.logger)
        }
        let limits = Self.limits(perSecond: 20, burst: 40)
        let limit = limits.tier1
        let batch = LeasedRateLimiter.batchSize(for: limit)
        #expect(batch == 5)
        // Connections open and the script cached before the clock starts.
        _ = try await clients[0].send("SCRIPT", "LOAD", RedisRateLeases.script)
        _ = try await clients[1].send("PING")
        let limiters = clients.map { Self.limiter($0, limits) }
        let user = "rl-flood-\(UUID().uuidString)"
        let clock = ContinuousClock()
        let stopAt = clock.now + .seconds(3)
        let floods = await withTaskGroup(of: Flood.self) { group in
            for n in 0..<8 { group.addTask { await Self.flood(limiters[n % 2], user: user, until: stopAt) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        guard let start = floods.compactMap(\.firstStart).min(), let end = floods.compactMap(\.lastRefusal).max() else {
            Issue.record("no flood ran")
            return
        }
        let elapsed = Self.seconds(end - start)
        let admitted = floods.map(\.admitted).reduce(0, +)
        let refused = floods.map(\.refused).reduce(0, +)
        let longestCall = Self.seconds(floods.map(\.longestCall).max() ?? .zero)
        let longestPause = Self.seconds(floods.map(\.longestPause).max() ?? .zero)
        let exact = Double(limit.burst) + limit.perSecond * elapsed
        let excess = Double(limiters.count * batch)
        let slack = 2 + limit.perSecond * (2 * longestCall + longestPause)
        let trips = limiters.map(\.trips).reduce(0, +)
        print(
            "rate limit flood: admitted \(admitted) in \(elapsed) s (exact GCRA \(exact),"
                + " bounds \(exact - excess - slack)...\(exact + excess)); refused \(refused);"
                + " \(trips) trips to Redis = \(1000 * trips / max(1, admitted)) per 1,000 admitted"
                + " (\(1000 * trips / max(1, admitted + refused)) per 1,000 requests);"
                + " longest call \(longestCall) s, pause \(longestPause) s"
        )
        #expect(Double(admitted) <= exact + excess)
        #expect(Double(admitted) >= exact - excess - slack)
        #expect(limiters.allSatisfy { $0.fallbacks == 0 })
        // Refusals are local: a trip either grants cells (at most one trip per admission) or
        // refuses until the next cell fits, and the next one fits only after another was granted,
        // so an instance makes at most one refused trip per interval. Before leases every request
        // was a trip.
        #expect(Double(trips) <= Double(admitted) + Double(limiters.count) * (limit.perSecond * elapsed + 1))
        for client in clients { await client.close() }
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Tier 3 (burst 10, one cell a lease): concurrent requests across two instances get exactly
    /// the burst, plus what the sustained rate (one a second) adds while they run.
    @Test func tier3GetsExactlyItsBurstAcrossInstances() async throws {
        let url = try IntegrationEnvironment.redisURL()
        let a = RedisClient(configuration: try RedisConfiguration(url: url), logger: IntegrationEnvironment.logger)
        let b = RedisClient(configuration: try RedisConfiguration(url: url), logger: IntegrationEnvironment.logger)
        let limits = RateLimits()
        #expect(LeasedRateLimiter.batchSize(for: limits.tier3) == 1)
        let limiters = [a, b].map { Self.limiter($0, limits) }
        let user = "rl-t3-\(UUID().uuidString)"
        let clock = ContinuousClock()
        let start = clock.now
        let decisions = await Self.burst(200, of: user, tier: .ai, over: limiters)
        let elapsed = Self.seconds(clock.now - start)
        let admitted = decisions.filter { $0 == .allowed }.count
        #expect(admitted >= 10)
        #expect(admitted <= 10 + Int(elapsed * limits.tier3.perSecond))  // exactly 10 when it took under a second
        #expect(limiters.allSatisfy { $0.unspentCells(user: user, tier: .ai) == 0 })
        #expect(limiters.allSatisfy { $0.fallbacks == 0 })
        await a.close()
        await b.close()
    }

    @Test func theAllowanceComesBackAtTheSustainedRate() async throws {
        let url = try IntegrationEnvironment.redisURL()
        let client = RedisClient(configuration: try RedisConfiguration(url: url), logger: IntegrationEnvironment.logger)
        let limiter = Self.limiter(client, Self.limits(perSecond: 1, burst: 1))
        let user = "rl-\(UUID().uuidString)"
        // Redis's clock decides, so the local clock only says when a check is sound: the time from
        // the start of one call to the end of the next bounds what Redis saw between them. A
        // machine too busy to make two calls within the interval skips that check, never fails it.
        let clock = ContinuousClock()
        var start = clock.now
        #expect(await limiter.admit(user: user, tier: .summary) == .allowed)
        var second = await limiter.admit(user: user, tier: .summary)
        if clock.now - start < .seconds(1) { #expect(second == .limited(retryAfterSeconds: 1)) }
        // One interval later one more request is admitted, and only one: the burst is 1.
        #expect(await eventually {
            start = clock.now
            return await limiter.admit(user: user, tier: .summary) == .allowed
        })
        second = await limiter.admit(user: user, tier: .summary)
        if clock.now - start < .seconds(1) { #expect(second != .allowed) }
        await client.close()
    }

    @Test func withoutRedisEachInstanceStillLimits() async throws {
        // Nothing listens on this port: every call fails fast and the in-process limiter decides.
        let client = RedisClient(configuration: RedisConfiguration(host: "127.0.0.1", port: 1), logger: IntegrationEnvironment.logger)
        let breaker = CircuitBreaker(name: "cache")
        let limiter = Self.limiter(client, Self.limits(perSecond: 0.01, burst: 5), breaker: breaker, deadline: .milliseconds(250))
        let clock = ContinuousClock()
        let start = clock.now
        var decisions: [RateDecision] = []
        for _ in 0..<8 { decisions.append(await limiter.admit(user: "u1", tier: .summary)) }
        #expect(decisions.filter { $0 == .allowed }.count == 5)
        #expect(clock.now - start < .seconds(10))  // never waits on a dead server (a bound, not a speed goal)
        #expect(breaker.state != .closed)
        await client.close()
    }

    // MARK: - On a Redis of the test's own (commands counted, killed)

    /// The script's replies, its SHA1, and a script cache Redis lost (restart, SCRIPT FLUSH): the
    /// text is sent once with EVAL and EVALSHA works again.
    @Test func theLeaseScriptGrantsWhatFitsBySHA() async throws {
        let redis = try OwnRedis()
        let client = RedisClient(configuration: try RedisConfiguration(url: redis.url), logger: IntegrationEnvironment.logger)
        let leases = RedisRateLeases(client: client)
        let limit = RateLimit(perSecond: 0.01, burst: 40)  // one per 100 s after the burst
        #expect(try await leases.lease(user: "u1", tier: .summary, limit: limit, cells: 25) == .cells(25))  // Redis had no script
        #expect(try await Self.calls("evalsha", on: client) == 1)
        #expect(try await Self.calls("eval", on: client) == 1)
        #expect(try await leases.lease(user: "u1", tier: .summary, limit: limit, cells: 25) == .cells(15))
        #expect(try await Self.calls("evalsha", on: client) == 2)
        #expect(try await Self.calls("eval", on: client) == 1)
        _ = try await client.send("SCRIPT", "FLUSH")
        guard case .wait(let micros) = try await leases.lease(user: "u1", tier: .summary, limit: limit, cells: 25) else {
            Issue.record("a lease past the burst was granted")
            return
        }
        #expect(micros > 0 && micros <= 100_000_000)
        #expect(try await Self.calls("eval", on: client) == 2)
        #expect(try await client.send("SCRIPT", "LOAD", RedisRateLeases.script).string == RedisRateLeases.scriptSHA1)
        // Another tier of the same user has its own allowance.
        #expect(try await leases.lease(user: "u1", tier: .ai, limit: limit, cells: 1) == .cells(1))
        await client.close()
    }

    /// Under the limit, tier 1's defaults (burst 200, 25 cells a lease): one Redis command per 25
    /// requests instead of one per request. Counted by Redis itself.
    @Test func underTheLimitOneTripServesABatch() async throws {
        let redis = try OwnRedis()
        let clients = try (0..<2).map { _ in
            RedisClient(configuration: try RedisConfiguration(url: redis.url), logger: IntegrationEnvironment.logger)
        }
        _ = try await clients[0].send("SCRIPT", "LOAD", RedisRateLeases.script)
        let limiters = clients.map { Self.limiter($0, RateLimits(), leaseLifetime: .seconds(600)) }
        let before = try await Self.calls("evalsha", on: clients[0])
        let decisions = await Self.burst(180, of: "u1", over: limiters)  // 90 each, under the burst
        #expect(decisions.allSatisfy { $0 == .allowed })
        let commands = try await Self.calls("evalsha", on: clients[0]) - before
        #expect(commands == 8)  // 4 leases of 25 for each instance's 90
        #expect(limiters.map(\.trips) == [4, 4])
        #expect(try await Self.calls("eval", on: clients[0]) == 0)
        print("rate limit under the limit: \(commands) Redis commands for 180 admitted = \(1000 * commands / 180) per 1,000 (was 1,000)")
        for client in clients { await client.close() }
    }

    /// Once the shared GCRA has said "wait", both instances refuse locally until then: a flood
    /// costs Redis nothing, and each refusal carries the time left.
    @Test func refusalsComeFromTheLocalBlockWithoutRedis() async throws {
        let redis = try OwnRedis()
        let clients = try (0..<2).map { _ in
            RedisClient(configuration: try RedisConfiguration(url: redis.url), logger: IntegrationEnvironment.logger)
        }
        let limiters = clients.map { Self.limiter($0, Self.limits(perSecond: 0.01, burst: 40), leaseLifetime: .seconds(600)) }
        let first = await Self.burst(200, of: "u1", over: limiters)
        // Each instance was refused, so each holds no cell: every cell granted was spent.
        #expect(first.filter { $0 == .allowed }.count == 40)
        let trips = limiters.map(\.trips)
        let commands = try await Self.calls("evalsha", on: clients[0]) + Self.calls("eval", on: clients[0])
        let flood = await Self.burst(2000, of: "u1", over: limiters)
        #expect(flood.allSatisfy { decision in
            guard case .limited(let seconds) = decision else { return false }
            return seconds >= 1 && seconds <= 100
        })
        #expect(limiters.map(\.trips) == trips)
        #expect(try await Self.calls("evalsha", on: clients[0]) + Self.calls("eval", on: clients[0]) == commands)
        #expect(limiters.allSatisfy { $0.fallbacks == 0 })
        for client in clients { await client.close() }
    }

    /// Redis dies: cells already leased are spent, then the in-process limiter decides with the
    /// same figures (a burst of 40 here), and the breaker stops the trips.
    @Test func anOutageSpendsLeasedCellsThenLimitsInProcess() async throws {
        let redis = try OwnRedis()
        let client = RedisClient(configuration: try RedisConfiguration(url: redis.url), logger: IntegrationEnvironment.logger)
        let breaker = CircuitBreaker(name: "cache")
        let limiter = Self.limiter(client, Self.limits(perSecond: 0.01, burst: 40), leaseLifetime: .seconds(600), breaker: breaker)
        #expect(await limiter.admit(user: "u1", tier: .summary) == .allowed)  // a lease of 5
        redis.kill()
        for _ in 0..<4 { #expect(await limiter.admit(user: "u1", tier: .summary) == .allowed) }
        #expect(limiter.fallbacks == 0)
        var decisions: [RateDecision] = []
        for _ in 0..<41 { decisions.append(await limiter.admit(user: "u1", tier: .summary)) }
        #expect(decisions.prefix(40).allSatisfy { $0 == .allowed })
        #expect(decisions.last != .allowed)
        #expect(limiter.fallbacks == 41)
        #expect(breaker.state != .closed)
        await client.close()
    }
}
