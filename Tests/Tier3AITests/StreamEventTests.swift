import Foundation
import Testing

@testable import Tier3AI

/// Each stream event and error body decoded from the wire (fact sheet §3 and §6).
@Suite struct StreamEventTests {
    func event(_ data: String, name: String = "message") throws -> StreamEvent {
        try StreamEvent(SSEEvent(event: name, data: data))
    }

    @Test func messageStartCarriesTheInputSideOfUsage() throws {
        let start = try event(#"""
            {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"stop_reason":null,
            "usage":{"input_tokens":12,"cache_creation_input_tokens":3000,"cache_read_input_tokens":0,
            "cache_creation":{"ephemeral_5m_input_tokens":2000,"ephemeral_1h_input_tokens":1000},"output_tokens":1,"service_tier":"standard"}}}
            """#)
        let usage = StreamUsage(
            inputTokens: 12, outputTokens: 1, cacheCreationInputTokens: 3000, cacheReadInputTokens: 0, cacheCreation1hInputTokens: 1000
        )
        #expect(start == .messageStart(id: "msg_1", usage: usage))
        #expect(Usage.merging(usage) == Usage(input: 12, output: 1, cacheCreation: 3000, cacheRead: 0, cacheCreation1h: 1000))
    }

    @Test func contentBlocksStartDeltaAndStop() throws {
        let tool = try event(#"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_A","name":"get_weather","input":{}}}"#)
        #expect(tool == .contentBlockStart(index: 1, block: StartedContentBlock(
            kind: .toolUse, id: "toolu_A", name: "get_weather", fields: ["type": "tool_use", "id": "toolu_A", "name": "get_weather", "input": [:]]
        )))
        let thinking = try event(#"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"#)
        guard case .contentBlockStart(0, let block) = thinking else { Issue.record("got \(thinking)"); return }
        #expect(block.kind == .thinking && block.fields["signature"] == "")

        let deltas: [(String, ContentDelta)] = [
            (#"{"type":"text_delta","text":"Hi /"}"#, .text("Hi /")),
            (#"{"type":"input_json_delta","partial_json":"{\"ci"}"#, .inputJSON(#"{"ci"#)),
            (#"{"type":"thinking_delta","thinking":"Hmm"}"#, .thinking("Hmm")),
            (#"{"type":"signature_delta","signature":"EqQB"}"#, .signature("EqQB")),
            (#"{"type":"citations_delta","citation":{"type":"char_location","cited_text":"x"}}"#,
             .citation(["type": "char_location", "cited_text": "x"])),
            (#"{"type":"future_delta","extra":"z","n":1}"#, .other(type: "future_delta", fields: ["extra": "z", "n": 1])),
        ]
        for (json, expected) in deltas {
            #expect(try event(#"{"type":"content_block_delta","index":2,"delta":\#(json)}"#) == .contentBlockDelta(index: 2, delta: expected))
        }
        #expect(try event(#"{"type":"content_block_stop","index":2}"#) == .contentBlockStop(index: 2))
    }

    @Test func theEndOfAMessage() throws {
        #expect(try event(#"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}"#)
            == .messageDelta(stopReason: .toolUse, usage: StreamUsage(outputTokens: 89)))
        #expect(try event(#"{"type":"message_delta","delta":{"stop_reason":"something_new"},"usage":{"output_tokens":"many"}}"#)
            == .messageDelta(stopReason: .other("something_new"), usage: StreamUsage()))
        #expect(try event(#"{"type":"message_stop"}"#) == .messageStop)
    }

    @Test func pingsErrorsAndEventsNotYetInvented() throws {
        #expect(try event(#"{"type": "ping"}"#) == .ping)
        #expect(try event(#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
            == .error(ErrorResponse.Detail(type: "overloaded_error", message: "Overloaded")))
        #expect(try event(#"{"type":"some_future_event","novel":true}"#) == .unknown(type: "some_future_event"))
        // Without a `type`, the SSE event name says what it is.
        #expect(try event("{}", name: "message_stop") == .messageStop)
        #expect(throws: (any Error).self) { try event("not json") }
        // The accumulator ignores what it cannot read, and stops at an error.
        var accumulator = MessageAccumulator()
        #expect(try accumulator.apply(SSEEvent(event: "ping", data: "{ odd")) == .none)
        #expect(throws: StreamError(type: "error", message: "")) { try accumulator.apply(SSEEvent(event: "error", data: "{}")) }
    }

    @Test func errorBodiesOfFailedResponses() throws {
        let body = #"{"type":"error","error":{"type":"not_found_error","message":"model: claude-nope","details":{"error_code":"x"}},"request_id":"req_1"}"#
        let decoded = try JSONDecoder().decode(ErrorResponse.self, from: Data(body.utf8))
        #expect(decoded.error == ErrorResponse.Detail(type: "not_found_error", message: "model: claude-nope"))
        #expect(decoded.requestID == "req_1")
        // A body of another shape is still an error response, with nothing in it.
        #expect(try JSONDecoder().decode(ErrorResponse.self, from: Data(#"{"error":"Bad gateway"}"#.utf8)).error == nil)
    }

    @Test func thinkingAndUnknownBlocksAreEchoedAsTheyCame() throws {
        var accumulator = MessageAccumulator()
        let events: [String] = [
            #"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"#,
            #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Hmm"}}"#,
            #"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQB"}}"#,
            #"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_A","name":"t","input":{}}}"#,
            #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"b\": 1, \"a\": \"x/y\"}"}}"#,
            #"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_B","name":"t","input":{}}}"#,
            #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{not json"}}"#,
        ]
        for data in events { _ = try accumulator.apply(SSEEvent(data: data)) }
        #expect(accumulator.content == [
            .opaque(json: #"{"signature":"EqQB","thinking":"Hmm","type":"thinking"}"#),
            .toolUse(id: "toolu_A", name: "t", input: #"{"a":"x/y","b":1}"#),
            .toolUse(id: "toolu_B", name: "t", input: "{not json"),
        ])
        #expect(accumulator.echoedContent == [
            .verbatim(["signature": "EqQB", "thinking": "Hmm", "type": "thinking"]),
            .toolUse(id: "toolu_A", name: "t", input: ["a": "x/y", "b": 1]),
            .toolUse(id: "toolu_B", name: "t", input: [:]),
        ])
    }
}
