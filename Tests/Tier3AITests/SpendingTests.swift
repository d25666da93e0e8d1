import FakeAnthropic
import Foundation
import Resilience
import ResilienceTesting
import Synchronization
import Testing

@testable import Tier3AI

/// Every Messages call that started is paid for with what the provider billed, however the call
/// ended: answered, cut by the provider, cancelled by the caller, or past the deadline. Expected
/// figures come from the fake's own record of what it billed and the fact sheet's price of
/// Sonnet 5.5, never from the code under test.
@Suite struct SpendingTests {
    /// What the fake billed for `usages`, at Sonnet 5.5's list price ($2 in, $10 out, $2.50
    /// 5-minute cache write, $0.10 cache read per million tokens), each call rounded up to a
    /// whole micro-dollar. Worked in hundredths of a micro-dollar: 200, 1,000, 250 and 10 a token.
    static func billed(_ usages: [FakeUsage]) -> Int64 {
        usages.reduce(Int64(0)) { total, u in
            let hundredths = Int64(u.input) * 200 + Int64(u.output) * 1000 + Int64(u.cacheCreation) * 250 + Int64(u.cacheRead) * 10
            return total + (hundredths + 99) / 100
        }
    }

    /// Funding that records every reservation and settlement, and can refuse from the n-th call.
    final class RecordingFunding: CallFunding {
        struct Refused: Error, Equatable {}
        struct Ledger {
            var reserved: [Int64] = []
            var settled: [(hold: Int, spend: Spend)] = []
        }
        let ledger = Mutex(Ledger())
        let refuseFrom: Int?

        init(refuseFrom: Int? = nil) {
            self.refuseFrom = refuseFrom
        }

        func reserve(microdollars: Int64) async throws(Refused) -> Int {
            try ledger.withLock { (l: inout Ledger) throws(Refused) -> Int in
                if let refuseFrom, l.reserved.count >= refuseFrom { throw Refused() }
                l.reserved.append(microdollars)
                return l.reserved.count - 1
            }
        }

        func settle(_ hold: Int, spend: Spend) async {
            ledger.withLock { $0.settled.append((hold, spend)) }
        }

        var reserved: [Int64] { ledger.withLock { $0.reserved } }
        var settled: [(hold: Int, spend: Spend)] { ledger.withLock { $0.settled } }
        var settledMicros: Int64 { settled.reduce(0) { $0 + $1.spend.microdollars } }
    }

    /// The second call has started and waits at the hold.
    static func secondCallHeld(_ fake: RunningFakeAnthropic) async -> Bool {
        let started = await fake.state.requests().count
        let waiting = await fake.state.waitingOnHold
        return started == 2 && waiting == 1
    }

    typealias Outcome = Result<Assistant.Answer, AssistantFailure<RecordingFunding.Refused>>

    static func answer(
        _ assistant: Assistant, _ request: Assistant.Request, funding: RecordingFunding, recorder: AssistantTests.Recorder? = nil
    ) async -> Outcome {
        do throws(AssistantFailure<RecordingFunding.Refused>) {
            return .success(try await assistant.answer(request, funding: funding) { await recorder?.record($0) })
        } catch {
            return .failure(error)
        }
    }

