import Foundation
import Testing

@testable import Tier3AI

@Suite struct CostTests {
    let sonnet = ModelPrice(input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.10)

    @Test func plainCall() {
        // 1,000 in × $2 + 500 out × $10 = $0.002 + $0.005
        #expect(abs(sonnet.cost(of: Usage(input: 1000, output: 500)) - 0.007) < 1e-12)
    }

    @Test func cacheWritesAndReads() {
        // 100 in ($0.0002) + 3,000 written for 5 min ($0.0075) + 300 out ($0.003)
        #expect(abs(sonnet.cost(of: Usage(input: 100, output: 300, cacheCreation: 3000)) - 0.0107) < 1e-12)
        // The second call reads those 3,000 at $0.10/M ($0.0003) instead.
        #expect(abs(sonnet.cost(of: Usage(input: 100, output: 300, cacheRead: 3000)) - 0.0035) < 1e-12)
        // 1-hour writes bill at their own price: 1,000 × $4 of the 3,000 written.
        let mixed = Usage(input: 0, output: 0, cacheCreation: 3000, cacheCreation1h: 1000)
        #expect(abs(sonnet.cost(of: mixed) - (2000 * 2.5 + 1000 * 4) / 1e6) < 1e-12)
    }

    @Test func usageAddsUp() {
        let a = Usage(input: 1, output: 2, cacheCreation: 3, cacheRead: 4, cacheCreation1h: 1)
        #expect(a + a == Usage(input: 2, output: 4, cacheCreation: 6, cacheRead: 8, cacheCreation1h: 2))
    }

    @Test func defaultTableHasTheCurrentModels() {
        for model in ["claude-sonnet-5-5", "claude-opus-5-5", "claude-haiku-5-5", "claude-fable-5-2"] {
            #expect(ModelPrice.defaults[model] != nil, "\(model)")
        }
    }
}

@Suite struct PromptBuilderTests {
    static let spend = ToolDefinition(
        name: "summary_spend", description: "Spending in a period.",
        inputSchema: ["type": "object", "properties": ["period": ["type": "string"], "category": ["type": "string"]], "required": ["period"]]
    )
    static let fuel = ToolDefinition(
        name: "compute_fuel_cost", description: "Fuel cost of a distance.",
        inputSchema: ["required": ["distance"], "type": "object", "properties": ["distance": ["type": "number"]]]
    )
    let builder = PromptBuilder(
        model: "claude-sonnet-5-5", maxTokens: 1024, system: ["You answer RV travellers.", "Use tools for numbers."],
        bundles: [.spending: [spend], .travel: [fuel], .general: [spend, fuel]]
    )

    func prefix(_ body: [UInt8]) -> String {
        // Everything but the final question must be identical; compare the body with the question blanked.
        String(decoding: body, as: UTF8.self).replacingOccurrences(of: "How much on food?", with: "Q")
            .replacingOccurrences(of: "And on fuel?", with: "Q")
    }

    @Test func sameDomainSameBytes() {
        let a = builder.body(domain: .general, question: "How much on food?", stream: true)
        let b = builder.body(domain: .general, question: "And on fuel?", stream: true)
        #expect(prefix(a) == prefix(b))
        #expect(a == builder.body(domain: .general, question: "How much on food?", stream: true))
    }

    @Test func breakpointsOnLastToolAndSystem() throws {
        let body = builder.body(domain: .general, question: "hi", stream: false)
        #expect(PromptBuilder.breakpoints(in: body) == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        let tools = try #require(object["tools"] as? [[String: Any]])
        #expect(tools.map { $0["name"] as? String } == ["summary_spend", "compute_fuel_cost"])
        #expect(tools[0]["cache_control"] == nil && tools[1]["cache_control"] != nil)
        let system = try #require(object["system"] as? [[String: Any]])
        #expect(system.last?["cache_control"] != nil && system.first?["cache_control"] == nil)
        #expect(object["temperature"] == nil)
    }

    @Test func conversationGetsOneMoreBreakpointAndNeverMoreThanFour() {
        let history = [
            PromptBuilder.Turn(role: .user, content: .text("How much on food?")),
            PromptBuilder.Turn(role: .assistant, content: .blocks([.text("$80.")])),
        ]
        let body = builder.body(domain: .spending, history: history, question: "And on fuel?", stream: true)
        #expect(PromptBuilder.breakpoints(in: body) == 3)
    }

    @Test func domainsChooseTheirBundle() throws {
        let body = builder.body(domain: .travel, question: "hi", stream: true)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect((object["tools"] as? [[String: Any]])?.map { $0["name"] as? String } == ["compute_fuel_cost"])
    }
}
