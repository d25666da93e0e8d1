import Foundation
import Testing

@testable import Tier3AI

/// The Messages API stream (fact sheet §3): SSE framing across any chunk boundaries, and the
/// message built from its events.
@Suite struct StreamingTests {
    /// Example B of the fact sheet: text, then two parallel tool_use blocks, with a ping.
    static let exampleB = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_01Q9","type":"message","role":"assistant","model":"claude-sonnet-5-5","content":[],"stop_reason":null,"usage":{"input_tokens":377,"cache_creation_input_tokens":0,"cache_read_input_tokens":2048,"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: ping
        data: {"type": "ping"}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"I'll check both ¿cities."}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: content_block_start
        data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_A","name":"get_weather","input":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\": \\"Pa"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"ris\\"}"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":1}

        event: content_block_start
        data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_B","name":"get_weather","input":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\""}}

        event: some_future_event
        data: {"type":"some_future_event","novel":true}

        event: content_block_delta
        data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":": \\"Tokyo\\"}"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":2}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

        event: message_stop
        data: {"type":"message_stop"}


        """

    func events(_ text: String, chunks: [Int]) throws -> [SSEEvent] {
        var parser = SSEParser()
        var out: [SSEEvent] = []
        let bytes = Array(text.utf8)
        var i = 0
        var k = 0
        while i < bytes.count {
            let size = max(1, chunks[k % chunks.count])
            out += try parser.feed(bytes[i..<min(i + size, bytes.count)])
            i += size
            k += 1
        }
        return out
    }

    @Test func sameEventsWhateverTheChunking() throws {
        let whole = try events(Self.exampleB, chunks: [1 << 20])
        #expect(whole.count == 17)
        #expect(whole.first?.event == "message_start")
        for chunking in [[1], [2], [3], [7], [1, 13, 2, 64], [5, 1, 1, 300]] {
            #expect(try events(Self.exampleB, chunks: chunking) == whole, "chunks \(chunking)")
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let chunking = (0..<8).map { _ in Int(generator.next() % 40) + 1 }
            #expect(try events(Self.exampleB, chunks: chunking) == whole)
        }
    }

    @Test func lineEndingsAndComments() throws {
        var parser = SSEParser()
        let text = ": keep-alive\r\nevent: a\r\ndata: one\r\ndata: two\r\n\r\n: another\revent:b\rdata:x\r\revent: c\ndata\n\n"
        let got = try parser.feed(Array(text.utf8))
        #expect(got == [SSEEvent(event: "a", data: "one\ntwo"), SSEEvent(event: "b", data: "x"), SSEEvent(event: "c", data: "")])
        // A CR at the end of one chunk and its LF at the start of the next is one line end.
        var split = SSEParser()
        #expect(try split.feed(Array("data: x\r".utf8)).isEmpty)
        #expect(try split.feed(Array("\n\r\n".utf8)) == [SSEEvent(data: "x")])
    }

    @Test func eventWithoutBlankLineIsNotDelivered() throws {
        var parser = SSEParser()
        #expect(try parser.feed(Array("event: message_stop\ndata: {}\n".utf8)).isEmpty)
        parser.finish()
        #expect(try parser.feed(Array("\n".utf8)).isEmpty)
    }

    @Test func buildsTheMessage() throws {
        var accumulator = MessageAccumulator()
        var texts: [String] = []
        var tools: [String] = []
        for event in try events(Self.exampleB, chunks: [3]) {
            switch try accumulator.apply(event) {
            case .text(let t): texts.append(t)
            case .toolUseStarted(let name): tools.append(name)
            default: break
            }
        }
        #expect(accumulator.finished)
        #expect(accumulator.stopReason == "tool_use")
        #expect(texts == ["I'll check both ¿cities."])
        #expect(tools == ["get_weather", "get_weather"])
        #expect(accumulator.content == [
            .text("I'll check both ¿cities."),
            .toolUse(id: "toolu_A", name: "get_weather", input: #"{"city":"Paris"}"#),
            .toolUse(id: "toolu_B", name: "get_weather", input: #"{"city":"Tokyo"}"#),
        ])
        // message_delta's cumulative output replaces the provisional one; the rest comes from message_start.
        #expect(accumulator.usage == Usage(input: 377, output: 89, cacheCreation: 0, cacheRead: 2048))
    }

    @Test func thinkingBlocksAreKeptVerbatim() throws {
        var accumulator = MessageAccumulator()
        let stream = """
            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Hmm"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQB"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}


            """
        for event in try events(stream, chunks: [5]) { _ = try accumulator.apply(event) }
        #expect(accumulator.content == [.opaque(json: #"{"signature":"EqQB","thinking":"Hmm","type":"thinking"}"#)])
    }

    @Test func errorEventEndsTheStream() throws {
        var accumulator = MessageAccumulator()
        let event = SSEEvent(event: "error", data: #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
        #expect(throws: StreamError(type: "overloaded_error", message: "Overloaded")) { try accumulator.apply(event) }
        #expect(!accumulator.finished)
    }
}
