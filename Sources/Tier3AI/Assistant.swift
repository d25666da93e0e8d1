import Foundation
import Logging
import Resilience

/// Tier 3: answers one question with Claude. It sends the domain's fixed tool bundle, runs the
/// tool calls the model asks for (in parallel, through the executor the Router bound to the
/// asking user), and loops for a bounded number of rounds. Around each Messages call sit the
/// breaker and retries; around the whole answer, the bulkhead and the deadline.
public struct Assistant: Sendable {
    public let configuration: AnthropicConfiguration
    public let client: AnthropicClient
    public let prompt: PromptBuilder
    /// The provider's breaker: the same breaker every dependency has.
    public let breaker: CircuitBreaker
    public let bulkhead: Bulkhead
    let retry: RetryPolicy
    let logger: Logger
    /// The time the deadline, the retries' waits, the breaker and the bulkhead read.
    let time: any TimeSource

    public init(client: AnthropicClient, prompt: PromptBuilder, logger: Logger, time: any TimeSource = SystemTime()) {
        let configuration = client.configuration
        self.configuration = configuration
        self.client = client
        self.prompt = prompt
        // A second caller while the probe call is out waits a second (a model call takes longer).
        self.breaker = CircuitBreaker(
            name: "ai", failureThreshold: configuration.breakerThreshold, openDuration: configuration.breakerOpenDuration,
            probeRetry: .seconds(1), time: time
        )
        self.bulkhead = Bulkhead(
            limit: configuration.maxConcurrent, maxQueued: configuration.maxQueued, maxWait: configuration.queueWait, time: time
        )
        self.retry = RetryPolicy(maxRetries: configuration.maxRetries)
        self.logger = logger
        self.time = time
    }

    public struct Request: Sendable {
        public var domain: ToolDomain
        /// The question as sent to the model (the Router adds the date it answers for).
        public var question: String
        /// Earlier exchanges of the same conversation.
        public var history: [PromptBuilder.Turn]
        /// An opaque per-user id for the provider's abuse monitoring (never the user id itself).
        public var metadataUserID: String?
        public var execute: ToolExecutor

        public init(
            domain: ToolDomain, question: String, history: [PromptBuilder.Turn] = [], metadataUserID: String? = nil,
            execute: @escaping ToolExecutor
        ) {
            self.domain = domain
            self.question = question
            self.history = history
            self.metadataUserID = metadataUserID
            self.execute = execute
        }
    }

    public struct Answer: Sendable {
        /// Everything the model wrote to the user: the sum of the `text` events.
        public var text: String
        /// Tokens and cost of every call the answer made, retried attempts the provider billed
        /// included.
        public var spend: Spend
        public var model: String
        /// Why the last round ended.
        public var stop: StopReason
        /// Messages calls made (one per round), and retries among them.
        public var calls: Int
        public var retries: Int
        public var toolCalls: [ToolCall]

        public var usage: Usage { spend.usage }
        public var costUSD: Double { spend.dollars }
    }

    /// The most one Messages call sending `body` can cost, in micro-dollars: its input at two
    /// bytes a token (English and JSON run three to four) plus 1,000 tokens for what the provider
    /// adds around tools, all at the dearest input rate (a one-hour cache write), and `max_tokens`
    /// of output. Reserved before each call, so concurrent calls cannot together overshoot a
    /// budget, and sized by the prompt actually sent rather than by the longest answer possible.
    public func worstCaseMicrodollars(ofCallWith body: [UInt8]) -> Int64 {
        let price = configuration.effectivePrice
        let input = Int64(body.count / 2 + 1000)
        let pico = input * ModelPrice.pico(price.dearestInput) + Int64(max(0, prompt.maxTokens)) * ModelPrice.pico(price.output)
        return (pico + 999_999) / 1_000_000
    }

    /// The worst case of `request`'s first call (what an answer holds before it starts).
    public func worstCaseMicrodollars(ofFirstCallOf request: Request) -> Int64 {
        worstCaseMicrodollars(ofCallWith: prompt.body(
            domain: request.domain, history: request.history, question: request.question, stream: true,
            metadataUserID: request.metadataUserID
        ))
    }

    /// Answers `request` without a budget (tests, tools): failures are the provider's.
    public func answer(
        _ request: Request, onEvent: @escaping @Sendable (AssistantEvent) async -> Void = { _ in }
    ) async throws(AIError) -> Answer {
        do throws(AssistantFailure<Never>) {
            return try await answer(request, funding: Unfunded(), onEvent: onEvent)
        } catch {
            switch error.reason {
            case .ai(let reason): throw reason
            case .refused(let never): switch never {}
            }
        }
    }

