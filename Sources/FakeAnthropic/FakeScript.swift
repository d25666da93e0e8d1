/// A canned conversation: which questions it answers and what each round says or calls.
///
/// `match` is a case-insensitive substring of the latest user question; `""` matches everything.
/// Turn *n* answers the request that follows *n* completed tool rounds.
public struct FakeScript: Sendable, Codable, Equatable {
    public var match: String
    public var turns: [FakeTurn]

    public init(match: String, turns: [FakeTurn]) {
        self.match = match
        self.turns = turns
    }
}

/// One assistant reply: optional thinking prelude, optional text (with `{{…}}` templates), optional tool calls.
public struct FakeTurn: Sendable, Codable, Equatable {
    /// Supports `{{question}}`, `{{tool_results}}`, `{{tools}}` and `{{round}}`.
    public var text: String?
    public var toolUses: [FakeToolUse]?
    /// Starts the reply with a thinking block (empty text, one signature) like the always-thinking models.
    public var thinking: Bool?

    public init(text: String? = nil, toolUses: [FakeToolUse]? = nil, thinking: Bool? = nil) {
        self.text = text
        self.toolUses = toolUses
        self.thinking = thinking
    }

    private enum CodingKeys: String, CodingKey {
        case text
        case toolUses = "tool_uses"
        case thinking
    }
}

/// A client tool call the fake makes; its `input` is streamed as `input_json_delta` fragments.
public struct FakeToolUse: Sendable, Codable, Equatable {
    public var name: String
    public var input: FakeJSON

    public init(name: String, input: FakeJSON = .object([:])) {
        self.name = name
        self.input = input
    }
}
