import Metrics
import Tier3AI

/// The `usage` member of a tier 3 answer: tokens by kind and what they cost.
struct AIUsage: Encodable, Sendable {
    let inputTokens: Int
    let outputTokens: Int
    let cacheReadInputTokens: Int
    let cacheCreationInputTokens: Int
    let costUSD: Double

    enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens", outputTokens = "output_tokens", cacheReadInputTokens = "cache_read_input_tokens"
        case cacheCreationInputTokens = "cache_creation_input_tokens", costUSD = "cost_usd"
    }

    /// What an answer's calls used and cost, cut and failed calls included: the figure the
    /// budgets were charged and the cost metric counted.
    init(_ spend: Spend) {
        inputTokens = spend.usage.inputTokens
        outputTokens = spend.usage.outputTokens
        cacheReadInputTokens = spend.usage.cacheReadInputTokens
        cacheCreationInputTokens = spend.usage.cacheCreationInputTokens
        costUSD = spend.dollars
    }

    /// One call's tokens by kind and cost, as swift-metrics counters (exported once a metrics
    /// backend is bootstrapped; until then they cost nothing). Counted call by call as calls
    /// settle, so a cut answer is counted as its budget was charged.
    static func record(_ spend: Spend, model: String, domain: ToolDomain) {
        guard spend != .none else { return }
        let dimensions = [("model", model), ("domain", domain.rawValue)]
        let u = spend.usage
        for (kind, count) in [("input", u.inputTokens), ("output", u.outputTokens), ("cache_read", u.cacheReadInputTokens), ("cache_write", u.cacheCreationInputTokens)] {
            Counter(label: "router_ai_tokens_total", dimensions: dimensions + [("kind", kind)]).increment(by: count)
        }
        Counter(label: "router_ai_cost_microdollars_total", dimensions: dimensions).increment(by: Int(spend.microdollars))
    }

    static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
}

/// The `data` member of a tier 3 answer: how it was produced.
struct AIAnswerData: Encodable, Sendable {
    struct Tool: Encodable, Sendable {
        let name: String
        let ms: Double
        let isError: Bool

        enum CodingKeys: String, CodingKey { case name, ms, isError = "is_error" }
    }

    let model: String
    let domain: String
    let stopReason: StopReason
    let calls: Int
    let retries: Int
    let tools: [Tool]

    enum CodingKeys: String, CodingKey { case model, domain, stopReason = "stop_reason", calls, retries, tools }

    init(_ answer: Assistant.Answer, domain: ToolDomain) {
        model = answer.model
        self.domain = domain.rawValue
        stopReason = answer.stop
        calls = answer.calls
        retries = answer.retries
        tools = answer.toolCalls.map { Tool(name: $0.name, ms: ($0.milliseconds * 10).rounded() / 10, isError: $0.isError) }
    }
}
