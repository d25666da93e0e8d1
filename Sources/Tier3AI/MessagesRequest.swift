/// The body of `POST /v1/messages` as tier 3 sends it (fact sheet §1.2). Only the fields the
/// router uses are here; sampling parameters are never sent (version 2026-10-21 rejects them).
public struct MessagesRequest: Sendable, Hashable, Codable {
    public var model: String
    public var maxTokens: Int
    public var stream: Bool
    public var toolChoice: ToolChoice?
    public var tools: [ToolDefinitionWire]?
    public var system: [SystemBlock]?
    public var messages: [Message]
    public var metadata: Metadata?

    public init(
        model: String, maxTokens: Int, stream: Bool, toolChoice: ToolChoice? = nil, tools: [ToolDefinitionWire]? = nil,
        system: [SystemBlock]? = nil, messages: [Message], metadata: Metadata? = nil
    ) {
        self.model = model
        self.maxTokens = maxTokens
        self.stream = stream
        self.toolChoice = toolChoice
        self.tools = tools
        self.system = system
        self.messages = messages
        self.metadata = metadata
    }

    /// How the model may use the tools; the router always lets it decide.
    public struct ToolChoice: Sendable, Hashable, Codable {
        public enum Mode: String, Sendable, Hashable, Codable {
            case auto, any, tool, none
        }

        public var type: Mode
        /// The tool to call, with `.tool` only.
        public var name: String?

        public init(type: Mode, name: String? = nil) {
            self.type = type
            self.name = name
        }

        public static let auto = ToolChoice(type: .auto)
    }

    /// An opaque per-user id for the provider's abuse monitoring; never the user id itself.
    public struct Metadata: Sendable, Hashable, Codable {
        public var userID: String?

        public init(userID: String?) {
            self.userID = userID
        }

        enum CodingKeys: String, CodingKey {
            case userID = "user_id"
        }
    }

    enum CodingKeys: String, CodingKey {
        case model
        case maxTokens = "max_tokens"
        case stream
        case toolChoice = "tool_choice"
        case tools, system, messages, metadata
    }

    /// The body's bytes. Every member's value is written by `WireJSON` (keys sorted, so the same
    /// value is the same bytes); the members themselves go in the order the API renders the
    /// prompt, tools → system → messages, after the scalars, which sorting cannot give. So two
    /// requests of a domain share their bytes up to the last breakpoint, and a reader of a body
    /// sees the prompt in the order it is cached.
    public func encoded() -> [UInt8] {
        var body: [UInt8] = [UInt8(ascii: "{")]
        func member(_ key: CodingKeys, _ value: (some Encodable)?) {
            guard let value else { return }
            if body.count > 1 { body.append(UInt8(ascii: ",")) }
            body += WireJSON.bytes(key.stringValue)
            body.append(UInt8(ascii: ":"))
            body += WireJSON.bytes(value)
        }
        member(.model, model)
        member(.maxTokens, maxTokens)
        member(.stream, stream)
        member(.toolChoice, toolChoice)
        member(.tools, tools)
        member(.system, system)
        member(.messages, messages)
        member(.metadata, metadata)
        body.append(UInt8(ascii: "}"))
        return body
    }
}
