import AsyncHTTPClient
import Domain
import FakeAnthropic
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import PostgresNIO
import RedisDriver
import ResilienceTesting
import Synchronization
import Testing
import Tier1Cache
import Tier3AI

@testable import Router

/// The AI budget shared through Redis: holds from many tasks (as from many instances) are atomic,
/// so together they never pass a limit; holds are not spending; a hold whose instance died lapses;
/// settling counts once. End to end, routers sharing the budget never overshoot it, and the
/// route log records what the provider billed for a cut answer.
@Suite struct SpendingBudgetTests {
    static func client() throws -> RedisClient {
        RedisClient(configuration: try RedisConfiguration(url: try IntegrationEnvironment.redisURL()), logger: IntegrationEnvironment.logger)
    }

    /// Keys of their own, so reruns and parallel tests start from zero.
    static func namespace() -> String { "test:aibudget:\(UInt64.random(in: 0...UInt64.max))" }

    /// Sonnet 5.5 at the fact sheet's list price ($2, $10, $2.50 5-minute write, $0.10 read per
    /// million tokens), in hundredths of a micro-dollar a token; each call rounded up.
    static func billed(_ usages: [FakeUsage]) -> Int64 {
        usages.reduce(Int64(0)) { total, u in
            total + (Int64(u.input) * 200 + Int64(u.output) * 1000 + Int64(u.cacheCreation) * 250 + Int64(u.cacheRead) * 10 + 99) / 100
        }
    }

    @Test func concurrentHoldsNeverOvershootAndAreNotSpending() async throws {
        // Two clients: two instances' worth of connections.
        let a = try Self.client()
        let b = try Self.client()
        let namespace = Self.namespace()
        let limits = BudgetLimits(perUser: 1.0, global: 0.5)  // global: 10 holds of $0.05
        let budgets = [
            RedisSpendingBudget(client: a, limits: limits, namespace: namespace), RedisSpendingBudget(client: b, limits: limits, namespace: namespace),
        ]
        let day = Day.todayUTC()
        let decisions = await withTaskGroup(of: BudgetDecision.self) { group in
            for n in 0..<100 {
                group.addTask { await budgets[n % 2].reserve(user: "u\(n % 7)", micros: 50_000, day: day) }
            }
            var out: [BudgetDecision] = []
            for await d in group { out.append(d) }
            return out
        }
        let reserved = decisions.compactMap { if case .reserved(let r) = $0 { r } else { nil } }
        #expect(reserved.count == 10)
        // Nothing is spent yet: the others are told to retry shortly, never that the budget is spent.
        #expect(decisions.filter { $0 == .refused(.held(scope: .global, retryAfterSeconds: 3)) }.count == 90)
        #expect(await budgets[0].standing(user: "u0", day: day).globalHeld == 500_000)
        #expect(await budgets[0].standing(user: "u0", day: day).globalSpent == 0)
        // Settling turns each hold into what it cost; settling again changes nothing.
        for r in reserved { await budgets[1].settle(r, actualMicros: 1_234) }
        for r in reserved { await budgets[0].settle(r, actualMicros: 1_234) }
        let after = await budgets[0].standing(user: "u0", day: day)
        #expect(after.globalSpent == 10 * 1_234 && after.globalHeld == 0)

        // Real spending at a user's limit closes that user's day.
        let solo = RedisSpendingBudget(client: a, limits: BudgetLimits(perUser: 0.1, global: 100), namespace: namespace + ":solo")
        guard case .reserved(let first) = await solo.reserve(user: "u1", micros: 60_000, day: day) else {
            Issue.record("expected room")
            await a.close()
            await b.close()
            return
        }
        #expect(await solo.reserve(user: "u1", micros: 60_000, day: day) == .refused(.held(scope: .user, retryAfterSeconds: 3)))
        await solo.settle(first, actualMicros: 100_000)
        guard case .refused(.exceeded(let scope, let retry)) = await solo.reserve(user: "u1", micros: 1, day: day) else {
            Issue.record("expected the user limit")
            await a.close()
            await b.close()
            return
        }
        #expect(scope == .user && retry >= 1 && retry <= 86_400)
        await a.close()
        await b.close()
    }

