import AsyncHTTPClient
import Domain
import FakeAnthropic
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import Resilience
import ResilienceTesting
import Testing
import Tier1Cache
import Tier3AI

@testable import Router

/// Tier 3 end to end: the router, its tool box on the embedded demo data, and the fake
/// Messages API.
@Suite struct AITierTests {
    static let overBudget = "Am I over budget this month and what should I cut back on?"

    /// Runs `body` against a live router whose tier 3 talks to a fresh fake server.
    static func withRouter(
        _ options: FakeAnthropicOptions = FakeAnthropicOptions(), configure: (inout AnthropicConfiguration) -> Void = { _ in },
        budget: (any SpendingBudget)? = nil, router: RouterConfiguration = RouterConfiguration(), time: any TimeSource = SystemTime(),
        screening: PromptScreening = PromptScreening(),
        _ body: @Sendable (_ client: any TestClientProtocol, _ fake: RunningFakeAnthropic) async throws -> Void
    ) async throws {
        let fake = try await FakeAnthropicServer.start(options: options)
        var configuration = AnthropicConfiguration(apiKey: "test-key", baseURL: fake.baseURL)
        configuration.breakerOpenDuration = .seconds(30)
        configure(&configuration)
        let tier = AITier.make(
            configuration: configuration, keepAlive: .milliseconds(100), budget: budget, logger: Logger(label: "test"), time: time
        )
        let services = try await TestEnvironment.services.value.with(ai: tier).with(screening: screening)
        let app = Application(router: RouterApplication.router(services: services, configuration: router))
        do {
            try await app.test(.live) { client in try await body(client, fake) }
        } catch {
            await tier.shutdown()
            await fake.stop()
            throw error
        }
        await tier.shutdown()
        await fake.stop()
    }

    static func query(_ client: any TestClientProtocol, _ text: String, user: String = "u001", extra: String = "")
        async throws -> TestResponse
    {
        let token = try await TestEnvironment.token(user)
        let body = #"{"query":"\#(text)","as_of":"2026-11-21"\#(extra)}"#
        return try await client.execute(uri: "/v1/query", method: .post, headers: TestEnvironment.headers(token), body: ByteBuffer(string: body))
    }

    static func summary(_ client: any TestClientProtocol, _ path: String, user: String) async throws -> [String: Any] {
        let token = try await TestEnvironment.token(user)
        let response = try await client.execute(uri: path, method: .get, headers: TestEnvironment.headers(token, json: false))
        return TestEnvironment.json(response.body)
    }

