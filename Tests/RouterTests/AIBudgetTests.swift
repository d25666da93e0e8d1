import AsyncHTTPClient
import Domain
import FakeAnthropic
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import QueryClassifier
import ResilienceTesting
import Synchronization
import Testing
import Tier1Cache
import Tier3AI

@testable import Router

/// Budgets charge what the provider bills: every Messages call that started, also when the
/// client leaves, the provider cuts the stream or the deadline passes; the cost metric counts
/// the same figure. Holds are not spending: a budget is only closed for the day by real
/// spending, and concurrent answers never overshoot it. Expected figures are computed here from
/// the fake's record of what it billed and the fact sheet's prices, never by the code under test.
@Suite struct AIBudgetTests {
    /// A price in hundredths of a micro-dollar per token (input, output, 5-minute cache write,
    /// cache read), from the fact sheet (reference/anthropic-messages-api.md §7).
    struct Price {
        let input: Int64, output: Int64, cacheWrite: Int64, cacheRead: Int64
        /// `claude-sonnet-5-5`: $2, $10, $2.50, $0.10 per million tokens.
        static let sonnet55 = Price(input: 200, output: 1000, cacheWrite: 250, cacheRead: 10)
        /// `claude-opus-4-8`, `-4-7`, `-4-6`: $5, $25, $6.25, $0.50.
        static let opus4 = Price(input: 500, output: 2500, cacheWrite: 625, cacheRead: 50)

        /// What the fake billed for its calls, each rounded up to a whole micro-dollar.
        func billed(_ usages: [FakeUsage]) -> Int64 {
            usages.reduce(Int64(0)) { total, u in
                let hundredths = Int64(u.input) * input + Int64(u.output) * output + Int64(u.cacheCreation) * cacheWrite
                    + Int64(u.cacheRead) * cacheRead
                return total + (hundredths + 99) / 100
            }
        }
    }

    /// A text turn, then a tool round whose second call writes text before its tool: the test
    /// can hold the provider after that call's first delta, when the client has seen it.
    static let twoRounds = FakeScript(match: "over budget", turns: [
        FakeTurn(text: "Checking your month.", toolUses: [
            FakeToolUse(name: "summary_spend", input: .object(["period": .string("this_month")])),
        ], thinking: nil),
        FakeTurn(text: "Now the split.", toolUses: [
            FakeToolUse(name: "compute_split", input: .object(["amount": .number(120), "people": .number(2)])),
        ], thinking: nil),
        FakeTurn(text: "Here is what I found: {{tool_results}}", toolUses: nil, thinking: nil),
    ])

    /// A streamed `/v1/query` read as it arrives, which the test can cut (the client leaving).
    final class LiveStream: Sendable {
        private struct Log {
            var text = ""
            var ended = false
        }
        private let log = Mutex(Log())
        private let http = HTTPClient(eventLoopGroupProvider: .singleton)
        private let reader = Mutex<Task<Void, Never>?>(nil)

        init(port: Int, token: String, query: String) {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/query")
            request.method = .POST
            request.headers.add(name: "authorization", value: "Bearer " + token)
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: #"{"query":"\#(query)","stream":true,"as_of":"2026-11-21"}"#))
            let task = Task { [self] in
                defer { log.withLock { $0.ended = true } }
                guard let response = try? await http.execute(request, timeout: .seconds(60)) else { return }
                do {
                    for try await chunk in response.body {
                        log.withLock { $0.text += String(buffer: chunk) }
                    }
                } catch {}
            }
            reader.withLock { $0 = task }
        }

        var text: String { log.withLock { $0.text } }
        var ended: Bool { log.withLock { $0.ended } }
        var eventNames: [String] { AITierTests.events(ByteBuffer(string: text)).map(\.0) }

        /// The client has read a `delta` after a `tool` event: the second call's text.
        var sawSecondCallText: Bool {
            let names = eventNames
            guard let tool = names.firstIndex(of: "tool") else { return false }
            return names[tool...].contains("delta")
        }

        /// The client goes away mid-stream: the connection closes.
        func cut() async {
            let task = reader.withLock { $0 }
            task?.cancel()
            await task?.value
            try? await http.shutdown()
        }

        func finish() async {
            await reader.withLock { $0 }?.value
            try? await http.shutdown()
        }
    }

    static func standing(_ budget: any SpendingBudget, _ user: String) async -> BudgetStanding {
        await budget.standing(user: user, day: Day.todayUTC())
    }

