import Foundation
import Testing

@testable import Tier3AI

/// The request body as bytes: what the prompt cache keys on.
@Suite struct WireFormatTests {
    let builder = PromptBuilder(
        model: "claude-sonnet-5-5", maxTokens: 1024, system: ["You answer RV travellers (L/100km, mpg).", "Use tools for numbers."],
        bundles: [
            .spending: [PromptBuilderTests.spend], .travel: [PromptBuilderTests.fuel],
            .general: [PromptBuilderTests.spend, PromptBuilderTests.fuel],
        ]
    )

    /// The body up to and including its last `cache_control` marker.
    func cachedPrefix(_ body: [UInt8]) throws -> String {
        let text = String(decoding: body, as: UTF8.self)
        let marker = try #require(text.range(of: #""cache_control":{"type":"ephemeral"}"#, options: .backwards))
        return String(text[..<marker.upperBound])
    }

    @Test func twoPromptsOfADomainAreTheSameBytesUpToTheLastBreakpoint() throws {
        for domain in ToolDomain.allCases {
            let a = builder.body(domain: domain, question: "How much on food?", stream: true, metadataUserID: "u-1")
            let b = builder.body(domain: domain, question: "Trip cost from Moab to Denver / 8 mpg?", stream: true, metadataUserID: "u-2")
            let prefix = try cachedPrefix(a)
            #expect(try cachedPrefix(b) == prefix, "\(domain)")
            // The prefix is tools and system, nothing of the question or the user.
            #expect(!prefix.contains("\"messages\"") && !prefix.contains("u-1"))
        }
        // With a conversation, its earlier turns join the prefix, identically for the next question.
        let history = [
            PromptBuilder.Turn(role: .user, content: .text("How much on food?")),
            PromptBuilder.Turn(role: .assistant, content: .text("$80.")),
        ]
        let a = builder.body(domain: .spending, history: history, question: "And on fuel?", stream: true)
        let b = builder.body(domain: .spending, history: history, question: "And on camping?", stream: true)
        #expect(try cachedPrefix(a) == cachedPrefix(b))
        // `cache_control` sorts first in its block: the marked block is the assistant's last turn.
        #expect(try cachedPrefix(a).hasSuffix(
            #""messages":[{"content":"How much on food?","role":"user"},{"content":[{"cache_control":{"type":"ephemeral"}"#
        ))
    }

    @Test func topLevelMembersGoInPromptOrderAndEverythingInsideIsSorted() {
        let body = String(decoding: builder.body(domain: .travel, question: "Q", stream: true, metadataUserID: "u-1"), as: UTF8.self)
        let expected = """
            {"model":"claude-sonnet-5-5","max_tokens":1024,"stream":true,"tool_choice":{"type":"auto"},\
            "tools":[{"cache_control":{"type":"ephemeral"},"description":"Fuel cost of a distance.",\
            "input_schema":{"properties":{"distance":{"type":"number"}},"required":["distance"],"type":"object"},\
            "name":"compute_fuel_cost"}],\
            "system":[{"text":"You answer RV travellers (L/100km, mpg).","type":"text"},\
            {"cache_control":{"type":"ephemeral"},"text":"Use tools for numbers.","type":"text"}],\
            "messages":[{"content":"Q","role":"user"}],"metadata":{"user_id":"u-1"}}
            """
        #expect(body == expected)
    }

    @Test func aToolRoundIsWrittenAsBefore() {
        // The bytes the hand-built JSON of earlier versions produced for the same round.
        let assistant = PromptBuilder.Turn(role: .assistant, content: .blocks([
            .verbatim(["type": "thinking", "thinking": "Hmm", "signature": "EqQB"]),
            .text("Checking."),
            .toolUse(id: "toolu_A", name: "summary_spend", input: ["period": "this_month", "amount": 123.45, "people": 2]),
        ]))
        let results = PromptBuilder.Turn(role: .user, content: .blocks(Assistant.toolResults([
            (ToolCall(id: "toolu_A", name: "summary_spend", isError: false, milliseconds: 1), ToolOutcome(content: #"{"path":"a/b"}"#)),
            (ToolCall(id: "toolu_B", name: "nope", isError: true, milliseconds: 0), ToolOutcome(content: "no tool", isError: true)),
        ])))
        let body = String(decoding: builder.body(domain: .travel, question: "Q", followUps: [assistant, results], stream: true), as: UTF8.self)
        let messages = """
            "messages":[{"content":"Q","role":"user"},\
            {"content":[{"signature":"EqQB","thinking":"Hmm","type":"thinking"},{"text":"Checking.","type":"text"},\
            {"id":"toolu_A","input":{"amount":123.45,"people":2,"period":"this_month"},"name":"summary_spend","type":"tool_use"}],\
            "role":"assistant"},\
            {"content":[{"content":"{\\"path\\":\\"a/b\\"}","tool_use_id":"toolu_A","type":"tool_result"},\
            {"cache_control":{"type":"ephemeral"},"content":"no tool","is_error":true,"tool_use_id":"toolu_B","type":"tool_result"}],\
            "role":"user"}]}
            """
        #expect(body.hasSuffix(messages))
        #expect(PromptBuilder.breakpoints(in: Array(body.utf8)) == 3)
    }

    @Test func theBodyDecodesBackToTheRequest() throws {
        let history = [
            PromptBuilder.Turn(role: .user, content: .text("Food?")),
            PromptBuilder.Turn(role: .assistant, content: .blocks([.text("$80.")])),
        ]
        let request = builder.request(domain: .general, history: history, question: "Fuel?", stream: true, metadataUserID: "u-1")
        let decoded = try JSONDecoder().decode(MessagesRequest.self, from: Data(request.encoded()))
        #expect(decoded == request)
        #expect(decoded.messages.map(\.role) == [.user, .assistant, .user])
        #expect(decoded.tools?.last?.cacheControl == .ephemeral && decoded.tools?.first?.cacheControl == nil)
    }

    @Test func blocksAreTypedOnlyWhenNothingWouldBeLost() throws {
        func block(_ json: String) throws -> ContentBlock { try JSONDecoder().decode(ContentBlock.self, from: Data(json.utf8)) }
        #expect(try block(#"{"type":"text","text":"hi"}"#) == .text("hi"))
        #expect(try block(#"{"type":"tool_result","tool_use_id":"t","content":"x","is_error":true}"#)
            == .toolResult(toolUseID: "t", content: "x", isError: true))
        // Fields the typed case has no room for, or would not write back, keep the block verbatim.
        #expect(try block(#"{"type":"text","text":"hi","citations":[]}"#) == .verbatim(["type": "text", "text": "hi", "citations": []]))
        #expect(try block(#"{"type":"tool_result","tool_use_id":"t","content":"x","is_error":false}"#).kind == .toolResult)
        if case .verbatim = try block(#"{"type":"tool_result","tool_use_id":"t","content":"x","is_error":false}"#) {} else {
            Issue.record("is_error:false must survive")
        }
        #expect(try block(#"{"type":"redacted_thinking","data":"abc"}"#).kind == .redactedThinking)
    }

    @Test func valuesAreCanonical() {
        let value: JSONValue = ["b": [1, 2.5, -1e9, true, nil], "a": "L/100km \"é\"", "B": 1e-7]
        #expect(value.canonicalText == #"{"B":1e-07,"a":"L/100km \"é\"","b":[1,2.5,-1000000000,true,null]}"#)
        #expect(WireJSON.text(CacheControl(ttl: .oneHour)) == #"{"ttl":"1h","type":"ephemeral"}"#)
        #expect(WireJSON.text(CacheControl.ephemeral) == #"{"type":"ephemeral"}"#)
        // What JSON cannot say is written as null, never as a crash.
        #expect(JSONValue.number(.infinity).canonicalText == "null")
    }

    @Test func stopReasonsKeepTheirWireNames() throws {
        for name in ["end_turn", "tool_use", "max_tokens", "stop_sequence", "pause_turn", "refusal", "model_context_window_exceeded"] {
            let reason = StopReason(rawValue: name)
            if case .other = reason { Issue.record("\(name) is a known reason") }
            #expect(reason.rawValue == name)
        }
        #expect(StopReason(rawValue: "compaction") == .other("compaction"))
        #expect(try JSONDecoder().decode([StopReason].self, from: Data(#"["tool_use","brand_new"]"#.utf8)) == [.toolUse, .other("brand_new")])
    }
}