    @Test func aHoldWhoseCallNeverSettlesLapses() async throws {
        let redis = try Self.client()
        let namespace = Self.namespace()
        let limits = BudgetLimits(perUser: 0.1, global: 100)
        let day = Day.todayUTC()
        // An instance that died mid-call: its hold lapses after its lifetime.
        let dying = RedisSpendingBudget(client: redis, limits: limits, holdLifetime: .milliseconds(50), namespace: namespace)
        // On a loaded machine a reply can miss the budget's 1 s deadline (then the hold is released
        // and the answer is "unavailable"): ask until the hold is taken.
        let taken = Mutex<BudgetReservation?>(nil)
        _ = await eventually {
            guard case .reserved(let r) = await dying.reserve(user: "u1", micros: 90_000, day: day) else { return false }
            taken.withLock { $0 = r }
            return true
        }
        guard let orphan = taken.withLock({ $0 }) else {
            Issue.record("expected room")
            await redis.close()
            return
        }
        let live = RedisSpendingBudget(client: redis, limits: limits, namespace: namespace)
        let next = Mutex<BudgetReservation?>(nil)
        #expect(await eventually {
            guard case .reserved(let r) = await live.reserve(user: "u1", micros: 90_000, day: day) else { return false }
            next.withLock { $0 = r }
            return true
        })
        // A late settle of the lapsed hold still records what it cost, and frees nothing twice.
        await dying.settle(orphan, actualMicros: 500)
        if let r = next.withLock({ $0 }) { await live.settle(r, actualMicros: 700) }
        #expect(await live.standing(user: "u1", day: day) == BudgetStanding(userSpent: 1_200, userHeld: 0, globalSpent: 1_200, globalHeld: 0))
        await redis.close()
    }

    /// Answers received so far.
    final class Tally: Sendable {
        private let value = Mutex(0)
        func add() { value.withLock { $0 += 1 } }
        var count: Int { value.withLock { $0 } }
    }

    /// A router on the embedded demo data whose tier 3 uses `budget` and the fake at `fake`.
    static func router(_ fake: RunningFakeAnthropic, budget: any SpendingBudget) async throws -> (Application<RouterResponder<AppContext>>, AITier) {
        var configuration = AnthropicConfiguration(apiKey: "test-key", baseURL: fake.baseURL)
        configuration.maxConcurrent = 128
        configuration.maxQueued = 0
        let tier = AITier.make(configuration: configuration, keepAlive: .milliseconds(100), budget: budget, logger: IntegrationEnvironment.logger)
        let services = try await RouterServices.embedded(
            verifier: try await TokenVerifier.hs256(secret: IntegrationEnvironment.secret), logger: IntegrationEnvironment.logger
        ).with(ai: tier)
        return (Application(router: RouterApplication.router(services: services, configuration: RouterConfiguration())), tier)
    }

    @Test func twoRoutersSharingTheBudgetNeverOvershootIt() async throws {
        let question = "Why is my food spending so high lately?"
        let fake = try await FakeAnthropicServer.start()
        let namespace = Self.namespace()
        let probe = AITier.make(configuration: AnthropicConfiguration(apiKey: "k", baseURL: fake.baseURL), logger: IntegrationEnvironment.logger)
        let worst = probe.assistant.worstCaseMicrodollars(
            ofFirstCallOf: Assistant.Request(
                domain: .spending, question: Answering.dated(question, asOf: Day(year: 2026, month: 11, day: 21)!), metadataUserID: probe.userID("u001")
            ) { _, _ in ToolOutcome(content: "") }
        )
        await probe.shutdown()
        let limits = BudgetLimits(perUser: 100, global: Double(worst) * 10.5 / 1_000_000)
        let redisA = try Self.client()
        let redisB = try Self.client()
        let budgetA = RedisSpendingBudget(client: redisA, limits: limits, namespace: namespace)
        let budgetB = RedisSpendingBudget(client: redisB, limits: limits, namespace: namespace)
        let (appA, tierA) = try await Self.router(fake, budget: budgetA)
        let (appB, tierB) = try await Self.router(fake, budget: budgetB)
        let verifier = try await TokenVerifier.hs256(secret: IntegrationEnvironment.secret)
        var tokens: [String] = []
        for n in 0..<100 { tokens.append(try await verifier.token(for: String(format: "u%03d", n % 50 + 1))) }
        let tokensToSend = tokens
        await fake.state.hold()
        try await appA.test(.live) { clientA in
            try await appB.test(.live) { clientB in
                let ports = [clientA.port ?? 0, clientB.port ?? 0]
                var pool = HTTPClient.Configuration()
                pool.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 100)
                let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: pool)
                let done = Tally()
                let results = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                    for (n, token) in tokensToSend.enumerated() {
                        group.addTask {
                            var request = HTTPClientRequest(url: "http://127.0.0.1:\(ports[n % 2])/v1/query")
                            request.method = .POST
                            request.headers.add(name: "authorization", value: "Bearer " + token)
                            request.headers.add(name: "content-type", value: "application/json")
                            request.body = .bytes(ByteBuffer(string: #"{"query":"\#(question)","as_of":"2026-11-21"}"#))
                            let response = try await http.execute(request, timeout: .seconds(120))
                            let body = try await response.body.collect(upTo: 1 << 20)
                            done.add()
                            let type = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])?["type"] as? String
                            return (Int(response.status.code), type ?? "")
                        }
                    }
                    // Ten hold the budget at the provider; the ninety others were told to retry shortly.
                    #expect(await eventually(within: .seconds(60)) {
                        let waiting = await fake.state.waitingOnHold
                        return waiting == 10 && done.count == 90
                    })
                    let during = await budgetA.standing(user: "u001", day: Day.todayUTC())
                    #expect(during.globalHeld == 10 * worst && during.globalSpent == 0)
                    await fake.state.release()
                    var out: [(Int, String)] = []
                    for try await r in group { out.append(r) }
                    return out
                }
                try await http.shutdown()
                #expect(results.filter { $0.0 == 200 }.count == 10)
                #expect(results.filter { $0.0 == 503 && $0.1 == "/problems/ai-unavailable" }.count == 90)
                let expected = Self.billed(await fake.state.requests().map(\.usage))
                let s = await budgetB.standing(user: "u001", day: Day.todayUTC())
                #expect(s.globalSpent == expected && s.globalHeld == 0)
                #expect(s.globalSpent <= limits.globalMicros)
                print("two routers, Redis budget of \(limits.globalMicros) µ$ (10.5 × \(worst)), 100 questions: 10 answered, 90 told to retry; spent \(s.globalSpent) µ$")
            }
        }
        await tierA.shutdown()
        await tierB.shutdown()
        await fake.stop()
        await redisA.close()
        await redisB.close()
    }

    @Test func theRouteLogAndTheSharedBudgetRecordWhatACutAnswerCost() async throws {
        try await IntegrationEnvironment.prepare()
        let fake = try await FakeAnthropicServer.start()
        let redisURL = try IntegrationEnvironment.redisURL()
        let instance = try await RouterInstance(redis: redisURL) { c in
            c.anthropic = AnthropicConfiguration(apiKey: "test-key", baseURL: fake.baseURL)
        }
        let services = instance.runtime.services
        let user = "it-ai-\(UInt32.random(in: 0...UInt32.max))"
        let token = try await services.verifier.token(for: user)
        let app = Application(router: RouterApplication.router(services: services, configuration: RouterConfiguration()))
        await fake.state.enqueue([.streamError(afterDeltas: 2)])
        try await app.test(.router) { client in
            var headers = HTTPFields()
            headers[.authorization] = "Bearer " + token
            let response = try await client.execute(
                uri: "/v1/query", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"query":"Why is my food spending so high lately?","as_of":"2026-11-21"}"#)
            )
            #expect(response.status == .serviceUnavailable)
        }
        #expect(await eventually { await fake.state.requests().first?.outcome == .fault })
        let records = await fake.state.requests()
        #expect(records.count == 1 && records[0].usage.output > 1)
        let expected = Self.billed(records.map(\.usage))

        // The budget the router shares through Redis was charged that.
        let redis = try Self.client()
        let shared = RedisSpendingBudget(client: redis, limits: BudgetLimits())
        #expect(await eventually {
            let s = await shared.standing(user: user, day: Day.todayUTC())
            return s.userSpent == expected && s.userHeld == 0
        })
        await redis.close()

        // The route log row carries the same tokens and cost.
        typealias Row = (Int16, Int32, Int32, Int32, Int32, Double)
        let row = Mutex<Row?>(nil)
        #expect(await eventually {
            let found = try? await IntegrationEnvironment.withWriteClient(try IntegrationEnvironment.databaseURL()) { client -> Row? in
                let rows = try await client.query(
                    "SELECT status, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd FROM route_log WHERE user_id = \(user)",
                    logger: IntegrationEnvironment.logger
                )
                for try await r in rows.decode(Row.self) { return r }
                return nil
            }
            guard let found else { return false }
            row.withLock { $0 = found }
            return true
        })
        if let (status, input, output, read, write, cost) = row.withLock({ $0 }) {
            let u = records[0].usage
            #expect(status == 503)
            #expect(Int(input) == u.input && Int(output) == u.output && Int(read) == u.cacheRead && Int(write) == u.cacheCreation)
            #expect(abs(cost - Double(expected) / 1_000_000) < 1e-9, "route log \(cost) $, provider billed \(expected) µ$")
            print("route log of an answer cut by the provider: \(input) in, \(output) out, \(read) read, \(write) written, $\(cost); billed \(expected) µ$")
        }
        await instance.stop()
        await fake.stop()
    }
}
