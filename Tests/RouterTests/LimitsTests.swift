import Domain
import FakeAnthropic
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Resilience
import ResilienceTesting
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

    // MARK: - Leases of the shared GCRA

    static let logger = Logger(label: "limits-tests")

    static func leased(
        _ source: SharedGCRA, _ limits: RateLimits, breaker: CircuitBreaker? = nil, capacity: Int = 100_000
    ) -> LeasedRateLimiter {
        LeasedRateLimiter(source: source, limits: limits, breaker: breaker, capacity: capacity, time: source.time, logger: logger)
    }

    @Test func aLeaseIsAnEighthOfTheBurstFromOneTo32() {
        let sizes = [1, 10, 15, 16, 40, 200, 256, 1000].map { LeasedRateLimiter.batchSize(for: RateLimit(perSecond: 1, burst: $0)) }
        #expect(sizes == [1, 1, 1, 2, 5, 25, 32, 32])
        #expect(LeasedRateLimiter.batchSize(for: RateLimits().tier3) == 1)  // every tier 3 request asks the shared GCRA
        #expect(LeasedRateLimiter.batchSize(for: RateLimits().tier1) == 25)
        #expect(LeasedRateLimiter.batchSize(for: RateLimit(perSecond: 1, burst: 200), maxBatch: 4) == 4)
    }

    @Test func leasedCellsAreSpentInProcess() async {
        let gcra = SharedGCRA(time: ManualTime())
        let limiter = Self.leased(gcra, Self.limits(100, burst: 200))  // 25 cells a lease
        for _ in 0..<25 { #expect(await limiter.admit(user: "u1", tier: .summary) == .allowed) }
        #expect(gcra.trips == 1)
        #expect(limiter.unspentCells(user: "u1", tier: .summary) == 0)
        #expect(await limiter.admit(user: "u1", tier: .summary) == .allowed)
        #expect(gcra.trips == 2)
        #expect(limiter.unspentCells(user: "u1", tier: .summary) == 24)
        // Leases are per user and tier.
        #expect(await limiter.admit(user: "u2", tier: .summary) == .allowed)
        #expect(await limiter.admit(user: "u1", tier: .compute) == .allowed)
        #expect(gcra.trips == 4)
    }

    @Test func unspentCellsLapseAndAreNotCarriedOver() async {
        let time = ManualTime()
        let gcra = SharedGCRA(time: time)
        let limiter = Self.leased(gcra, Self.limits(100, burst: 200))
        #expect(await limiter.admit(user: "u1", tier: .summary) == .allowed)
        time.advance(by: .milliseconds(999))
        #expect(limiter.unspentCells(user: "u1", tier: .summary) == 24)
        time.advance(by: .milliseconds(1))
        #expect(limiter.unspentCells(user: "u1", tier: .summary) == 0)
        #expect(await limiter.admit(user: "u1", tier: .summary) == .allowed)
        #expect(gcra.trips == 2)
        #expect(limiter.unspentCells(user: "u1", tier: .summary) == 24)  // not 48
    }

    @Test func aRefusalIsHeldLocallyUntilACellFits() async {
        let time = ManualTime()
        let gcra = SharedGCRA(time: time)
        let limiter = Self.leased(gcra, Self.limits(0.1, burst: 8))  // one per 10 s after the burst; 1 cell a lease
        for _ in 0..<8 { #expect(await limiter.admit(user: "u1", tier: .ai) == .allowed) }
        #expect(gcra.trips == 8)
        #expect(await limiter.admit(user: "u1", tier: .ai) == .limited(retryAfterSeconds: 10))
        #expect(gcra.trips == 9)
        // A flood is refused without asking the shared GCRA again, with the time left.
        for _ in 0..<100 { #expect(await limiter.admit(user: "u1", tier: .ai) == .limited(retryAfterSeconds: 10)) }
        time.advance(by: .seconds(7.5))
        #expect(await limiter.admit(user: "u1", tier: .ai) == .limited(retryAfterSeconds: 3))
        #expect(gcra.trips == 9)
        time.advance(by: .seconds(2.5))
        #expect(await limiter.admit(user: "u1", tier: .ai) == .allowed)
        #expect(await limiter.admit(user: "u1", tier: .ai) == .limited(retryAfterSeconds: 10))
        #expect(gcra.trips == 11)
    }

    @Test func concurrentRequestsShareOneTrip() async {
        let gcra = SharedGCRA(time: ManualTime())
        gcra.closeGate()
        let limiter = Self.leased(gcra, Self.limits(100, burst: 200))  // 25 cells a lease
        let allowed = Task {
            await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<30 { group.addTask { await limiter.admit(user: "u1", tier: .summary) == .allowed } }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
        }
        #expect(await eventually { gcra.held == 1 })
        gcra.openGate()
        #expect(await allowed.value == 30)
        // 30 requests need two leases of 25, whether they waited for the first trip or came after it.
        #expect(gcra.trips == 2)
        #expect(limiter.trips == 2)
        #expect(limiter.unspentCells(user: "u1", tier: .summary) == 20)
    }

    @Test func whenTheSharedGCRAFailsTheInProcessLimitDecides() async {
        let time = ManualTime()
        let gcra = SharedGCRA(time: time)
        let breaker = CircuitBreaker(name: "cache", time: time)
        let limiter = Self.leased(gcra, Self.limits(0.01, burst: 40), breaker: breaker)  // 5 cells a lease
        #expect(await limiter.admit(user: "u1", tier: .summary) == .allowed)
        gcra.fail(true)
        // Cells already leased are spent first.
        for _ in 0..<4 { #expect(await limiter.admit(user: "u1", tier: .summary) == .allowed) }
        #expect(limiter.fallbacks == 0)
        // Then the in-process limiter, with the same figures: a burst of 40.
        for _ in 0..<40 { #expect(await limiter.admit(user: "u1", tier: .summary) == .allowed) }
        #expect(await limiter.admit(user: "u1", tier: .summary) != .allowed)
        #expect(limiter.fallbacks == 41)
        #expect(gcra.trips == 4)  // the lease, then three failures open the breaker
        #expect(breaker.state == .open)
        // Once the breaker lets a probe through and it succeeds, leases resume.
        gcra.fail(false)
        time.advance(by: .seconds(2))
        #expect(await limiter.admit(user: "u1", tier: .summary) == .allowed)
        #expect(breaker.state == .closed)
        #expect(limiter.unspentCells(user: "u1", tier: .summary) == 4)
    }

    /// N instances on one shared GCRA, driven by a seeded random mix of bursts, steady traffic and
    /// pauses (short ones that let the room come back while cells are still held, long ones that
    /// lapse them): in every window between two admissions,
    /// the instances together admit at most what one exact GCRA could (burst + window / interval)
    /// plus N × B.
    @Test func theExcessOverOneExactGCRAIsAtMostNTimesB() async {
        let time = ManualTime()
        let gcra = SharedGCRA(time: time)
        let limits = Self.limits(20, burst: 40)  // 5 cells a lease
        let limit = limits.tier1
        let batch = LeasedRateLimiter.batchSize(for: limit)
        let instances = (0..<3).map { _ in Self.leased(gcra, limits) }
        var random = SplitMix64(seed: 15)
        var admittedAt: [Int64] = []
        for _ in 0..<300 {
            // A pause: short, long enough for the room to come back while cells are still held, or
            // long enough for them to lapse. Then a flood of up to 80 requests, a few ms apart.
            switch random.next() % 3 {
            case 0: time.advance(by: .microseconds(Int64(random.next() % 60_000)))
            case 1: time.advance(by: .milliseconds(250 + Int64(random.next() % 700)))
            default: time.advance(by: .milliseconds(1000 + Int64(random.next() % 2000)))
            }
            for _ in 0..<(1 + random.next() % 80) {
                time.advance(by: .microseconds(Int64(random.next() % 3000)))
                let instance = instances[Int(random.next() % UInt64(instances.count))]
                if await instance.admit(user: "u1", tier: .summary) == .allowed { admittedAt.append(gcra.nowMicros) }
            }
        }
        var worstExcess = Int.min
        for i in admittedAt.indices {
            for j in i..<admittedAt.count {
                let exact = limit.burst + Int((admittedAt[j] - admittedAt[i]) / limit.intervalMicros)
                worstExcess = max(worstExcess, j - i + 1 - exact)
            }
        }
        #expect(admittedAt.count > 1000)
        #expect(worstExcess <= instances.count * batch, "admitted \(worstExcess) more than an exact GCRA in some window")
    }

    @Test func leaseMemoryStaysBounded() async {
        let time = ManualTime()
        let gcra = SharedGCRA(time: time)
        let limiter = Self.leased(gcra, Self.limits(0.01, burst: 40), capacity: 1000)
        while await limiter.admit(user: "flooder", tier: .summary) == .allowed {}
        for n in 0..<5000 {
            _ = await limiter.admit(user: "u\(n)", tier: .summary)
            if n % 10 == 0 { time.advance(by: .milliseconds(5)) }
        }
        #expect(limiter.count <= 1000)
        // Forgetting an entry never admits more: the flooder's refusal comes back from the shared GCRA.
        #expect(await limiter.admit(user: "flooder", tier: .summary) != .allowed)
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

/// A seeded generator (SplitMix64), so that a simulated schedule is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