    /// Waits until every hold of `user` is settled and the counters show `expected`.
    static func settled(_ budget: any SpendingBudget, _ user: String, at expected: @escaping @Sendable () async -> Int64) async -> Bool {
        await eventually {
            let s = await standing(budget, user)
            let want = await expected()
            return s.userHeld == 0 && s.globalHeld == 0 && s.userSpent == want && s.globalSpent == want
        }
    }

    /// `router_ai_cost_microdollars_total` summed over the domains of `model`.
    static func costMetric(_ client: any TestClientProtocol, model: String) async throws -> Int64 {
        let text = try await MetricsTests.scrape(client)
        var total = 0.0
        for line in text.split(separator: "\n") where line.hasPrefix("router_ai_cost_microdollars_total{") && line.contains(#"model="\#(model)""#) {
            total += Double(line.split(separator: " ").last ?? "") ?? 0
        }
        return Int64(total)
    }

    static func billedSoFar(_ fake: RunningFakeAnthropic, _ price: Price) async -> Int64 {
        price.billed(await fake.state.requests().map(\.usage))
    }

    /// Runs a tool-loop answer up to its second call, which waits at the provider after its first
    /// delta, read by the client. The fake must be held at `.afterFirstTextDelta`. Returns false
    /// if the stream ended first (the budget refused a call).
    static func runToSecondCall(_ stream: LiveStream, _ fake: RunningFakeAnthropic, calls before: Int) async -> Bool {
        _ = await eventually {
            let waiting = await fake.state.waitingOnHold
            return waiting == 1 || stream.ended
        }
        guard !stream.ended else { return false }
        await fake.state.releaseWaiting()
        _ = await eventually {
            let started = await fake.state.requests().count
            let waiting = await fake.state.waitingOnHold
            return (started == before + 2 && waiting == 1 && stream.sawSecondCallText) || stream.ended
        }
        return !stream.ended
    }

    // MARK: - Every call that started is charged

    @Test func aStreamTheClientCutsAfterTheFirstToolRoundIsCharged() async throws {
        _ = MetricsTests.bootstrapped
        let budget = InProcessSpendingBudget(limits: BudgetLimits())
        let model = "claude-opus-4-8"
        try await AITierTests.withRouter(configure: { $0.model = model }, budget: budget) { client, fake in
            await fake.state.add([Self.twoRounds])
            let before = try await Self.costMetric(client, model: model)
            await fake.state.hold(at: .afterFirstTextDelta)
            let stream = LiveStream(port: client.port ?? 0, token: try await TestEnvironment.token("u041"), query: AITierTests.overBudget)
            #expect(await Self.runToSecondCall(stream, fake, calls: 0))
            #expect(stream.eventNames.contains("tool") && !stream.eventNames.contains("done"))
            await stream.cut()

            let expected: @Sendable () async -> Int64 = { await Self.billedSoFar(fake, .opus4) }
            #expect(await Self.settled(budget, "u041", at: expected))
            let records = await fake.state.requests()
            let billed = await expected()
            // Two calls: the first answered in full, the second cut after its first delta.
            #expect(records.count == 2 && records[0].outcome == .completed)
            let after = try await Self.costMetric(client, model: model)
            #expect(after - before == billed, "cost metric +\(after - before) µ$, provider billed \(billed) µ$")
            print("cut after the first tool round: provider billed \(records.map(\.usage)) = \(billed) µ$; counters \(await Self.standing(budget, "u041")); metric +\(after - before)")
            await fake.state.release()
        }
    }

    @Test func aStreamTheProviderCutsIsCharged() async throws {
        _ = MetricsTests.bootstrapped
        let budget = InProcessSpendingBudget(limits: BudgetLimits())
        let model = "claude-opus-4-7"
        try await AITierTests.withRouter(configure: { $0.model = model }, budget: budget) { client, fake in
            await fake.state.add([Self.twoRounds])
            let before = try await Self.costMetric(client, model: model)
            await fake.state.enqueue([.streamError(afterDeltas: 2)])
            let response = try await AITierTests.query(client, AITierTests.overBudget, user: "u042")
            #expect(response.status == .serviceUnavailable)
            #expect(TestEnvironment.json(response.body)["type"] as? String == "/problems/ai-unavailable")

            #expect(await eventually { await fake.state.requests().first?.outcome == .fault })
            let expected: @Sendable () async -> Int64 = { await Self.billedSoFar(fake, .opus4) }
            #expect(await Self.settled(budget, "u042", at: expected))
            let records = await fake.state.requests()
            let billed = await expected()
            #expect(records.count == 1 && records[0].usage.output > 1)
            let after = try await Self.costMetric(client, model: model)
            #expect(after - before == billed)
            print("stream cut by the provider after 2 deltas: provider billed \(records.map(\.usage)) = \(billed) µ$; counters \(await Self.standing(budget, "u042")); metric +\(after - before)")
        }
    }