    /// Answers `request`, relaying text and tool activity to `onEvent` as it happens. Every
    /// Messages call is reserved with `funding` before it starts and settled after it ends, with
    /// what the provider billed, also when the answer fails, is cancelled or passes its
    /// deadline; a failure carries what its calls cost.
    public func answer<Funding: CallFunding>(
        _ request: Request, funding: Funding, onEvent: @escaping @Sendable (AssistantEvent) async -> Void = { _ in }
    ) async throws(AssistantFailure<Funding.Refusal>) -> Answer {
        typealias Reason = AssistantFailure<Funding.Refusal>.Reason
        let meter = SpendMeter()
        let limit = configuration.requestDeadline
        let deadline = time.now + limit
        let outcome: Result<Answer, Reason>
        do throws(AIError) {
            outcome = try await bulkhead.run {
                await self.untilDeadline(limit) { () async -> Result<Answer, Reason> in
                    do throws(Reason) {
                        return .success(try await self.loop(request, funding: funding, meter: meter, deadline: deadline, onEvent: onEvent))
                    } catch {
                        return .failure(error)
                    }
                }
            }
        } catch {
            outcome = .failure(.ai(error))
        }
        switch outcome {
        case .success(let answer): return answer
        case .failure(let reason): throw AssistantFailure(reason: reason, spend: meter.total)
        }
    }

    private enum Race<T: Sendable>: Sendable {
        case finished(T)
        case deadlinePassed
        case timerStopped
    }

    /// Runs `body` until it finishes or `limit` passes. At the deadline `body` is cancelled and
    /// then awaited (unlike `withDeadline`, which answers at once and leaves the work behind):
    /// the calls it started settle before this returns, so a timed-out answer knows what it
    /// spent. `body` ends promptly when cancelled (the HTTP client and the retry waits honour it).
    private func untilDeadline<Refusal: Error & Sendable>(
        _ limit: Duration, _ body: @escaping @Sendable () async -> Result<Answer, AssistantFailure<Refusal>.Reason>
    ) async -> Result<Answer, AssistantFailure<Refusal>.Reason> {
        let time = self.time
        return await withTaskGroup(of: Race<Result<Answer, AssistantFailure<Refusal>.Reason>>.self) { group in
            group.addTask { .finished(await body()) }
            group.addTask {
                do {
                    try await time.sleep(for: limit)
                    return .deadlinePassed
                } catch {
                    return .timerStopped
                }
            }
            var passed = false
            while let next = await group.next() {
                switch next {
                case .finished(let result):
                    group.cancelAll()
                    if passed, case .failure = result { return .failure(.ai(.timedOut(seconds: limit.seconds))) }
                    return result
                case .deadlinePassed:
                    passed = true
                    group.cancelAll()
                case .timerStopped:
                    continue
                }
            }
            return .failure(.ai(.cancelled))  // not reached: `body` always finishes
        }
    }

    private func loop<Funding: CallFunding>(
        _ request: Request, funding: Funding, meter: SpendMeter, deadline: ContinuousClock.Instant,
        onEvent: @escaping @Sendable (AssistantEvent) async -> Void
    ) async throws(AssistantFailure<Funding.Refusal>.Reason) -> Answer {
        var followUps: [PromptBuilder.Turn] = []
        var text = ""
        var calls = 0
        var retries = 0
        var toolCalls: [ToolCall] = []
        var rounds = 0
        while true {
            let body = prompt.body(
                domain: request.domain, history: request.history, question: request.question, followUps: followUps,
                stream: true, metadataUserID: request.metadataUserID
            )
            // Rounds after the first start a new paragraph, so the relayed text reads as one answer.
            let separator = text.isEmpty || text.hasSuffix("\n") ? "" : "\n\n"
            var pendingSeparator = separator
            let message = try await call(body, funding: funding, meter: meter, deadline: deadline, retries: &retries) { piece in
                if !pendingSeparator.isEmpty {
                    text += pendingSeparator
                    await onEvent(.text(pendingSeparator))
                    pendingSeparator = ""
                }
                text += piece
                await onEvent(.text(piece))
            }
            calls += 1
            let content = message.content
            let uses: [(id: String, name: String, input: String)] = content.compactMap {
                if case .toolUse(let id, let name, let input) = $0 { return (id, name, input) } else { return nil }
            }
            let reason = message.stopReason ?? .endTurn
            if reason == .pauseTurn || (reason == .toolUse && !uses.isEmpty) {
                rounds += 1
                if rounds > configuration.maxToolRounds + 1 { throw .ai(.toolRoundsExceeded(configuration.maxToolRounds)) }
                // The assistant turn echoed back exactly: text, tool_use and every other block verbatim.
                followUps.append(PromptBuilder.Turn(role: .assistant, content: .blocks(message.echoedContent)))
                if reason == .pauseTurn { continue }
                let results: [(ToolCall, ToolOutcome)]
                if rounds > configuration.maxToolRounds {
                    // Past the bound: no more tools; the model answers with what it has.
                    results = uses.map {
                        (ToolCall(id: $0.id, name: $0.name, isError: true, milliseconds: 0),
                         ToolOutcome(content: "Tool limit reached: answer now with the results you already have.", isError: true))
                    }
                } else {
                    results = await Self.run(uses, execute: request.execute, onEvent: onEvent)
                    toolCalls += results.map(\.0)
                }
                followUps.append(PromptBuilder.Turn(role: .user, content: .blocks(Self.toolResults(results))))
                continue
            }
            return Answer(
                text: text, spend: meter.total, model: configuration.model, stop: reason, calls: calls, retries: retries,
                toolCalls: toolCalls
            )
        }
    }

