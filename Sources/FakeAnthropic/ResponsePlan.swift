/// The assistant reply, decided in full before the first byte is written: which blocks, how each
/// is cut into deltas, the stop reason and the output token count.
struct ResponsePlan: Sendable {
    enum Block: Sendable {
        /// The always-thinking models' prelude: empty thinking text, one signature.
        case thinking(signature: String)
        case text(chunks: [String])
        /// `fragments` joined is `input` as JSON; the first fragment is `""`, as on the real API.
        case toolUse(id: String, name: String, input: FakeJSON, fragments: [String])
    }

    var blocks: [Block] = []
    var stopReason = "end_turn"
    var outputTokens = 0

    /// What a thinking block costs; real ones bill their hidden reasoning.
    static let thinkingTokens = 8

    init(script: FakeScript?, facts: ConversationFacts, maxTokens: Int) {
        let turn = Self.turn(script: script, round: facts.round)
        var text = turn.text.map(facts.render(template:)) ?? ""
        let toolUses = turn.toolUses ?? []
        if text.isEmpty && toolUses.isEmpty {
            text = facts.render(template: Self.defaultTemplate(facts))
        }

        guard maxTokens > 0 else {
            // max_tokens 0 only pre-warms the cache: nothing is generated.
            stopReason = "max_tokens"
            return
        }
        var remaining = maxTokens
        if turn.thinking == true {
            blocks.append(.thinking(signature: RandomIdentifier.signature()))
            outputTokens += Self.thinkingTokens
            remaining = max(0, remaining - Self.thinkingTokens)
        }
        if !text.isEmpty {
            let cost = TokenEstimate.tokens(text)
            if cost > remaining {
                text = Self.prefix(of: text, utf8Budget: remaining * 4)
                stopReason = "max_tokens"
            }
            if !text.isEmpty {
                blocks.append(.text(chunks: Self.split(text, sizes: 4...12)))
                let used = TokenEstimate.tokens(text)
                outputTokens += used
                remaining = max(0, remaining - used)
            }
        }
        if stopReason != "max_tokens" {
            for toolUse in toolUses {
                let json = toolUse.input.jsonText
                let cost = TokenEstimate.tokens(json)
                guard cost <= remaining else {
                    stopReason = "max_tokens"
                    break
                }
                blocks.append(
                    .toolUse(
                        id: RandomIdentifier.toolUse(), name: toolUse.name, input: toolUse.input,
                        fragments: [""] + Self.split(json, sizes: 2...9)
                    )
                )
                outputTokens += cost
                remaining -= cost
                stopReason = "tool_use"
            }
        }
        outputTokens = max(1, outputTokens)
    }

    /// Turn *n* answers after *n* tool rounds; past the end the last turn repeats without tool calls,
    /// so a client loop always terminates.
    private static func turn(script: FakeScript?, round: Int) -> FakeTurn {
        guard let script, let last = script.turns.last else { return FakeTurn() }
        if round < script.turns.count { return script.turns[round] }
        return FakeTurn(text: last.text, toolUses: nil, thinking: last.thinking)
    }

    private static func defaultTemplate(_ facts: ConversationFacts) -> String {
        facts.toolResults.isEmpty ? "Fake answer to: {{question}}" : "Fake answer to: {{question}}\nTool results:\n{{tool_results}}"
    }

    /// Cuts text into pieces of random length (in characters), a few tokens each.
    static func split(_ text: String, sizes: ClosedRange<Int>) -> [String] {
        var pieces: [String] = []
        var rest = text[...]
        while !rest.isEmpty {
            let end = rest.index(rest.startIndex, offsetBy: Int.random(in: sizes), limitedBy: rest.endIndex) ?? rest.endIndex
            pieces.append(String(rest[..<end]))
            rest = rest[end...]
        }
        return pieces
    }

    /// The longest whole-character prefix within a UTF-8 byte budget.
    private static func prefix(of text: String, utf8Budget: Int) -> String {
        var result = ""
        var used = 0
        for character in text {
            let size = character.utf8.count
            guard used + size <= utf8Budget else { break }
            result.append(character)
            used += size
        }
        return result
    }
}
