/// A canned conversation: which questions it answers and what each round says or calls.
///
/// `match` is a case-insensitive substring of the latest user question; `""` matches everything.
/// Turn *n* answers the request that follows *n* completed tool rounds.
package struct FakeScript: Sendable, Codable, Equatable {
    package var match: String
    package var turns: [FakeTurn]

    package init(match: String, turns: [FakeTurn]) {
        self.match = match
        self.turns = turns
    }
}

/// One assistant reply: optional thinking prelude, optional text (with `{{…}}` templates), optional tool calls.
package struct FakeTurn: Sendable, Codable, Equatable {
    /// Supports `{{question}}`, `{{tool_results}}`, `{{tools}}` and `{{round}}`.
    package var text: String?
    package var toolUses: [FakeToolUse]?
    /// Starts the reply with a thinking block (empty text, one signature) like the always-thinking models.
    package var thinking: Bool?

    package init(text: String? = nil, toolUses: [FakeToolUse]? = nil, thinking: Bool? = nil) {
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
package struct FakeToolUse: Sendable, Codable, Equatable {
    package var name: String
    package var input: FakeJSON

    package init(name: String, input: FakeJSON = .object([:])) {
        self.name = name
        self.input = input
    }
}