    /// One Messages call with its funding, the breaker and retries. Each attempt reserves its
    /// worst case first and settles what the provider billed after, whatever ended it; `relay`
    /// sees the text as it streams, and once any of this call's text was relayed the call is not
    /// retried (the user would read it twice).
    private func call<Funding: CallFunding>(
        _ body: [UInt8], funding: Funding, meter: SpendMeter, deadline: ContinuousClock.Instant, retries: inout Int,
        relay: (String) async -> Void
    ) async throws(AssistantFailure<Funding.Refusal>.Reason) -> MessageAccumulator {
        let worst = worstCaseMicrodollars(ofCallWith: body)
        let price = configuration.effectivePrice
        var attempt = 0
        while true {
            // A cancelled answer starts no new call.
            guard !Task.isCancelled else { throw .ai(.cancelled) }
            do {
                try breaker.check()
            } catch {
                throw .ai(.breakerOpen(retryAfterSeconds: error.retryAfterSeconds))
            }
            let hold: Funding.Hold
            do throws(Funding.Refusal) {
                hold = try await funding.reserve(microdollars: worst)
            } catch {
                breaker.released()
                throw .refused(error)
            }
            var accumulator = MessageAccumulator()
            var relayed = false
            var failure: AIError?
            do throws(AIError) {
                try await client.stream(body: body) { (event: SSEEvent) throws(AIError) in
                    let change: MessageAccumulator.Change
                    do throws(StreamError) {
                        change = try accumulator.apply(event)
                    } catch {
                        throw .streamError(type: error.type, message: error.message)
                    }
                    if case .text(let piece) = change, !piece.isEmpty {
                        relayed = true
                        await relay(piece)
                    }
                }
                if !accumulator.finished { failure = .connection("the stream ended before message_stop") }
            } catch {
                failure = error
            }
            // However the call ended, the provider bills what it used: charge it before anything else.
            let spend = Spend(call: accumulator.billedUsage, price: price)
            meter.add(spend)
            await Self.settle(hold, spend: spend, funding: funding)
            guard let error = failure else {
                breaker.succeeded()
                return accumulator
            }
            if error.countsAgainstProvider { breaker.failed(error) } else { breaker.released() }
            guard error.isRetryable, !relayed, attempt < retry.maxRetries, !Task.isCancelled else { throw .ai(error) }
            var retryAfter: Double?
            if case .upstream(_, _, _, let seconds?) = error { retryAfter = Double(seconds) }
            let wait = retry.delay(retry: attempt, retryAfter: retryAfter)
            guard time.now + .seconds(wait) < deadline else { throw .ai(error) }
            logger.info("retrying the Messages call", metadata: ["error": "\(error)", "wait_s": "\(wait)", "attempt": "\(attempt + 1)"])
            do {
                try await time.sleep(for: .seconds(wait))
            } catch {
                throw .ai(.cancelled)
            }
            attempt += 1
            retries += 1
        }
    }

    /// Settles a call even when the answer's task is cancelled (the client left, the deadline
    /// passed): Swift 6.3 has no cancellation shield, and a cancelled task's Redis call would
    /// give up at once, so the settle runs in a task of its own (which does not inherit
    /// cancellation) and the call waits for it.
    static func settle<Funding: CallFunding>(_ hold: Funding.Hold, spend: Spend, funding: Funding) async {
        await Task { await funding.settle(hold, spend: spend) }.value
    }

    /// Runs the round's tool calls concurrently; results come back in the calls' order.
    static func run(
        _ uses: [(id: String, name: String, input: String)], execute: @escaping ToolExecutor,
        onEvent: @escaping @Sendable (AssistantEvent) async -> Void
    ) async -> [(ToolCall, ToolOutcome)] {
        await withTaskGroup(of: (Int, ToolCall, ToolOutcome).self) { group in
            for (index, use) in uses.enumerated() {
                group.addTask {
                    await onEvent(.toolStarted(id: use.id, name: use.name))
                    let start = ContinuousClock.now
                    let outcome = await execute(use.name, use.input)
                    let elapsed = ContinuousClock.now - start
                    let call = ToolCall(id: use.id, name: use.name, isError: outcome.isError, milliseconds: elapsed.seconds * 1000)
                    await onEvent(.toolFinished(call))
                    return (index, call, outcome)
                }
            }
            var results: [(Int, ToolCall, ToolOutcome)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map { ($0.1, $0.2) }
        }
    }

    /// One user turn's blocks: a `tool_result` per call, matched by id, in the calls' order.
    static func toolResults(_ results: [(ToolCall, ToolOutcome)]) -> [ContentBlock] {
        results.map { call, outcome in .toolResult(toolUseID: call.id, content: outcome.content, isError: outcome.isError) }
    }
}