    @Test func anAnswerPastItsDeadlineIsCharged() async throws {
        _ = MetricsTests.bootstrapped
        let budget = InProcessSpendingBudget(limits: BudgetLimits())
        let model = "claude-opus-4-6"
        let time = ManualTime()
        try await AITierTests.withRouter(configure: { $0.model = model }, budget: budget, time: time) { client, fake in
            await fake.state.add([Self.twoRounds])
            let before = try await Self.costMetric(client, model: model)
            await fake.state.hold(at: .afterFirstTextDelta)
            let stream = LiveStream(port: client.port ?? 0, token: try await TestEnvironment.token("u043"), query: AITierTests.overBudget)
            #expect(await Self.runToSecondCall(stream, fake, calls: 0))
            // The deadline is the one thing waiting on the clock.
            #expect(await time.waitForSleepers(1))
            time.advance(by: .seconds(90))
            await stream.finish()
            let events = AITierTests.events(ByteBuffer(string: stream.text))
            #expect(events.last?.0 == "error")
            #expect((events.last?.1["detail"] as? String)?.contains("longer than 90 s") == true)

            let expected: @Sendable () async -> Int64 = { await Self.billedSoFar(fake, .opus4) }
            #expect(await Self.settled(budget, "u043", at: expected))
            let billed = await expected()
            #expect(await fake.state.requests().count == 2)
            let after = try await Self.costMetric(client, model: model)
            #expect(after - before == billed)
            print("deadline during the second call: provider billed \(await fake.state.requests().map(\.usage)) = \(billed) µ$; counters \(await Self.standing(budget, "u043")); metric +\(after - before)")
            await fake.state.release()
        }
    }

    // MARK: - Cutting streams cannot spend past the budget

    @Test func anAttackerCuttingStreamsCannotSpendPastTheBudget() async throws {
        // Room for the first call's worst case and half as much again: real spending has to
        // reach the limit less that worst case before calls are refused.
        let worst = try await Self.firstCallWorstCase(question: AITierTests.overBudget, user: "u044")
        let limits = BudgetLimits(perUser: Double(worst) * 1.5 / 1_000_000, global: 100)
        let budget = InProcessSpendingBudget(limits: limits)
        try await AITierTests.withRouter(budget: budget) { client, fake in
            await fake.state.add([Self.twoRounds])
            await fake.state.hold(at: .afterFirstTextDelta)
            let token = try await TestEnvironment.token("u044")
            var billed: Int64 = 0
            var cuts = 0
            var refusals: [String] = []
            for _ in 0..<20 {
                let calls = await fake.state.requests().count
                let stream = LiveStream(port: client.port ?? 0, token: token, query: AITierTests.overBudget)
                if await Self.runToSecondCall(stream, fake, calls: calls) {
                    await stream.cut()
                    cuts += 1
                } else {
                    await stream.finish()
                    let error = AITierTests.events(ByteBuffer(string: stream.text)).last
                    refusals.append("\(error?.1["status"] as? Int ?? 0) \(error?.1["type"] as? String ?? "")")
                }
                // What the provider billed for this attempt, read once the router has settled it.
                let attempt = await fake.state.requests()[calls...].map(\.usage)
                #expect(await eventually { await Self.standing(budget, "u044").userHeld == 0 })
                billed += Price.sonnet55.billed(Array(attempt))
                // Streams left waiting at the provider go on (into closed connections) and end.
                await fake.state.releaseWaiting()
                #expect(await eventually { await fake.state.requests().allSatisfy { $0.outcome != .inProgress } })
            }
            let s = await Self.standing(budget, "u044")
            #expect(s.userSpent == billed && s.globalSpent == billed)
            #expect(s.userSpent <= limits.perUserMicros)
            #expect(cuts >= 1 && !refusals.isEmpty, "the attacker was stopped")
            // Spending stayed under the limit, so no refusal said the budget was spent.
            #expect(refusals.allSatisfy { $0 == "503 /problems/ai-unavailable" }, "\(refusals)")
            print("attacker: \(cuts) cut streams, \(refusals.count) refused; provider billed \(billed) µ$; spent \(s.userSpent) of \(limits.perUserMicros) µ$")
            await fake.state.release()
        }
    }

