import Domain
import FakeAnthropic
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing
import Tier1Cache
import Tier3AI

@testable import Router

/// Per-user rate limits per tier (GCRA), and the separation of tiers 1 and 2 from the AI budget.
@Suite struct LimitsTests {
    /// A clock the test moves by hand, in microseconds.
    final class ManualClock: Sendable {
        let micros = Atomic<Int64>(1_000_000)
        func advance(seconds: Double) { micros.wrappingAdd(Int64(seconds * 1_000_000), ordering: .relaxed) }
        var now: @Sendable () -> Int64 { { self.micros.load(ordering: .relaxed) } }
    }

    static func limits(_ perSecond: Double, burst: Int) -> RateLimits {
        var limits = RateLimits.off
        limits.tier1 = RateLimit(perSecond: perSecond, burst: burst)
        limits.tier2 = RateLimit(perSecond: perSecond, burst: burst)
        limits.tier3 = RateLimit(perSecond: perSecond, burst: burst)
        return limits
    }

    @Test func aBurstThenTheSustainedRate() {
        let clock = ManualClock()
        let limiter = InProcessRateLimiter(limits: Self.limits(2, burst: 3), now: clock.now)
        for _ in 0..<3 { #expect(limiter.admit(user: "u1", tier: .summary) == .allowed) }
        // The fourth waits one interval (0.5 s), rounded up to whole seconds for Retry-After.
        #expect(limiter.admit(user: "u1", tier: .summary) == .limited(retryAfterSeconds: 1))
        clock.advance(seconds: 0.4)
        #expect(limiter.admit(user: "u1", tier: .summary) != .allowed)
        clock.advance(seconds: 0.1)
        #expect(limiter.admit(user: "u1", tier: .summary) == .allowed)
        #expect(limiter.admit(user: "u1", tier: .summary) != .allowed)
        // After a quiet period the whole burst is back, and no more.
        clock.advance(seconds: 10)
        for _ in 0..<3 { #expect(limiter.admit(user: "u1", tier: .summary) == .allowed) }
        #expect(limiter.admit(user: "u1", tier: .summary) != .allowed)
    }

    @Test func retryAfterCoversTheWholeWait() {
        let clock = ManualClock()
        let limiter = InProcessRateLimiter(limits: Self.limits(0.1, burst: 1), now: clock.now)  // one per 10 s
        #expect(limiter.admit(user: "u1", tier: .ai) == .allowed)
        #expect(limiter.admit(user: "u1", tier: .ai) == .limited(retryAfterSeconds: 10))
        clock.advance(seconds: 7.5)
        #expect(limiter.admit(user: "u1", tier: .ai) == .limited(retryAfterSeconds: 3))
        clock.advance(seconds: 2.5)
        #expect(limiter.admit(user: "u1", tier: .ai) == .allowed)
    }

    @Test func usersAndTiersHaveTheirOwnAllowance() {
        let clock = ManualClock()
        let limiter = InProcessRateLimiter(limits: Self.limits(1, burst: 2), now: clock.now)
        for _ in 0..<2 { #expect(limiter.admit(user: "u1", tier: .summary) == .allowed) }
        #expect(limiter.admit(user: "u1", tier: .summary) != .allowed)
        #expect(limiter.admit(user: "u2", tier: .summary) == .allowed)
        #expect(limiter.admit(user: "u1", tier: .compute) == .allowed)
        #expect(limiter.admit(user: "u1", tier: .ai) == .allowed)
        // A user id that looks like another key's suffix is still its own user.
        #expect(limiter.admit(user: "u1:t2", tier: .summary) == .allowed)
    }

    @Test func anUnlimitedTierIsNeverRefused() {
        var limits = Self.limits(1, burst: 1)
        limits.tier2.perSecond = 0
        let limiter = InProcessRateLimiter(limits: limits, now: ManualClock().now)
        for _ in 0..<1000 { #expect(limiter.admit(user: "u1", tier: .compute) == .allowed) }
        #expect(limiter.admit(user: "u1", tier: .summary) == .allowed)
        #expect(limiter.admit(user: "u1", tier: .summary) != .allowed)
    }

    @Test func concurrentRequestsGetExactlyTheBurst() async {
        let limiter = InProcessRateLimiter(limits: Self.limits(0.001, burst: 25))
        let allowed = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<400 { group.addTask { limiter.admit(user: "u1", tier: .summary) == .allowed } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(allowed == 25)
    }

    @Test func memoryStaysBounded() {
        let clock = ManualClock()
        let limiter = InProcessRateLimiter(limits: Self.limits(10, burst: 5), capacity: 1000, now: clock.now)
        for n in 0..<50_000 {
            _ = limiter.admit(user: "u\(n)", tier: .summary)
            if n % 100 == 0 { clock.advance(seconds: 0.05) }
        }
        #expect(limiter.count <= 1000)
        // Users seen recently keep their state: a fresh burst of an active user is still limited.
        for _ in 0..<5 { _ = limiter.admit(user: "active", tier: .summary) }
        #expect(limiter.admit(user: "active", tier: .summary) != .allowed)
    }

    @Test func configurationFromTheEnvironment() throws {
        let c = try RouterConfiguration.fromEnvironment([
            "ROUTER_RATE_T1_PER_S": "5", "ROUTER_RATE_T1_BURST": "7", "ROUTER_RATE_T3_PER_S": "0",
        ])
        #expect(c.rateLimits.tier1 == RateLimit(perSecond: 5, burst: 7))
        #expect(c.rateLimits.tier2 == RateLimits().tier2)
        #expect(!c.rateLimits.tier3.isEnabled)
        #expect(throws: ConfigurationError.self) { try RouterConfiguration.fromEnvironment(["ROUTER_RATE_T2_PER_S": "-1"]) }
        #expect(throws: ConfigurationError.self) { try RouterConfiguration.fromEnvironment(["ROUTER_RATE_T2_BURST": "0"]) }
        #expect(throws: ConfigurationError.self) { try RouterConfiguration.fromEnvironment(["ROUTER_RATE_T1_PER_S": "fast"]) }
    }

    // MARK: - Over HTTP

    static func withLimitedRouter(
        _ limits: RateLimits, _ body: @Sendable (_ client: any TestClientProtocol) async throws -> Void
    ) async throws {
        let services = try await TestEnvironment.services.value.with(rateLimits: limits)
        let app = Application(router: RouterApplication.router(services: services, configuration: RouterConfiguration()))
        try await app.test(.router) { client in try await body(client) }
    }

    static func get(_ client: any TestClientProtocol, _ uri: String, user: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: TestEnvironment.headers(try await TestEnvironment.token(user), json: false))
    }

    static func post(_ client: any TestClientProtocol, _ uri: String, _ body: String, user: String) async throws -> TestResponse {
        try await client.execute(
            uri: uri, method: .post, headers: TestEnvironment.headers(try await TestEnvironment.token(user)), body: ByteBuffer(string: body)
        )
    }

    @Test func overTheLimitIs429WithRetryAfterAndAProblem() async throws {
        var limits = RateLimits.off
        limits.tier1 = RateLimit(perSecond: 0.05, burst: 3)  // one per 20 s after the burst
        try await Self.withLimitedRouter(limits) { client in
            let uri = "/v1/summaries/spend?period=this_month&as_of=2026-11-21"
            for _ in 0..<3 { #expect(try await Self.get(client, uri, user: "u001").status == .ok) }
            let refused = try await Self.get(client, uri, user: "u001")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.contentType] == "application/problem+json")
            let retry = Int(refused.headers[.retryAfter] ?? "") ?? 0
            #expect(retry >= 1 && retry <= 20)
            let problem = TestEnvironment.json(refused.body)
            #expect(problem["type"] as? String == "/problems/rate-limited")
            #expect(problem["status"] as? Int == 429)
            #expect(problem["retry_after"] as? Int == retry)
            // The same tier through /v1/query shares the limit; classification does too.
            let viaQuery = try await Self.post(client, "/v1/query", #"{"query":"how much did I spend on gas this month?"}"#, user: "u001")
            #expect(viaQuery.status == .tooManyRequests)
            #expect(try await Self.post(client, "/v1/classify", #"{"query":"gas this month"}"#, user: "u001").status == .tooManyRequests)
            // Another user is not affected, nor is another tier of the same user.
            #expect(try await Self.get(client, uri, user: "u002").status == .ok)
            #expect(try await Self.get(client, "/v1/compute/fuel_cost?distance=350&mpg=10", user: "u001").status == .ok)
            // Every question counts against tier 1 as it arrives (from its headers, before its body
            // is read), so a user whose tier 1 allowance is spent cannot ask tier 2 through /v1/query.
            let tier2 = try await Self.post(client, "/v1/query", #"{"query":"fuel cost for 350 miles at 10 mpg"}"#, user: "u001")
            #expect(tier2.status == .tooManyRequests)
        }
    }

    @Test func tier2RequestsCountOnlyAgainstTier2() async throws {
        var limits = RateLimits.off
        limits.tier2 = RateLimit(perSecond: 0.05, burst: 2)
        try await Self.withLimitedRouter(limits) { (client: any TestClientProtocol) async throws in
            let compute = "/v1/compute/convert?value=10&from_unit=gal&to_unit=l"
            #expect(try await Self.get(client, compute, user: "u003").status == .ok)
            #expect(try await Self.post(client, "/v1/query", #"{"query":"convert 5 miles to km"}"#, user: "u003").status == .ok)
            #expect(try await Self.get(client, compute, user: "u003").status == .tooManyRequests)
            #expect(try await Self.get(client, "/v1/summaries/recent_expenses?limit=3", user: "u003").status == .ok)
        }
    }

    @Test func tiersOneAndTwoNeverTouchTheAIBudget() async throws {
        // The user's budget is spent for the day: real spending at the limit.
        let budget = InProcessSpendingBudget(limits: BudgetLimits(perUser: 0.01, global: 100))
        guard case .reserved(let hold) = await budget.reserve(user: "u001", micros: 1, day: Day.todayUTC()) else {
            Issue.record("expected room for a hold")
            return
        }
        await budget.settle(hold, actualMicros: 10_000)
        let spent = await budget.standing(user: "u001", day: Day.todayUTC())
        try await AITierTests.withRouter(budget: budget) { client, fake in
            let refused = try await AITierTests.query(client, AITierTests.overBudget)
            #expect(refused.status == .tooManyRequests)
            #expect(TestEnvironment.json(refused.body)["type"] as? String == "/problems/ai-budget-exceeded")
            let retry = Int(refused.headers[.retryAfter] ?? "") ?? 0
            #expect(retry >= 1 && retry <= 86_400)
            for text in ["How much did I spend on gas this month?", "fuel cost for 350 miles at 10 mpg"] {
                #expect(try await AITierTests.query(client, text).status == .ok)
            }
            #expect(try await Self.get(client, "/v1/summaries/budget_status?as_of=2026-11-21", user: "u001").status == .ok)
            #expect(try await Self.get(client, "/v1/compute/drive_time?distance=300", user: "u001").status == .ok)
            #expect(await budget.standing(user: "u001", day: Day.todayUTC()) == spent)
            #expect(await fake.state.requests().isEmpty)
        }
    }
}
