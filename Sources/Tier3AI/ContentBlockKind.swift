/// The `type` of a content block. The router writes text, tool_use and tool_result blocks and
/// reads text and tool_use ones; every other kind (thinking, server tools, kinds added later) is
/// echoed back exactly as it came.
public enum ContentBlockKind: Sendable, Hashable, Codable, RawRepresentable {
    case text
    case toolUse
    case toolResult
    case thinking
    case redactedThinking
    case other(String)

    public init(rawValue: String) {
        switch rawValue {
        case "text": self = .text
        case "tool_use": self = .toolUse
        case "tool_result": self = .toolResult
        case "thinking": self = .thinking
        case "redacted_thinking": self = .redactedThinking
        default: self = .other(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .text: "text"
        case .toolUse: "tool_use"
        case .toolResult: "tool_result"
        case .thinking: "thinking"
        case .redactedThinking: "redacted_thinking"
        case .other(let name): name
        }
    }
}
