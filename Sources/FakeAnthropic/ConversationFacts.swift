/// What a reply can depend on: the latest question, how many tool rounds followed it, the tool
/// results sent back and the tools on offer. Feeds script matching and the `{{…}}` templates.
struct ConversationFacts: Sendable {
    /// Text of the last user message that is a question (a string, or blocks starting with text).
    let question: String
    /// Completed tool rounds since that question: later user messages that start with `tool_result`.
    let round: Int
    /// Every `tool_result` in the request, rendered (`[is_error] ` prefix for failures).
    let toolResults: [String]
    let toolNames: [String]

    init(_ request: MessagesRequest) {
        var questionIndex: Int?
        for (index, message) in request.messages.enumerated().reversed() where message.role == "user" {
            if case .text = message.content {
                questionIndex = index
                break
            }
            if message.blocks.first?["type"]?.stringValue == "text" {
                questionIndex = index
                break
            }
        }
        if let questionIndex {
            let message = request.messages[questionIndex]
            switch message.content {
            case .text(let text):
                question = text
            case .blocks(let blocks):
                question = blocks.compactMap { $0["type"]?.stringValue == "text" ? $0["text"]?.stringValue : nil }
                    .joined(separator: "\n")
            }
            round = request.messages[(questionIndex + 1)...].filter { message in
                message.role == "user" && message.blocks.first?["type"]?.stringValue == "tool_result"
            }.count
        } else {
            question = ""
            round = 0
        }

        toolResults = request.messages.flatMap { message in
            message.blocks.filter { $0["type"]?.stringValue == "tool_result" }.map(Self.render)
        }
        toolNames = request.tools.compactMap { $0["name"]?.stringValue }
    }

    private static func render(toolResult block: FakeJSON) -> String {
        let content: String
        switch block["content"] {
        case .string(let text)?:
            content = text
        case .array(let parts)?:
            content = parts.compactMap { $0["type"]?.stringValue == "text" ? $0["text"]?.stringValue : nil }.joined()
        default:
            content = ""
        }
        return block["is_error"]?.boolValue == true ? "[is_error] " + content : content
    }

    /// Fills `{{question}}`, `{{tool_results}}`, `{{tools}}` and `{{round}}` in one pass, so text
    /// substituted in (a question quoting `{{tools}}`, say) is never expanded again.
    func render(template: String) -> String {
        var output = ""
        var rest = template[...]
        while let open = rest.firstRange(of: "{{") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let name = rest[open.upperBound..<close.lowerBound]
            switch name {
            case "question": output += question
            case "tool_results": output += toolResults.joined(separator: "\n")
            case "tools": output += toolNames.joined(separator: ", ")
            case "round": output += String(round)
            default: output += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        return output + rest
    }
}
