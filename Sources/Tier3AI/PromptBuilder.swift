import Foundation

/// Builds Messages API requests whose cacheable prefix (tools, then system) is the same bytes
/// every time for a domain: tools come from fixed ordered bundles, every value is written by
/// `WireJSON` (keys sorted), the top-level members are written in the API's prefix order
/// (tools → system → messages), and nothing varies (no dates, ids or user data) before the last
/// breakpoint.
///
/// Breakpoints (at most 4 are allowed): the last tool of the bundle, the last system block, the
/// last earlier turn of a conversation, and the last turn of the current tool loop.
public struct PromptBuilder: Sendable {
    public let model: String
    public let maxTokens: Int
    public let system: [String]
    /// Tools per domain, in the order they are sent.
    public let bundles: [ToolDomain: [ToolDefinition]]
    /// The `tools` array of each domain, its last tool carrying a breakpoint; built once.
    private let tools: [ToolDomain: [ToolDefinitionWire]]
    private let systemBlocks: [SystemBlock]

    public init(model: String, maxTokens: Int, system: [String], bundles: [ToolDomain: [ToolDefinition]]) {
        self.model = model
        self.maxTokens = maxTokens
        self.system = system
        self.bundles = bundles
        var tools: [ToolDomain: [ToolDefinitionWire]] = [:]
        for (domain, definitions) in bundles where !definitions.isEmpty {
            tools[domain] = definitions.enumerated().map { index, definition in
                ToolDefinitionWire(definition, cacheControl: index == definitions.count - 1 ? .ephemeral : nil)
            }
        }
        self.tools = tools
        systemBlocks = system.enumerated().map { index, text in
            SystemBlock(text: text, cacheControl: index == system.count - 1 ? .ephemeral : nil)
        }
    }

    /// A turn of the conversation: who said it and what.
    public struct Turn: Sendable, Equatable {
        public let role: MessageRole
        public let content: MessageContent

        public init(role: MessageRole, content: MessageContent) {
            self.role = role
            self.content = content
        }
    }

    /// The tool names sent for `domain`, in order.
    public func toolNames(for domain: ToolDomain) -> [String] {
        (bundles[domain] ?? []).map(\.name)
    }

    /// The request for `domain`: `history` (earlier exchanges, cached up to their end), then the
    /// `question`, then `followUps` (this answer's tool rounds so far, cached up to their end).
    public func request(
        domain: ToolDomain, history: [Turn] = [], question: String, followUps: [Turn] = [], stream: Bool,
        metadataUserID: String? = nil
    ) -> MessagesRequest {
        var messages = Self.messages(history)
        messages.append(Message(role: .user, content: .text(question)))
        messages += Self.messages(followUps)
        let tools = self.tools[domain]
        return MessagesRequest(
            model: model, maxTokens: maxTokens, stream: stream, toolChoice: tools == nil ? nil : .auto, tools: tools,
            system: systemBlocks.isEmpty ? nil : systemBlocks, messages: messages, metadata: metadataUserID.map { .init(userID: $0) }
        )
    }

    /// The body bytes of `request(…)`.
    public func body(
        domain: ToolDomain, history: [Turn] = [], question: String, followUps: [Turn] = [], stream: Bool,
        metadataUserID: String? = nil
    ) -> [UInt8] {
        request(
            domain: domain, history: history, question: question, followUps: followUps, stream: stream, metadataUserID: metadataUserID
        ).encoded()
    }

    /// The turns as messages, the last one carrying a breakpoint.
    private static func messages(_ turns: [Turn]) -> [Message] {
        turns.enumerated().map { index, turn in
            Message(role: turn.role, content: index == turns.count - 1 ? turn.content.marked(.ephemeral) : turn.content)
        }
    }

    /// Counts the `cache_control` markers in a body (the API allows at most 4).
    public static func breakpoints(in body: [UInt8]) -> Int {
        let text = String(decoding: body, as: UTF8.self)
        return text.components(separatedBy: "\"cache_control\"").count - 1
    }
}