    /// Each reservation was settled exactly once, and never below what it cost.
    static func expectSettledOnce(_ funding: RecordingFunding) {
        let settled = funding.settled
        #expect(settled.map(\.hold).sorted() == Array(funding.reserved.indices))
        for (hold, spend) in settled { #expect(spend.microdollars <= funding.reserved[hold], "the worst case bounds the call") }
    }

    static let twoRounds = FakeScript(match: "two rounds", turns: [
        FakeTurn(text: "Checking.", toolUses: [FakeToolUse(name: "summary_spend", input: .object(["period": .string("this_month")]))], thinking: nil),
        FakeTurn(text: "Now the split.", toolUses: [FakeToolUse(name: "compute_split", input: .object(["amount": .number(10), "people": .number(2)]))], thinking: nil),
        FakeTurn(text: "Done: {{tool_results}}", toolUses: nil, thinking: nil),
    ])

    @Test func microdollarsAreExactAndRoundedUpPerCall() {
        let sonnet = ModelPrice(input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.10)
        // 30 cache reads at $0.10/M are 3 µ$ exactly (in floating point 3.0000000000000004).
        #expect(sonnet.microdollars(of: Usage(cacheRead: 30)) == 3)
        #expect(sonnet.microdollars(of: Usage(cacheRead: 31)) == 4)
        // 3 tokens written for 5 minutes: 7.5 µ$, charged 8.
        #expect(sonnet.microdollars(of: Usage(cacheCreation: 3)) == 8)
        #expect(sonnet.microdollars(of: Usage(input: 1000, output: 500)) == 7000)
        #expect(sonnet.microdollars(of: Usage(cacheCreation: 3000, cacheCreation1h: 1000)) == 2000 * 5 / 2 + 1000 * 4)
        #expect(sonnet.microdollars(of: Usage()) == 0)
    }

    @Test func aCallCutShortIsBilledForWhatArrived() throws {
        var accumulator = MessageAccumulator()
        let start = #"{"type":"message_start","message":{"id":"m","usage":{"input_tokens":377,"cache_creation_input_tokens":10,"cache_read_input_tokens":2048,"output_tokens":1}}}"#
        _ = try accumulator.apply(SSEEvent(event: "message_start", data: start))
        #expect(accumulator.billedUsage == Usage(input: 377, output: 1, cacheCreation: 10, cacheRead: 2048))
        _ = try accumulator.apply(SSEEvent(event: "content_block_start", data: #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#))
        // 13 bytes of text: 4 tokens at four bytes a token.
        _ = try accumulator.apply(SSEEvent(event: "content_block_delta", data: #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello, there!"}}"#))
        #expect(accumulator.billedUsage.outputTokens == 4)
        _ = try accumulator.apply(SSEEvent(event: "content_block_start", data: #"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"t","name":"x","input":{}}}"#))
        // 8 bytes of tool input: 2 more.
        _ = try accumulator.apply(SSEEvent(event: "content_block_delta", data: #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"a\": 12"}}"#))
        #expect(accumulator.billedUsage.outputTokens == 6)
        #expect(accumulator.billedUsage.inputTokens == 377)
        // Once message_delta reports the output, that is the figure, estimate or not.
        _ = try accumulator.apply(SSEEvent(event: "message_delta", data: #"{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":5}}"#))
        #expect(accumulator.billedUsage == Usage(input: 377, output: 5, cacheCreation: 10, cacheRead: 2048))
        // Nothing started, nothing billed.
        #expect(MessageAccumulator().billedUsage == Usage())
    }

    @Test func everyCallOfAnAnswerIsReservedThenSettled() async throws {
        try await AssistantTests.withAssistant { assistant, fake in
            await fake.state.add([Self.twoRounds])
            let funding = RecordingFunding()
            guard case .success(let answer) = await Self.answer(assistant, AssistantTests.question("two rounds please"), funding: funding) else {
                Issue.record("expected an answer")
                return
            }
            let records = await fake.state.requests()
            #expect(records.count == 3 && answer.calls == 3)
            #expect(funding.reserved.count == 3)
            Self.expectSettledOnce(funding)
            #expect(answer.spend.microdollars == Self.billed(records.map(\.usage)))
            #expect(funding.settledMicros == answer.spend.microdollars)
            #expect(answer.usage.outputTokens == records.reduce(0) { $0 + $1.usage.output })
        }
    }

    @Test func aStreamTheProviderCutsIsChargedWhatItUsed() async throws {
        try await AssistantTests.withAssistant { assistant, fake in
            for fault in [FakeFault.streamError(afterDeltas: 2), .drop(afterDeltas: 2)] {
                await fake.state.reset()
                await fake.state.enqueue([fault])
                let funding = RecordingFunding()
                guard case .failure(let failure) = await Self.answer(assistant, AssistantTests.question("tell me a long story"), funding: funding)
                else {
                    Issue.record("expected \(fault) to end the answer")
                    continue
                }
                // Text had reached the caller: not retried.
                #expect(await eventually { await fake.state.requests().first?.outcome == .fault })
                let records = await fake.state.requests()
                #expect(records.count == 1)
                #expect(records[0].usage.output > 1, "the fake billed the two deltas it sent")
                #expect(failure.spend.microdollars == Self.billed(records.map(\.usage)), "\(fault)")
                #expect(failure.spend.usage.outputTokens == records[0].usage.output)
                Self.expectSettledOnce(funding)
                #expect(funding.settledMicros == failure.spend.microdollars)
            }
        }
    }

    @Test func aRetriedAttemptIsChargedToo() async throws {
        try await AssistantTests.withAssistant { assistant, fake in
            // Cut after message_start, before any text: retried, and the cut attempt still billed.
            await fake.state.enqueue([.drop(afterDeltas: 0)])
            let funding = RecordingFunding()
            guard case .success(let answer) = await Self.answer(assistant, AssistantTests.question("hello"), funding: funding) else {
                Issue.record("expected an answer")
                return
            }
            let records = await fake.state.requests()
            #expect(answer.retries == 1 && records.count == 2)
            #expect(records[0].usage.input + records[0].usage.cacheCreation + records[0].usage.cacheRead > 0)
            #expect(answer.spend.microdollars == Self.billed(records.map(\.usage)))
            #expect(funding.reserved.count == 2)
            Self.expectSettledOnce(funding)
        }
    }

    @Test func aCancelledAnswerIsChargedForTheCallsItStarted() async throws {
        try await AssistantTests.withAssistant { assistant, fake in
            await fake.state.add([Self.twoRounds])
            // Each call waits after its first text delta; the test lets the first one go.
            await fake.state.hold(at: .afterFirstTextDelta)
            let funding = RecordingFunding()
            let recorder = AssistantTests.Recorder()
            let task = Task { await Self.answer(assistant, AssistantTests.question("two rounds please"), funding: funding, recorder: recorder) }
            #expect(await eventually { await fake.state.waitingOnHold == 1 })
            await fake.state.releaseWaiting()
            // The second call has sent its first delta, and the caller has read it.
            #expect(await eventually { await Self.secondCallHeld(fake) })
            #expect(await eventually { await recorder.text.contains("Now") })
            task.cancel()
            guard case .failure(let failure) = await task.value else {
                Issue.record("expected the cancelled answer to fail")
                return
            }
            #expect(failure.reason == .ai(.cancelled))
            let records = await fake.state.requests()
            #expect(records.count == 2)
            #expect(failure.spend.microdollars == Self.billed(records.map(\.usage)))
            Self.expectSettledOnce(funding)
            #expect(funding.settledMicros == failure.spend.microdollars)
            await fake.state.release()
        }
    }

    @Test func anAnswerPastItsDeadlineIsChargedForTheCallsItStarted() async throws {
        let time = ManualTime()
        try await AssistantTests.withAssistant(configure: { $0.requestDeadline = .seconds(90) }, time: time) { assistant, fake in
            await fake.state.add([Self.twoRounds])
            await fake.state.hold(at: .afterFirstTextDelta)
            let funding = RecordingFunding()
            let recorder = AssistantTests.Recorder()
            let task = Task { await Self.answer(assistant, AssistantTests.question("two rounds please"), funding: funding, recorder: recorder) }
            #expect(await eventually { await fake.state.waitingOnHold == 1 })
            await fake.state.releaseWaiting()
            #expect(await eventually { await Self.secondCallHeld(fake) })
            #expect(await eventually { await recorder.text.contains("Now") })
            #expect(await time.waitForSleepers(1))
            time.advance(by: .seconds(90))
            guard case .failure(let failure) = await task.value else {
                Issue.record("expected the deadline to end the answer")
                return
            }
            #expect(failure.reason == .ai(.timedOut(seconds: 90)))
            let records = await fake.state.requests()
            #expect(failure.spend.microdollars == Self.billed(records.map(\.usage)))
            Self.expectSettledOnce(funding)
            #expect(funding.settledMicros == failure.spend.microdollars)
            await fake.state.release()
        }
    }

    @Test func aRefusedCallEndsTheAnswerAndKeepsWhatWasSpent() async throws {
        try await AssistantTests.withAssistant { assistant, fake in
            await fake.state.add([Self.twoRounds])
            let funding = RecordingFunding(refuseFrom: 1)
            guard case .failure(let failure) = await Self.answer(assistant, AssistantTests.question("two rounds please"), funding: funding) else {
                Issue.record("expected the second call to be refused")
                return
            }
            #expect(failure.reason == .refused(RecordingFunding.Refused()))
            let records = await fake.state.requests()
            #expect(records.count == 1)
            #expect(failure.spend.microdollars == Self.billed(records.map(\.usage)))
            Self.expectSettledOnce(funding)
        }
    }

    @Test func theWorstCaseGrowsWithThePrompt() async throws {
        try await AssistantTests.withAssistant { assistant, _ in
            let short = assistant.worstCaseMicrodollars(ofFirstCallOf: AssistantTests.question("hi"))
            let long = assistant.worstCaseMicrodollars(ofFirstCallOf: AssistantTests.question(String(repeating: "why so much? ", count: 400)))
            // 5,198 more bytes at two bytes a token, each at the dearest input rate ($4/M).
            #expect(long - short >= 2599 * 4 - 1)
            // A short question: its input and `max_tokens` (512) of output at $10/M, far below a whole answer's worst case.
            #expect(short > 512 * 10 && short < 40_000)
        }
    }
}
