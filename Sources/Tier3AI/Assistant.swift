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
        public var usage: Usage
        public var costUSD: Double
        public var model: String
        /// Why the last round ended.
        public var stop: StopReason
        /// Messages calls made (one per round), and retries among them.
        public var calls: Int
        public var retries: Int
        public var toolCalls: [ToolCall]

    }

    /// The most `request` can cost within this configuration's bounds: every round taken
    /// (`maxToolRounds` with tools, one told to stop, one final), each writing `max_tokens`, with
    /// input growing by a full assistant turn and generous tool results per round, all billed at
    /// the dearest input rate (a cache write) and counted at 3 bytes a token. Budgets reserve this
    /// before the first call, so concurrent answers cannot overshoot them.
    public func worstCaseCost(_ request: Request) -> Double {
        let body = prompt.body(
            domain: request.domain, history: request.history, question: request.question, stream: true, metadataUserID: request.metadataUserID
        )
        let price = configuration.effectivePrice
        let inputRate = max(price.input, price.cacheWrite5m, price.cacheWrite1h)
        let base = Double(body.count / 3 + 1)
        let growth = Double(configuration.maxTokens + 4000)
        var micro = 0.0
        for round in 0..<(configuration.maxToolRounds + 2) {
            micro += (base + Double(round) * growth) * inputRate + Double(configuration.maxTokens) * price.output
        }
        return micro / 1_000_000
    }

    /// Answers `request`, relaying text and tool activity to `onEvent` as it happens.
    public func answer(
        _ request: Request, onEvent: @escaping @Sendable (AssistantEvent) async -> Void = { _ in }
    ) async throws(AIError) -> Answer {
        let limit = configuration.requestDeadline
        let deadline = time.now + limit
        do {
            return try await bulkhead.run {
                try await withDeadline(limit, time: self.time) { try await self.loop(request, deadline: deadline, onEvent: onEvent) }
            }
        } catch is DeadlineExceeded {
            throw .timedOut(seconds: limit.seconds)
        } catch let error as AIError {
            throw error
        } catch {
            throw Task.isCancelled || error is CancellationError ? .cancelled : .connection("\(error)")
        }
    }

    private func loop(_ request: Request, deadline: ContinuousClock.Instant, onEvent: @escaping @Sendable (AssistantEvent) async -> Void)
        async throws(AIError) -> Answer
    {
        var followUps: [PromptBuilder.Turn] = []
        var usage = Usage()
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
            let message = try await call(body, deadline: deadline, retries: &retries) { piece in
                if !pendingSeparator.isEmpty {
                    text += pendingSeparator
                    await onEvent(.text(pendingSeparator))
                    pendingSeparator = ""
                }
                text += piece
                await onEvent(.text(piece))
            }
            calls += 1
            usage = usage + message.usage
            let content = message.content
            let uses: [(id: String, name: String, input: String)] = content.compactMap {
                if case .toolUse(let id, let name, let input) = $0 { return (id, name, input) } else { return nil }
            }
            let reason = message.stopReason ?? .endTurn
            if reason == .pauseTurn || (reason == .toolUse && !uses.isEmpty) {
                rounds += 1
                if rounds > configuration.maxToolRounds + 1 { throw .toolRoundsExceeded(configuration.maxToolRounds) }
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
            let price = configuration.effectivePrice
            return Answer(
                text: text, usage: usage, costUSD: price.cost(of: usage), model: configuration.model, stop: reason,
                calls: calls, retries: retries, toolCalls: toolCalls
            )
        }
    }

    /// One Messages call with the breaker and retries. `relay` sees the text as it streams; once
    /// any of this call's text was relayed the call is not retried (the user would read it twice).
    private func call(
        _ body: [UInt8], deadline: ContinuousClock.Instant, retries: inout Int, relay: (String) async -> Void
    ) async throws(AIError) -> MessageAccumulator {
        var attempt = 0
        while true {
            do {
                try breaker.check()
            } catch {
                throw .breakerOpen(retryAfterSeconds: error.retryAfterSeconds)
            }
            var accumulator = MessageAccumulator()
            var relayed = false
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
                guard accumulator.finished else { throw .connection("the stream ended before message_stop") }
                breaker.succeeded()
                return accumulator
            } catch {
                if error.countsAgainstProvider { breaker.failed(error) } else { breaker.released() }
                guard error.isRetryable, !relayed, attempt < retry.maxRetries, !Task.isCancelled else { throw error }
                var retryAfter: Double?
                if case .upstream(_, _, _, let seconds?) = error { retryAfter = Double(seconds) }
                let wait = retry.delay(retry: attempt, retryAfter: retryAfter)
                guard time.now + .seconds(wait) < deadline else { throw error }
                logger.info("retrying the Messages call", metadata: ["error": "\(error)", "wait_s": "\(wait)", "attempt": "\(attempt + 1)"])
                do {
                    try await time.sleep(for: .seconds(wait))
                } catch {
                    throw .cancelled
                }
                attempt += 1
                retries += 1
            }
        }
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
