/// Why the model stopped writing (`stop_reason`). The tool loop continues on `toolUse` and
/// `pauseTurn` and returns the answer on anything else. The API may add reasons at any time,
/// so an unknown one is kept as `other` rather than failing the stream.
public enum StopReason: Sendable, Hashable, Codable, RawRepresentable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// A natural end.
    case endTurn
    /// The model called at least one tool and waits for the results.
    case toolUse
    /// `max_tokens` (or the model's limit) was reached.
    case maxTokens
    /// A custom stop sequence matched.
    case stopSequence
    /// A long server-tool turn was paused; sending the conversation again continues it.
    case pauseTurn
    /// The safety classifiers intervened.
    case refusal
    /// The context window filled up.
    case modelContextWindowExceeded
    /// A reason added after this was written.
    case other(String)

    public init(rawValue: String) {
        switch rawValue {
        case "end_turn": self = .endTurn
        case "tool_use": self = .toolUse
        case "max_tokens": self = .maxTokens
        case "stop_sequence": self = .stopSequence
        case "pause_turn": self = .pauseTurn
        case "refusal": self = .refusal
        case "model_context_window_exceeded": self = .modelContextWindowExceeded
        default: self = .other(rawValue)
        }
    }

    /// The wire name, so a literal reads as the API spells it.
    public init(stringLiteral value: String) {
        self.init(rawValue: value)
    }

    public var rawValue: String {
        switch self {
        case .endTurn: "end_turn"
        case .toolUse: "tool_use"
        case .maxTokens: "max_tokens"
        case .stopSequence: "stop_sequence"
        case .pauseTurn: "pause_turn"
        case .refusal: "refusal"
        case .modelContextWindowExceeded: "model_context_window_exceeded"
        case .other(let name): name
        }
    }

    public var description: String { rawValue }
}
