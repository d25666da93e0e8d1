import Foundation

/// Builds Messages API request bodies whose cacheable prefix (tools, then system) is the same
/// bytes every time for a domain: tools come from fixed ordered bundles, nested JSON keys are
/// sorted, the top-level members are written in the API's prefix order (tools → system →
/// messages), and nothing varies (no dates, ids or user data) before the last breakpoint.
///
/// Breakpoints (at most 4 are allowed): the last tool of the bundle, the last system block, the
/// last earlier turn of a conversation, and the last turn of the current tool loop.
public struct PromptBuilder: Sendable {
    public let model: String
    public let maxTokens: Int
    public let system: [String]
    /// Tools per domain, in the order they are sent.
    public let bundles: [ToolDomain: [ToolDefinition]]
    /// The serialised `tools` array of each domain, computed once: the same bytes every call.
    private let toolsJSON: [ToolDomain: String]
    private let systemJSON: String

    public init(model: String, maxTokens: Int, system: [String], bundles: [ToolDomain: [ToolDefinition]]) {
        self.model = model
        self.maxTokens = maxTokens
        self.system = system
        self.bundles = bundles
        var tools: [ToolDomain: String] = [:]
        for (domain, definitions) in bundles where !definitions.isEmpty {
            var objects: [[String: Any]] = definitions.map { tool in
                let schema = (try? JSONSerialization.jsonObject(with: Data(tool.inputSchema.utf8))) ?? ["type": "object"]
                return ["name": tool.name, "description": tool.description, "input_schema": schema]
            }
            objects[objects.count - 1]["cache_control"] = Self.ephemeral
            tools[domain] = Self.canonical(objects)
        }
        toolsJSON = tools
        var blocks: [[String: Any]] = system.map { ["type": "text", "text": $0] }
        if !blocks.isEmpty { blocks[blocks.count - 1]["cache_control"] = Self.ephemeral }
        systemJSON = blocks.isEmpty ? "" : Self.canonical(blocks)
    }

    /// A turn of the conversation: its role and the JSON of its `content` (a string or blocks).
    public struct Turn: Sendable, Equatable {
        public let role: String
        public let contentJSON: String

        public init(role: String, contentJSON: String) {
            self.role = role
            self.contentJSON = contentJSON
        }
    }

    static var ephemeral: [String: Any] { ["type": "ephemeral"] }

    /// The tool names sent for `domain`, in order.
    public func toolNames(for domain: ToolDomain) -> [String] {
        (bundles[domain] ?? []).map(\.name)
    }

    /// The body for `domain`: `history` (earlier exchanges, cached up to their end), then the
    /// `question`, then `followUps` (this answer's tool rounds so far, cached up to their end).
    public func body(
        domain: ToolDomain, history: [Turn] = [], question: String, followUps: [Turn] = [], stream: Bool,
        metadataUserID: String? = nil
    ) -> [UInt8] {
        var messages: [String] = history.enumerated().map { index, turn in
            Self.message(turn, marked: index == history.count - 1)
        }
        messages.append("{\"content\":" + Self.canonical(question) + ",\"role\":\"user\"}")
        messages += followUps.enumerated().map { index, turn in
            Self.message(turn, marked: index == followUps.count - 1)
        }
        var out = "{\"model\":" + Self.canonical(model) + ",\"max_tokens\":\(maxTokens),\"stream\":\(stream)"
        if let tools = toolsJSON[domain] {
            out += ",\"tool_choice\":{\"type\":\"auto\"},\"tools\":" + tools
        }
        if !systemJSON.isEmpty { out += ",\"system\":" + systemJSON }
        out += ",\"messages\":[" + messages.joined(separator: ",") + "]"
        if let metadataUserID { out += ",\"metadata\":{\"user_id\":" + Self.canonical(metadataUserID) + "}" }
        out += "}"
        return Array(out.utf8)
    }

    /// One message; `marked` puts a breakpoint on its last content block.
    private static func message(_ turn: Turn, marked: Bool) -> String {
        var content: Any = (try? JSONSerialization.jsonObject(with: Data(turn.contentJSON.utf8), options: .fragmentsAllowed)) ?? ""
        if marked {
            if let text = content as? String {
                content = [["type": "text", "text": text, "cache_control": ephemeral]]
            } else if var blocks = content as? [[String: Any]], !blocks.isEmpty {
                blocks[blocks.count - 1]["cache_control"] = ephemeral
                content = blocks
            }
        }
        return "{\"content\":" + canonical(content) + ",\"role\":" + canonical(turn.role) + "}"
    }

    /// Canonical JSON text of a value: sorted keys, no escaped slashes.
    static func canonical(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Counts the `cache_control` markers in a body (the API allows at most 4).
    public static func breakpoints(in body: [UInt8]) -> Int {
        let text = String(decoding: body, as: UTF8.self)
        return text.components(separatedBy: "\"cache_control\"").count - 1
    }
}
