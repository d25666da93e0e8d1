import AsyncHTTPClient
import FakeAnthropic
import Foundation
import Logging
import Resilience
import ResilienceTesting
import Testing

@testable import Tier3AI

/// The tool loop, retries, breaker, bulkhead and deadline against the fake Messages API.
@Suite struct AssistantTests {
    static let spend = ToolDefinition(
        name: "summary_spend", description: "Spending in a period.",
        inputSchema: ["type": "object", "properties": ["period": ["type": "string"]]]
    )
    static let budget = ToolDefinition(
        name: "summary_budget_status", description: "Budget status of a month.",
        inputSchema: ["type": "object", "properties": ["period": ["type": "string"]]]
    )
    static let split = ToolDefinition(
        name: "compute_split", description: "Split an amount.",
        inputSchema: ["type": "object", "properties": ["amount": ["type": "number"], "people": ["type": "integer"]], "required": ["amount", "people"]]
    )
    /// Long enough (≈ 1,500 estimated tokens with the tools) to pass the 1,024-token minimum.
    static let system = [String(repeating: "You help RV travellers with their money and trips. ", count: 110), "Use tools for numbers."]

    /// A fake server, an assistant pointed at it, and cleanup.
    static func withAssistant(
        _ options: FakeAnthropicOptions = FakeAnthropicOptions(), configure: (inout AnthropicConfiguration) -> Void = { _ in },
        time: any TimeSource = SystemTime(), _ body: (Assistant, RunningFakeAnthropic) async throws -> Void
    ) async throws {
        let fake = try await FakeAnthropicServer.start(options: options)
        var configuration = AnthropicConfiguration(apiKey: "test-key", baseURL: fake.baseURL, model: "claude-sonnet-5-5")
        configure(&configuration)
        let http = AnthropicClient.makeHTTPClient(configuration)
        let prompt = PromptBuilder(
            model: configuration.model, maxTokens: 512, system: system,
            bundles: [.spending: [spend, budget, split], .travel: [split], .general: [spend, budget, split]]
        )
        let assistant = Assistant(
            client: AnthropicClient(configuration: configuration, http: http, logger: Logger(label: "test")), prompt: prompt,
            logger: Logger(label: "test"), time: time
        )
        do {
            try await body(assistant, fake)
        } catch {
            try? await http.shutdown()
            await fake.stop()
            throw error
        }
        try await http.shutdown()
        await fake.stop()
    }

    /// Records events; counts tools running at once.
    actor Recorder {
        var events: [AssistantEvent] = []
        var running = 0
        var maxRunning = 0
        func record(_ event: AssistantEvent) { events.append(event) }
        func enter() { running += 1; maxRunning = max(maxRunning, running) }
        func leave() { running -= 1 }
        var text: String { events.compactMap { if case .text(let t) = $0 { t } else { nil } }.joined() }
    }

