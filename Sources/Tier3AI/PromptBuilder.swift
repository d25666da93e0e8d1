import Foundation

/// Builds Messages API request bodies whose cacheable prefix (tools, then system) is the same
/// bytes every time for a domain: tools come from fixed ordered bundles, JSON keys are sorted,
/// and nothing varies (no dates, ids or user data) before the last breakpoint.
///
/// Breakpoints (at most 4 are allowed; this uses 2, or 3 with a conversation): the last tool of
/// the bundle, the last system block, and the last earlier turn of a conversation.
public struct PromptBuilder: Sendable {
    public let model: String
    public let maxTokens: Int
    public let system: [String]
    /// Tools per domain, in the order they are sent.
    public let bundles: [ToolDomain: [ToolDefinition]]

    public init(model: String, maxTokens: Int, system: [String], bundles: [ToolDomain: [ToolDefinition]]) {
        self.model = model
        self.maxTokens = maxTokens
        self.system = system
        self.bundles = bundles
    }

    /// A prior turn of a conversation.
    public struct Turn: Sendable, Equatable {
        public let role: String
        /// JSON of the turn's `content` (a string or an array of blocks).
        public let contentJSON: String

        public init(role: String, contentJSON: String) {
            self.role = role
            self.contentJSON = contentJSON
        }
    }

    static var ephemeral: [String: Any] { ["type": "ephemeral"] }

    /// The body for `domain`: `history` (earlier turns, cached up to its end) then `question`.
    public func body(domain: ToolDomain, history: [Turn] = [], question: String, stream: Bool) -> [UInt8] {
        let tools = bundles[domain] ?? []
        var toolObjects: [[String: Any]] = tools.map { tool in
            let schema = (try? JSONSerialization.jsonObject(with: Data(tool.inputSchema.utf8))) ?? ["type": "object"]
            return ["name": tool.name, "description": tool.description, "input_schema": schema]
        }
        if !toolObjects.isEmpty { toolObjects[toolObjects.count - 1]["cache_control"] = Self.ephemeral }
        var systemBlocks: [[String: Any]] = system.map { ["type": "text", "text": $0] }
        if !systemBlocks.isEmpty { systemBlocks[systemBlocks.count - 1]["cache_control"] = Self.ephemeral }
        var messages: [[String: Any]] = history.enumerated().map { index, turn in
            var content: Any = (try? JSONSerialization.jsonObject(with: Data(turn.contentJSON.utf8), options: .fragmentsAllowed)) ?? ""
            if index == history.count - 1 {
                // Mark the end of the conversation so far: the next turn reuses it.
                if let text = content as? String {
                    content = [["type": "text", "text": text, "cache_control": Self.ephemeral]]
                } else if var blocks = content as? [[String: Any]], !blocks.isEmpty {
                    blocks[blocks.count - 1]["cache_control"] = Self.ephemeral
                    content = blocks
                }
            }
            return ["role": turn.role, "content": content]
        }
        messages.append(["role": "user", "content": question])
        var body: [String: Any] = ["model": model, "max_tokens": maxTokens, "messages": messages, "stream": stream]
        if !toolObjects.isEmpty {
            body["tools"] = toolObjects
            body["tool_choice"] = ["type": "auto"]
        }
        if !systemBlocks.isEmpty { body["system"] = systemBlocks }
        return Self.serialise(body)
    }

    /// Canonical JSON: sorted keys, no escaped slashes. Sorting puts `max_tokens`, `messages`,
    /// `model` before `system` and `tools` in the text, but the API's prefix order is by role
    /// (tools → system → messages), not by key order, so the cached prefix is unaffected.
    static func serialise(_ object: [String: Any]) -> [UInt8] {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return Array("{}".utf8)
        }
        return Array(data)
    }

    /// Counts the `cache_control` markers in a body (the API allows at most 4).
    public static func breakpoints(in body: [UInt8]) -> Int {
        let text = String(decoding: body, as: UTF8.self)
        return text.components(separatedBy: "\"cache_control\"").count - 1
    }
}