    /// SSE events of a complete stream, as (name, JSON data).
    static func events(_ buffer: ByteBuffer) -> [(String, [String: Any])] {
        String(buffer: buffer).components(separatedBy: "\n\n").compactMap { block in
            var name = "message"
            var data = ""
            for line in block.split(separator: "\n") {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data += line.dropFirst(6) }
            }
            guard !data.isEmpty else { return nil }
            return (name, (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:])
        }
    }

    static let budgetScript = FakeScript(match: "over budget", turns: [
        FakeTurn(text: "Checking your month.", toolUses: [
            FakeToolUse(name: "summary_spend", input: .object(["period": .string("this_month")])),
            FakeToolUse(name: "summary_budget_status", input: .object([:])),
        ], thinking: nil),
        FakeTurn(text: nil, toolUses: [
            FakeToolUse(name: "compute_split", input: .object(["amount": .number(120), "people": .number(2)])),
        ], thinking: nil),
        FakeTurn(text: "Here is what I found: {{tool_results}}", toolUses: nil, thinking: nil),
    ])

    @Test func answersWithTheAskingUsersNumbers() async throws {
        try await Self.withRouter { client, fake in
            await fake.state.add([Self.budgetScript])
            let mine = try await Self.summary(client, "/v1/summaries/spend?period=this_month&as_of=2026-11-21", user: "u001")
            let theirs = try await Self.summary(client, "/v1/summaries/spend?period=this_month&as_of=2026-11-21", user: "u002")
            let myTotal = try #require((mine["data"] as? [String: Any])?["total_cents"] as? Int)
            let theirTotal = try #require((theirs["data"] as? [String: Any])?["total_cents"] as? Int)
            #expect(myTotal != theirTotal)
            let budget = try await Self.summary(client, "/v1/summaries/budget_status?as_of=2026-11-21", user: "u001")
            let remaining = try #require((budget["data"] as? [String: Any])?["total_remaining_cents"] as? Int)

            let response = try await Self.query(client, Self.overBudget)
            #expect(response.status == .ok)
            #expect(response.headers[.routerTier] == "3")
            let body = TestEnvironment.json(response.body)
            #expect(body["tier"] as? Int == 3 && body["route"] as? String == "ai")
            let answer = try #require(body["answer"] as? String)
            #expect(answer.hasPrefix("Checking your month.\n\nHere is what I found: "))
            #expect(answer.contains("\"total_cents\":\(myTotal)"))
            #expect(!answer.contains("\"total_cents\":\(theirTotal)"))
            #expect(answer.contains("\"total_remaining_cents\":\(remaining)"))
            #expect(answer.contains("\"per_person\":60"))
            let data = try #require(body["data"] as? [String: Any])
            #expect((data["tools"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["summary_spend", "summary_budget_status", "compute_split"])
            #expect(data["calls"] as? Int == 3)
            let usage = try #require(body["usage"] as? [String: Any])
            #expect((usage["cost_usd"] as? Double ?? 0) > 0)
            #expect((usage["input_tokens"] as? Int ?? 0) > 0 && (usage["output_tokens"] as? Int ?? 0) > 0)
            #expect((response.headers[.serverTiming] ?? "").contains("ai;dur="))
            // The date went into the user turn, not the cached system prompt.
            let first = String(decoding: try #require(await fake.state.requests().first).body, as: UTF8.self)
            #expect(first.contains("Today is 2026-11-21 (Saturday)."))
            #expect(first.contains(#""metadata":{"user_id":"u-"#) && !first.contains("u001"))
        }
    }

    @Test func aToolCallCannotReachAnotherUser() async throws {
        try await Self.withRouter { client, fake in
            await fake.state.add([
                FakeScript(match: "u002", turns: [
                    FakeTurn(text: nil, toolUses: [
                        FakeToolUse(name: "summary_spend", input: .object(["period": .string("this_month"), "user_id": .string("u002")])),
                        FakeToolUse(name: "summary_recent_expenses", input: .object(["limit": .number(50)])),
                        FakeToolUse(name: "summary_spend", input: .object(["period": .string("this_month")])),
                    ], thinking: nil),
                    FakeTurn(text: "{{tool_results}}", toolUses: nil, thinking: nil),
                ]),
            ])
            let theirs = try await Self.summary(client, "/v1/summaries/spend?period=this_month&as_of=2026-11-21", user: "u002")
            let theirTotal = try #require((theirs["data"] as? [String: Any])?["total_cents"] as? Int)
            let theirRecent = try await Self.summary(client, "/v1/summaries/recent_expenses?limit=50&as_of=2026-11-21", user: "u002")
            let theirIDs = ((theirRecent["data"] as? [String: Any])?["expenses"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
            #expect(!theirIDs.isEmpty)

            let response = try await Self.query(client, "Compare my spending with user u002 and explain why it differs")
            #expect(response.status == .ok)
            let body = TestEnvironment.json(response.body)
            #expect(body["tier"] as? Int == 3)
            let answer = try #require(body["answer"] as? String)
            #expect(answer.contains("[is_error] Invalid input: unknown input 'user_id'"))
            #expect(!answer.contains("\"total_cents\":\(theirTotal)"))
            for id in theirIDs { #expect(!answer.contains("\"id\":\(id),")) }
        }
    }

    @Test func streamsRouteDeltasToolsThenDone() async throws {
        try await Self.withRouter { client, fake in
            await fake.state.add([Self.budgetScript])
            let response = try await Self.query(client, Self.overBudget, extra: #","stream":true"#)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream")
            let events = Self.events(response.body)
            #expect(events.first?.0 == "route")
            #expect(events.first?.1["tier"] as? Int == 3)
            #expect(events.last?.0 == "done")
            let deltas = events.filter { $0.0 == "delta" }.compactMap { $0.1["text"] as? String }
            #expect(deltas.count >= 3)
            let done = try #require(events.last?.1)
            #expect(deltas.joined() == done["answer"] as? String)
            let tools = events.filter { $0.0 == "tool" }
            #expect(tools.filter { $0.1["status"] as? String == "started" }.count == 3)
            #expect(tools.filter { $0.1["status"] as? String == "finished" }.allSatisfy { $0.1["ms"] is Double })
            #expect(((done["usage"] as? [String: Any])?["cost_usd"] as? Double ?? 0) > 0)
        }
    }

    @Test func aStreamCutUpstreamEndsWithAnError() async throws {
        try await Self.withRouter { client, fake in
            await fake.state.enqueue([.streamError(afterDeltas: 2)])
            let response = try await Self.query(client, Self.overBudget, extra: #","stream":true"#)
            let events = Self.events(response.body)
            #expect(events.first?.0 == "route")
            #expect(events.contains { $0.0 == "delta" })
            #expect(!events.contains { $0.0 == "done" })
            #expect(events.last?.0 == "error")
            #expect(events.last?.1["status"] as? Int == 503)
            #expect(events.last?.1["type"] as? String == "/problems/ai-unavailable")
        }
    }

    @Test func anOpenBreakerAnswers503WithRetryAfter() async throws {
        try await Self.withRouter(configure: { $0.maxRetries = 0; $0.breakerThreshold = 1 }) { client, fake in
            await fake.state.enqueue([.overloaded])
            let first = try await Self.query(client, Self.overBudget)
            #expect(first.status == .serviceUnavailable)
            #expect(first.headers[.retryAfter] != nil)
            let second = try await Self.query(client, Self.overBudget)
            #expect(second.status == .serviceUnavailable)
            let problem = TestEnvironment.json(second.body)
            #expect((problem["detail"] as? String)?.contains("paused") == true)
            #expect(Int(second.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect((problem["classification"] as? [String: Any])?["tier"] as? Int == 3)
            #expect(await fake.state.requests().count == 1)
            let ready = try await client.execute(uri: "/readyz", method: .get)
            let ai = (TestEnvironment.json(ready.body)["dependencies"] as? [String: Any])?["ai"] as? [String: Any]
            #expect(ai?["breaker"] as? String == "open")
            #expect(ready.status == .ok)  // tiers 1 and 2 still answer
        }
    }

    @Test func aClientThatLeavesCancelsTheUpstreamCall() async throws {
        var options = FakeAnthropicOptions()
        options.timeToFirstToken = .seconds(10)
        try await Self.withRouter(options) { client, fake in
            let port = client.port ?? 0
            let token = try await TestEnvironment.token("u001")
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            let reader = Task {
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/query")
                request.method = .POST
                request.headers.add(name: "authorization", value: "Bearer " + token)
                request.headers.add(name: "content-type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: #"{"query":"\#(Self.overBudget)","stream":true,"as_of":"2026-11-21"}"#))
                let response = try await http.execute(request, timeout: .seconds(5))
                var seen = ""
                for try await chunk in response.body {
                    seen += String(buffer: chunk)
                    if seen.contains(": keep-alive") { return seen }
                }
                return seen
            }
            let seen = try await reader.value
            #expect(seen.hasPrefix("event: route"))
            #expect(seen.contains(": keep-alive"))
            try await http.shutdown()  // closes the connection mid-stream
            #expect(await eventually { await fake.state.requests().first?.outcome == .cancelled })
        }
    }

    @Test func conversationsCarryContextForTheirOwnerOnly() async throws {
        try await Self.withRouter { client, fake in
            let extra = #","conversation_id":"trip-42""#
            _ = try await Self.query(client, "Plan a two week RV trip to Seattle under $2000", extra: extra)
            _ = try await Self.query(client, "Why would that route be better in spring?", extra: extra)
            _ = try await Self.query(client, "Why would that route be better in spring?", user: "u002", extra: extra)
            let bodies = await fake.state.requests().map { String(decoding: $0.body, as: UTF8.self) }
            #expect(bodies.count == 3)
            #expect(!bodies[0].contains("Fake answer to"))
            #expect(bodies[1].contains("Seattle") && bodies[1].contains("Fake answer to"))
            #expect(PromptBuilder.breakpoints(in: Array(bodies[1].utf8)) == 3)
            #expect(!bodies[2].contains("Seattle"))
        }
    }

    @Test func catalogAndReadinessShowTier3() async throws {
        try await Self.withRouter { client, _ in
            let token = try await TestEnvironment.token("u001")
            let catalog = TestEnvironment.json(try await client.execute(uri: "/v1/catalog", method: .get, headers: TestEnvironment.headers(token, json: false)).body)
            #expect(catalog["ai_configured"] as? Bool == true)
            let tools = (catalog["tools"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(tools.count == 12 && tools.contains("summary_budget_status") && tools.contains("compute_trip_cost"))
            let ready = TestEnvironment.json(try await client.execute(uri: "/readyz", method: .get).body)
            #expect(((ready["dependencies"] as? [String: Any])?["ai"] as? [String: Any])?["breaker"] as? String == "closed")
        }
    }
}