    static func question(_ text: String, domain: ToolDomain = .spending, recorder: Recorder? = nil) -> Assistant.Request {
        Assistant.Request(domain: domain, question: text) { name, input in
            await recorder?.enter()
            // Both parallel calls overlap only if they really run concurrently.
            try? await Task.sleep(for: .milliseconds(150))
            await recorder?.leave()
            switch name {
            case "summary_spend": return ToolOutcome(content: #"{"total_cents":12345,"input":\#(input)}"#)
            case "summary_budget_status": return ToolOutcome(content: #"{"total_remaining_cents":500}"#)
            case "compute_split": return ToolOutcome(content: #"{"per_person":61.73}"#)
            default: return ToolOutcome(content: "no tool \(name)", isError: true)
            }
        }
    }

    @Test func parallelToolsThenASecondRound() async throws {
        try await Self.withAssistant { assistant, fake in
            await fake.state.add([
                FakeScript(match: "over budget", turns: [
                    FakeTurn(text: "Let me check.", toolUses: [
                        FakeToolUse(name: "summary_spend", input: .object(["period": .string("this_month")])),
                        FakeToolUse(name: "summary_budget_status", input: .object([:])),
                    ], thinking: true),
                    FakeTurn(text: nil, toolUses: [
                        FakeToolUse(name: "compute_split", input: .object(["amount": .number(123.45), "people": .number(2)])),
                    ], thinking: nil),
                    FakeTurn(text: "Results: {{tool_results}}", toolUses: nil, thinking: nil),
                ]),
            ])
            let recorder = Recorder()
            let answer = try await assistant.answer(Self.question("Am I over budget?", recorder: recorder)) { await recorder.record($0) }
            #expect(answer.calls == 3)
            #expect(answer.toolCalls.map(\.name) == ["summary_spend", "summary_budget_status", "compute_split"])
            #expect(await recorder.maxRunning == 2)
            #expect(answer.text.hasPrefix("Let me check.\n\nResults: "))
            #expect(answer.text.contains("12345") && answer.text.contains("500") && answer.text.contains("61.73"))
            #expect(await recorder.text == answer.text)
            #expect(answer.stop == .endTurn)
            let events = await recorder.events
            #expect(events.filter { if case .toolStarted = $0 { true } else { false } }.count == 3)
            // The second request echoes the first turn (thinking block included) and answers every tool_use.
            let requests = await fake.state.requests()
            #expect(requests.count == 3 && requests.allSatisfy { $0.status == 200 })
            let second = String(decoding: requests[1].body, as: UTF8.self)
            #expect(second.contains(#""type":"thinking""#) && second.contains(#""type":"tool_result""#))
        }
    }

    @Test func sameDomainRequestsShareTheirPrefixAndTheSecondReadsTheCache() async throws {
        try await Self.withAssistant { assistant, fake in
            let first = try await assistant.answer(Self.question("How is my food spending?"))
            let second = try await assistant.answer(Self.question("And what about camping fees?"))
            let bodies = await fake.state.requests().map(\.body)
            #expect(bodies.count == 2)
            // Identical bytes up to and including the last breakpoint of the first body.
            let a = String(decoding: bodies[0], as: UTF8.self)
            let b = String(decoding: bodies[1], as: UTF8.self)
            let marker = try #require(a.range(of: #""cache_control":{"type":"ephemeral"}"#, options: .backwards))
            let prefix = a[..<marker.upperBound]
            #expect(b.hasPrefix(prefix))
            #expect(PromptBuilder.breakpoints(in: bodies[0]) == 2)
            #expect(first.usage.cacheCreationInputTokens > 1024 && first.usage.cacheReadInputTokens == 0)
            #expect(second.usage.cacheReadInputTokens == first.usage.cacheCreationInputTokens)
            #expect(second.usage.cacheCreationInputTokens == 0)
            #expect(second.costUSD < first.costUSD)
            let price = try #require(ModelPrice.defaults["claude-sonnet-5-5"])
            #expect(first.spend.microdollars == price.microdollars(of: first.usage))
            #expect(abs(first.costUSD - price.cost(of: first.usage)) < 1e-6)
            // A different domain has a different tool bundle: no read of the spending prefix.
            let travel = try await assistant.answer(Self.question("Split it", domain: .travel))
            #expect(travel.usage.cacheReadInputTokens == 0)
        }
    }

    @Test func retryAfterIsHonoured() async throws {
        try await Self.withAssistant { assistant, fake in
            await fake.state.enqueue([.rateLimit(retryAfterSeconds: 1)])
            let start = ContinuousClock.now
            let answer = try await assistant.answer(Self.question("hello there"))
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= .seconds(1))
            #expect(elapsed < .seconds(10))
            #expect(answer.retries == 1)
            let statuses = await fake.state.requests().map(\.status)
            #expect(statuses == [429, 200])
        }
    }

    @Test func serverErrorsAreRetriedThenGiveUp() async throws {
        try await Self.withAssistant(configure: { $0.maxRetries = 2 }) { assistant, fake in
            await fake.state.enqueue([.serverError, .overloaded])
            let answer = try await assistant.answer(Self.question("hello"))
            #expect(answer.retries == 2)
            await fake.state.enqueue([.overloaded, .overloaded, .overloaded])
            do throws(AIError) {
                _ = try await assistant.answer(Self.question("hello"))
                Issue.record("expected the third 529 to be final")
            } catch {
                guard case .upstream(529, "overloaded_error", _, _) = error else { Issue.record("got \(error)"); return }
            }
            #expect(await fake.state.requests().count == 6)
        }
    }

    @Test func breakerOpensAndRecovers() async throws {
        let time = ManualTime()
        try await Self.withAssistant(configure: { $0.maxRetries = 0; $0.breakerThreshold = 2; $0.breakerOpenDuration = .seconds(15) }, time: time) {
            assistant, fake in
            await fake.state.enqueue([.overloaded, .overloaded])
            for _ in 0..<2 {
                await #expect(throws: AIError.self) { _ = try await assistant.answer(Self.question("hi")) }
            }
            #expect(assistant.breaker.state == .open)
            // Open: refused without a call.
            do throws(AIError) {
                _ = try await assistant.answer(Self.question("hi"))
                Issue.record("expected the breaker to refuse")
            } catch {
                guard case .breakerOpen(let seconds) = error else { Issue.record("got \(error)"); return }
                #expect(seconds == 15)
            }
            #expect(await fake.state.requests().count == 2)
            time.advance(by: .seconds(15))
            #expect(assistant.breaker.state == .halfOpen)
            _ = try await assistant.answer(Self.question("hi"))
            #expect(assistant.breaker.state == .closed)
            #expect(await fake.state.requests().count == 3)
        }
    }

    @Test func aCutStreamIsAnErrorNeverAnAnswer() async throws {
        try await Self.withAssistant { assistant, fake in
            await fake.state.enqueue([.streamError(afterDeltas: 2)])
            let recorder = Recorder()
            do throws(AIError) {
                _ = try await assistant.answer(Self.question("tell me a long story")) { await recorder.record($0) }
                Issue.record("expected an error")
            } catch {
                guard case .streamError(let type, _) = error else { Issue.record("got \(error)"); return }
                #expect(type == "overloaded_error")
            }
            // Text had reached the client: no retry (it would repeat it).
            #expect(!(await recorder.text.isEmpty))
            #expect(await fake.state.requests().count == 1)

            await fake.state.enqueue([.drop(afterDeltas: 2)])
            do throws(AIError) {
                _ = try await assistant.answer(Self.question("tell me a long story"))
                Issue.record("expected an error")
            } catch {
                guard case .connection = error else { Issue.record("got \(error)"); return }
            }
            // Cut before any text: retried, and answered.
            await fake.state.enqueue([.drop(afterDeltas: 0)])
            let answer = try await assistant.answer(Self.question("tell me a long story"))
            #expect(answer.retries == 1)
        }
    }

    @Test func theDeadlineEndsAHungCall() async throws {
        let time = ManualTime()
        try await Self.withAssistant(configure: { $0.requestDeadline = .seconds(90); $0.maxRetries = 0 }, time: time) { assistant, fake in
            await fake.state.enqueue([.hang])
            let call = Task { try await assistant.answer(Self.question("hi")) }
            // The signal: the provider has the request, and the deadline is waiting on the clock.
            #expect(await eventually { await fake.state.requests().count == 1 })
            #expect(await time.waitForSleepers(1))
            time.advance(by: .seconds(90))
            await #expect(throws: AIError.timedOut(seconds: 90)) { _ = try await call.value }
        }
    }

    @Test func cancellingTheAnswerCancelsTheUpstreamCall() async throws {
        var options = FakeAnthropicOptions()
        options.timeToFirstToken = .seconds(5)
        try await Self.withAssistant(options) { assistant, fake in
            let task = Task { try await assistant.answer(Self.question("hi")) }
            // Cancel once the provider has the request (it answers after 5 s).
            #expect(await eventually { await fake.state.requests().count == 1 })
            task.cancel()
            _ = await task.result
            #expect(await eventually { await fake.state.requests().first?.outcome == .cancelled })
        }
    }

    @Test func theBulkheadRefusesPastItsQueue() async throws {
        var options = FakeAnthropicOptions()
        options.timeToFirstToken = .seconds(5)
        let time = ManualTime()
        try await Self.withAssistant(options, configure: { $0.maxConcurrent = 1; $0.maxQueued = 1; $0.queueWait = .seconds(2) }, time: time) {
            assistant, _ in
            async let a = assistant.answer(Self.question("one"))
            #expect(await eventually { await assistant.bulkhead.active == 1 })
            async let b = assistant.answer(Self.question("two"))  // waits for a slot, up to 2 s of the clock
            #expect(await eventually { await assistant.bulkhead.queued == 1 })
            async let c = assistant.answer(Self.question("three"))  // the queue is full: refused at once
            let resultC: Result<Assistant.Answer, AIError>
            do { resultC = .success(try await c) } catch let error as AIError { resultC = .failure(error) }
            // Two seconds pass on the clock: b gives up its place in the queue.
            #expect(await time.waitForSleepers(2), "a's deadline and b's queue wait are on the clock")
            time.advance(by: .seconds(2))
            let resultB: Result<Assistant.Answer, AIError>
            do { resultB = .success(try await b) } catch let error as AIError { resultB = .failure(error) }
            _ = try await a
            guard case .failure(.saturated) = resultC, case .failure(.saturated) = resultB else {
                Issue.record("expected both to be refused: \(resultB), \(resultC)")
                return
            }
        }
    }

    @Test func toolRoundsAreBounded() async throws {
        try await Self.withAssistant(configure: { $0.maxToolRounds = 2 }) { assistant, fake in
            let loop = FakeTurn(text: nil, toolUses: [FakeToolUse(name: "summary_spend", input: .object([:]))], thinking: nil)
            await fake.state.add([FakeScript(match: "forever", turns: Array(repeating: loop, count: 10))])
            await #expect(throws: AIError.toolRoundsExceeded(2)) { _ = try await assistant.answer(Self.question("loop forever")) }
            let requests = await fake.state.requests()
            #expect(requests.count == 4)
            // The last request told the model the tools are done.
            #expect(String(decoding: requests[3].body, as: UTF8.self).contains("Tool limit reached"))
        }
    }
}
