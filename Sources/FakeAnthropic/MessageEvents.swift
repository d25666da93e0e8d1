import Hummingbird
import NIOCore

/// The JSON and SSE shapes of a reply (fact sheet §2 and §3).
enum MessageEvents {
    /// `event: <name>\ndata: <json>\n\n`, with the payload's `type` equal to the event name.
    static func sse(_ name: String, _ payload: FakeJSON) -> ByteBuffer {
        ByteBuffer(string: "event: \(name)\ndata: \(payload.jsonText)\n\n")
    }

    /// Byte-for-byte the real keep-alive (note the space after the colon).
    static let ping = ByteBuffer(string: "event: ping\ndata: {\"type\": \"ping\"}\n\n")

    static func usage(_ cache: CachePlan, outputTokens: Int) -> FakeJSON {
        [
            "input_tokens": .number(Double(cache.inputTokens)),
            "cache_creation_input_tokens": .number(Double(cache.creationTokens)),
            "cache_read_input_tokens": .number(Double(cache.readTokens)),
            "cache_creation": [
                "ephemeral_5m_input_tokens": .number(Double(cache.creation5mTokens)),
                "ephemeral_1h_input_tokens": .number(Double(cache.creation1hTokens)),
            ],
            "output_tokens": .number(Double(outputTokens)),
            "service_tier": "standard",
        ]
    }

    static func message(id: String, model: String, content: [FakeJSON], stopReason: String?, usage: FakeJSON) -> FakeJSON {
        [
            "id": .string(id),
            "type": "message",
            "role": "assistant",
            "model": .string(model),
            "content": .array(content),
            "stop_reason": stopReason.map(FakeJSON.string) ?? .null,
            "stop_sequence": .null,
            "stop_details": .null,
            "usage": usage,
        ]
    }

    /// A block as it appears in a complete (non-streamed) message.
    static func completeBlock(_ block: ResponsePlan.Block) -> FakeJSON {
        switch block {
        case .thinking(let signature):
            ["type": "thinking", "thinking": "", "signature": .string(signature)]
        case .text(let chunks):
            ["type": "text", "text": .string(chunks.joined())]
        case .toolUse(let id, let name, let input, _):
            ["type": "tool_use", "id": .string(id), "name": .string(name), "input": input]
        }
    }

    /// The `content_block` of a `content_block_start`: empty text, `{}` input placeholder.
    static func startingBlock(_ block: ResponsePlan.Block) -> FakeJSON {
        switch block {
        case .thinking:
            ["type": "thinking", "thinking": "", "signature": ""]
        case .text:
            ["type": "text", "text": ""]
        case .toolUse(let id, let name, _, _):
            ["type": "tool_use", "id": .string(id), "name": .string(name), "input": [:]]
        }
    }

    static func blockStart(index: Int, _ block: ResponsePlan.Block) -> ByteBuffer {
        sse("content_block_start", ["type": "content_block_start", "index": .number(Double(index)), "content_block": startingBlock(block)])
    }

    static func blockDelta(index: Int, _ delta: FakeJSON) -> ByteBuffer {
        sse("content_block_delta", ["type": "content_block_delta", "index": .number(Double(index)), "delta": delta])
    }

    static func blockStop(index: Int) -> ByteBuffer {
        sse("content_block_stop", ["type": "content_block_stop", "index": .number(Double(index))])
    }

    static func messageDelta(stopReason: String, cache: CachePlan, outputTokens: Int) -> ByteBuffer {
        var usage = self.usage(cache, outputTokens: outputTokens)
        if case .object(var members) = usage {
            // message_delta repeats the cumulative counters but not the TTL split or tier.
            members["cache_creation"] = nil
            members["service_tier"] = nil
            usage = .object(members)
        }
        return sse(
            "message_delta",
            [
                "type": "message_delta",
                "delta": ["stop_reason": .string(stopReason), "stop_sequence": .null, "stop_details": .null],
                "usage": usage,
            ]
        )
    }

    static let messageStop = sse("message_stop", ["type": "message_stop"])
}
