import Hummingbird
import NIOCore

/// Writes one streamed reply: `message_start`, pings, the planned blocks paced like a model,
/// `message_delta`, `message_stop` — or the injected `stream_error` / `drop` part-way through.
struct MessageStream: Sendable {
    let plan: ResponsePlan
    let cache: CachePlan
    let model: String
    let messageID: String
    let options: FakeAnthropicOptions
    /// Only `streamError` and `drop` matter here; the endpoint handles the others.
    let fault: FakeFault?
    let state: FakeAnthropicState
    let record: FakeAnthropicState.RecordHandle

    private var startUsage: FakeUsage {
        FakeUsage(input: cache.inputTokens, output: 1, cacheRead: cache.readTokens, cacheCreation: cache.creationTokens)
    }

    /// Returns false when an injected `stream_error` ended the stream early. A stream that ends
    /// early (a fault, or the client leaving) records the usage billed for it, as the real API
    /// bills a cut request: the input side of `message_start` and the output generated before
    /// the cut.
    func write(to writer: inout any ResponseBodyWriter) async throws -> Bool {
        var generated = GeneratedOutput()
        do {
            return try await writeEvents(to: &writer, generated: &generated)
        } catch {
            await state.updateRecord(record, usage: billed(generated))
            throw error
        }
    }

    private func billed(_ generated: GeneratedOutput) -> FakeUsage {
        var usage = startUsage
        usage.output = max(usage.output, generated.tokens)
        return usage
    }

    private func writeEvents(to writer: inout any ResponseBodyWriter, generated: inout GeneratedOutput) async throws -> Bool {
        let start = MessageEvents.message(
            id: messageID, model: model, content: [], stopReason: nil,
            usage: MessageEvents.usage(cache, outputTokens: 1)
        )
        try await writer.write(MessageEvents.sse("message_start", ["type": "message_start", "message": start]))
        // The response has started: from now on identical prompts read what this one writes.
        await state.commitCache(cache)
        await state.updateRecord(record, usage: startUsage)
        try await writer.write(MessageEvents.ping)
        await state.waitIfHeld(at: .beforeContent)
        try await pause(options.timeToFirstToken, writer: &writer)

        var textDeltas = 0
        if try await injectFault(textDeltas: textDeltas, atEnd: false, generated: generated, writer: &writer) { return false }
        for (index, block) in plan.blocks.enumerated() {
            try await writer.write(MessageEvents.blockStart(index: index, block))
            switch block {
            case .thinking(let signature):
                try await writer.write(MessageEvents.blockDelta(index: index, ["type": "signature_delta", "signature": .string(signature)]))
                generated.thinkingTokens += ResponsePlan.thinkingTokens
            case .text(let chunks):
                for chunk in chunks {
                    try await pace(tokens: TokenEstimate.tokens(chunk), writer: &writer)
                    try await writer.write(MessageEvents.blockDelta(index: index, ["type": "text_delta", "text": .string(chunk)]))
                    generated.add(chunk, block: index)
                    textDeltas += 1
                    if textDeltas == 1 {
                        await state.updateRecord(record, usage: billed(generated))
                        await state.waitIfHeld(at: .afterFirstTextDelta)
                    }
                    if try await injectFault(textDeltas: textDeltas, atEnd: false, generated: generated, writer: &writer) { return false }
                }
            case .toolUse(_, _, _, let fragments):
                for fragment in fragments {
                    try await pace(tokens: fragment.isEmpty ? 0 : TokenEstimate.tokens(fragment), writer: &writer)
                    try await writer.write(
                        MessageEvents.blockDelta(index: index, ["type": "input_json_delta", "partial_json": .string(fragment)])
                    )
                    generated.add(fragment, block: index)
                }
            }
            try await writer.write(MessageEvents.blockStop(index: index))
        }
        // A fault due after more deltas than the reply has fires before the reply can end.
        if try await injectFault(textDeltas: textDeltas, atEnd: true, generated: generated, writer: &writer) { return false }

        try await writer.write(MessageEvents.messageDelta(stopReason: plan.stopReason, cache: cache, outputTokens: plan.outputTokens))
        try await writer.write(MessageEvents.messageStop)
        try await writer.finish(nil)
        var usage = startUsage
        usage.output = plan.outputTokens
        await state.updateRecord(record, outcome: .completed, usage: usage)
        return true
    }

    /// Fires `streamError` / `drop` once their delta count is reached; returns true if the stream is over.
    private func injectFault(
        textDeltas: Int, atEnd: Bool, generated: GeneratedOutput, writer: inout any ResponseBodyWriter
    ) async throws -> Bool {
        switch fault {
        case .streamError(let afterDeltas)? where atEnd || textDeltas >= afterDeltas:
            try await writer.write(MessageEvents.sse("error", ["type": "error", "error": APIError.overloaded.errorObject]))
            try await writer.finish(nil)
            await state.updateRecord(record, outcome: .fault, usage: billed(generated))
            return true
        case .drop(let afterDeltas)? where atEnd || textDeltas >= afterDeltas:
            // Give the bytes already written a moment to reach the client before the socket goes.
            try await Task.sleep(for: .milliseconds(50))
            await state.updateRecord(record, outcome: .fault, usage: billed(generated))
            throw ConnectionDrop()
        default:
            return false
        }
    }

    /// Output pacing: the time `tokens` take at `tokensPerSecond`.
    private func pace(tokens: Int, writer: inout any ResponseBodyWriter) async throws {
        guard options.tokensPerSecond > 0, tokens > 0 else { return }
        try await pause(.seconds(Double(tokens) / options.tokensPerSecond), writer: &writer)
    }

    /// Waits, sending a ping every `pingInterval` meanwhile (as the API does while the model thinks).
    private func pause(_ duration: Duration, writer: inout any ResponseBodyWriter) async throws {
        guard duration > .zero else { return }
        let clock = ContinuousClock()
        let deadline = clock.now + duration
        if options.pingInterval > .zero {
            var nextPing = clock.now + options.pingInterval
            while nextPing < deadline {
                try await Task.sleep(until: nextPing, clock: clock)
                try await writer.write(MessageEvents.ping)
                nextPing += options.pingInterval
            }
        }
        try await Task.sleep(until: deadline, clock: clock)
    }
}

/// The output a stream has sent so far, as the fake bills it: each block's bytes at its token
/// estimate (as `ResponsePlan` counts a whole reply), plus the thinking blocks' fixed cost.
struct GeneratedOutput: Sendable {
    private var bytes: [Int: Int] = [:]
    var thinkingTokens = 0

    mutating func add(_ piece: String, block: Int) {
        bytes[block, default: 0] += piece.utf8.count
    }

    var tokens: Int {
        bytes.values.reduce(thinkingTokens) { $0 + ($1 > 0 ? TokenEstimate.tokens(utf8Count: $1) : 0) }
    }
}
