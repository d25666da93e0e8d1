import Domain
import Foundation
import RedisDriver
import Resilience
import ResilienceTesting
import Testing
import Tier1Cache

@testable import Router

/// Rate limits shared through Redis: GCRA in one Lua script, so requests arriving at any number of
/// instances together get no more than the limit; without Redis each instance limits on its own.
@Suite struct RateLimitIntegrationTests {
    static func limits(perSecond: Double, burst: Int) -> RateLimits {
        var limits = RateLimits.off
        limits.tier1 = RateLimit(perSecond: perSecond, burst: burst)
        limits.tier3 = RateLimit(perSecond: perSecond, burst: burst)
        return limits
    }

    @Test func twoInstancesShareOneLimit() async throws {
        let url = try IntegrationEnvironment.redisURL()
        let a = RedisClient(configuration: try RedisConfiguration(url: url), logger: IntegrationEnvironment.logger)
        let b = RedisClient(configuration: try RedisConfiguration(url: url), logger: IntegrationEnvironment.logger)
        let limits = Self.limits(perSecond: 0.01, burst: 20)  // 20 at once, then one per 100 s
        let limiters = [
            RedisRateLimiter(client: a, limits: limits, logger: IntegrationEnvironment.logger),
            RedisRateLimiter(client: b, limits: limits, logger: IntegrationEnvironment.logger),
        ]
        let user = "rl-\(UUID().uuidString)"  // a user of its own, so reruns start from zero
        let decisions = await withTaskGroup(of: RateDecision.self) { group in
            for n in 0..<200 { group.addTask { await limiters[n % 2].admit(user: user, tier: .summary) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(decisions.filter { $0 == .allowed }.count == 20)
        for decision in decisions where decision != .allowed {
            guard case .limited(let seconds) = decision else { continue }
            #expect(seconds >= 1 && seconds <= 100)
        }
        // The tier 3 allowance of the same user is untouched; another user starts with a full burst.
        #expect(await limiters[0].admit(user: user, tier: .ai) == .allowed)
        #expect(await limiters[1].admit(user: user + "-other", tier: .summary) == .allowed)
        // The key expires once its arrival time has passed: Redis keeps nothing for idle users.
        let ttl = try await a.send("PTTL", RedisRateLimiter.key(user: user, tier: .summary))
        guard case .integer(let ms) = ttl else {
            Issue.record("PTTL gave \(ttl)")
            return
        }
        #expect(ms > 0 && ms <= 2_001_000 + 1000)
        await a.close()
        await b.close()
    }

    @Test func theAllowanceComesBackAtTheSustainedRate() async throws {
        let url = try IntegrationEnvironment.redisURL()
        let client = RedisClient(configuration: try RedisConfiguration(url: url), logger: IntegrationEnvironment.logger)
        let limiter = RedisRateLimiter(client: client, limits: Self.limits(perSecond: 1, burst: 1), logger: IntegrationEnvironment.logger)
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
        let limiter = RedisRateLimiter(client: client, limits: Self.limits(perSecond: 0.01, burst: 5), breaker: breaker, logger: IntegrationEnvironment.logger)
        let clock = ContinuousClock()
        let start = clock.now
        var decisions: [RateDecision] = []
        for _ in 0..<8 { decisions.append(await limiter.admit(user: "u1", tier: .summary)) }
        #expect(decisions.filter { $0 == .allowed }.count == 5)
        #expect(clock.now - start < .seconds(10))  // never waits on a dead server (a bound, not a speed goal)
        #expect(breaker.state != .closed)
        await client.close()
    }
}