    /// The worst case the router holds for the first call of `question` asked by `user`.
    static func firstCallWorstCase(question: String, user: String) async throws -> Int64 {
        let tier = AITier.make(configuration: AnthropicConfiguration(apiKey: "k", baseURL: "http://127.0.0.1:1"), logger: Logger(label: "test"))
        defer { Task { await tier.shutdown() } }
        let classification = TestEnvironment.classifier.classify(question, asOf: TestEnvironment.day)
        let domain = ToolDomain(rawValue: classification.domain.rawValue) ?? .general
        return tier.assistant.worstCaseMicrodollars(
            ofFirstCallOf: Assistant.Request(
                domain: domain, question: Answering.dated(question, asOf: TestEnvironment.day), metadataUserID: tier.userID(user)
            ) { _, _ in ToolOutcome(content: "") }
        )
    }

    // MARK: - Holds are not spending

    /// Sends `count` questions at once, each from `users[n % users.count]`, and hands back the
    /// HTTP client and a task collecting (status, problem type, Retry-After) per answer.
    static func concurrent(
        _ count: Int, port: Int, users: [String], question: String
    ) async throws -> (HTTPClient, Task<[(Int, String, Int?)], any Error>, Tally) {
        var tokens: [String] = []
        for n in 0..<count { tokens.append(try await TestEnvironment.token(users[n % users.count])) }
        var pool = HTTPClient.Configuration()
        pool.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: count)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: pool)
        let done = Tally()
        let task = Task {
            try await withThrowingTaskGroup(of: (Int, String, Int?).self) { group in
                for token in tokens {
                    group.addTask {
                        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/query")
                        request.method = .POST
                        request.headers.add(name: "authorization", value: "Bearer " + token)
                        request.headers.add(name: "content-type", value: "application/json")
                        request.body = .bytes(ByteBuffer(string: #"{"query":"\#(question)","as_of":"2026-11-21"}"#))
                        let response = try await http.execute(request, timeout: .seconds(120))
                        let body = try await response.body.collect(upTo: 1 << 20)
                        done.add()
                        return (
                            Int(response.status.code), TestEnvironment.json(body)["type"] as? String ?? "",
                            response.headers.first(name: "retry-after").flatMap { Int($0) }
                        )
                    }
                }
                var out: [(Int, String, Int?)] = []
                for try await r in group { out.append(r) }
                return out
            }
        }
        return (http, task, done)
    }

    /// Answers received so far.
    final class Tally: Sendable {
        private let value = Mutex(0)
        func add() { value.withLock { $0 += 1 } }
        var count: Int { value.withLock { $0 } }
    }

    static let oneCallQuestion = "Why is my food spending so high lately?"

    @Test func fifteenConcurrentQuestionsOfOneUserAllFitTheDefaultBudget() async throws {
        let budget = InProcessSpendingBudget(limits: BudgetLimits())
        let worst = try await Self.firstCallWorstCase(question: Self.oneCallQuestion, user: "u045")
        try await AITierTests.withRouter(configure: { $0.maxConcurrent = 64 }, budget: budget) { client, fake in
            await fake.state.hold()
            let (http, task, _) = try await Self.concurrent(15, port: client.port ?? 0, users: ["u045"], question: Self.oneCallQuestion)
            // All fifteen are at the provider at once, each holding its call's worst case; nothing is spent.
            #expect(await eventually { await fake.state.waitingOnHold == 15 })
            let held = await Self.standing(budget, "u045")
            #expect(held.userHeld == 15 * worst && held.userSpent == 0)
            await fake.state.release()
            let results = try await task.value
            try await http.shutdown()
            #expect(results.map(\.0) == Array(repeating: 200, count: 15), "\(results)")
            let billed = Price.sonnet55.billed(await fake.state.requests().map(\.usage))
            let s = await Self.standing(budget, "u045")
            #expect(s.userSpent == billed && s.userHeld == 0)
            print("15 concurrent questions of one user: held \(held.userHeld) µ$ at once (15 × \(worst)), then spent \(billed) µ$ of 2,000,000; all 200")
        }
    }

    @Test func aHundredConcurrentQuestionsNeverOvershootASmallBudget() async throws {
        let worst = try await Self.firstCallWorstCase(question: Self.oneCallQuestion, user: "u001")
        // Room for ten calls' worst cases and a half.
        let limits = BudgetLimits(perUser: 100, global: Double(worst) * 10.5 / 1_000_000)
        let budget = InProcessSpendingBudget(limits: limits)
        let users = (1...50).map { String(format: "u%03d", $0) }
        try await AITierTests.withRouter(configure: { $0.maxConcurrent = 128; $0.maxQueued = 0 }, budget: budget) { client, fake in
            await fake.state.hold()
            let (http, task, done) = try await Self.concurrent(100, port: client.port ?? 0, users: users, question: Self.oneCallQuestion)
            // Ten hold the budget at the provider; the ninety others are told to retry shortly.
            #expect(await eventually(within: .seconds(60)) {
                let waiting = await fake.state.waitingOnHold
                return waiting == 10 && done.count == 90
            })
            let during = await budget.standing(user: "u001", day: Day.todayUTC())
            #expect(during.globalHeld == 10 * worst && during.globalSpent == 0)
            await fake.state.release()
            let results = try await task.value
            try await http.shutdown()
            let answered = results.filter { $0.0 == 200 }.count
            let held = results.filter { $0.0 == 503 && $0.1 == "/problems/ai-unavailable" && $0.2 == BudgetLimits.retryWhileHeldSeconds }.count
            #expect(answered == 10 && held == 90, "\(results.map(\.0))")
            #expect(!results.contains { $0.1 == "/problems/ai-budget-exceeded" })
            let billed = Price.sonnet55.billed(await fake.state.requests().map(\.usage))
            let s = await budget.standing(user: "u001", day: Day.todayUTC())
            #expect(s.globalSpent == billed && s.globalHeld == 0)
            #expect(s.globalSpent <= limits.globalMicros)
            print("100 concurrent against \(limits.globalMicros) µ$ (10.5 × \(worst)): \(answered) answered, \(held) told to retry in \(BudgetLimits.retryWhileHeldSeconds) s; spent \(s.globalSpent) µ$")
        }
    }

    @Test func onlyRealSpendingClosesTheDay() async {
        let limits = BudgetLimits(perUser: 0.1, global: 100)  // 100,000 µ$
        let budget = InProcessSpendingBudget(limits: limits)
        let day = Day.todayUTC()
        guard case .reserved(let first) = await budget.reserve(user: "a", micros: 60_000, day: day) else {
            Issue.record("expected room")
            return
        }
        // Held, not spent: the next call is told to retry shortly.
        #expect(await budget.reserve(user: "a", micros: 60_000, day: day) == .refused(.held(scope: .user, retryAfterSeconds: 3)))
        // The first call cost far less than it held: the room comes back.
        await budget.settle(first, actualMicros: 2_000)
        #expect(await budget.standing(user: "a", day: day) == BudgetStanding(userSpent: 2_000, userHeld: 0, globalSpent: 2_000, globalHeld: 0))
        guard case .reserved(let second) = await budget.reserve(user: "a", micros: 60_000, day: day) else {
            Issue.record("expected room after the settle")
            return
        }
        // A call is charged what it cost, even above its hold; then spending is at the limit.
        await budget.settle(second, actualMicros: 98_000)
        guard case .refused(.exceeded(let scope, let retry)) = await budget.reserve(user: "a", micros: 1, day: day) else {
            Issue.record("expected the day to be closed")
            return
        }
        #expect(scope == .user && retry >= 1 && retry <= 86_400)
        // Another user is untouched.
        #expect(await budget.reserve(user: "b", micros: 60_000, day: day) != .refused(.held(scope: .user, retryAfterSeconds: 3)))
    }

    @Test func refusalsMapToTheirProblems() {
        let c = TestEnvironment.classifier.classify("Plan a 2-week RV trip to Seattle under $2000", asOf: TestEnvironment.day)
        let held = RouterError.budget(.held(scope: .user, retryAfterSeconds: 3), classification: c)
        #expect(held.status == .serviceUnavailable && held.slug == "ai-unavailable" && held.retryAfter == 3)
        #expect(held.detail.contains("not spent"))
        let spent = RouterError.budget(.exceeded(scope: .global, retryAfterSeconds: 4000), classification: c)
        #expect(spent.status == .tooManyRequests && spent.slug == "ai-budget-exceeded" && spent.retryAfter == 4000)
        #expect(RouterError.budget(.unavailable, classification: c).status == .serviceUnavailable)
    }
}
