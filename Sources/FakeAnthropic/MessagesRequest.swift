/// A `/v1/messages` (or `/v1/messages/count_tokens`) body, checked the way the real API checks it
/// (fact sheet §1, §4 and §9). Unknown fields are ignored.
struct MessagesRequest: Sendable {
    enum Content: Sendable {
        /// The string shorthand for one text block.
        case text(String)
        case blocks([FakeJSON])
    }

    struct Message: Sendable {
        let role: String
        let content: Content

        /// The content as blocks (the shorthand expanded), for rules that look at block types.
        var blocks: [FakeJSON] {
            switch content {
            case .text(let text): [["type": "text", "text": .string(text)]]
            case .blocks(let blocks): blocks
            }
        }
    }

    let model: String
    /// 0 for token counting, which has no `max_tokens`.
    let maxTokens: Int
    let stream: Bool
    /// A string or an array of text blocks, as sent.
    let system: FakeJSON?
    let tools: [FakeJSON]
    let messages: [Message]
    /// The top-level ("automatic caching") marker.
    let cacheControl: FakeJSON?

    /// The version that forbids sampling parameters.
    static let strictVersion = "2026-10-21"
    static let supportedVersions: Set<String> = ["2023-06-01", strictVersion]

    static func validate(
        _ body: FakeJSON, apiVersion: String, knownModels: Set<String>, forCounting: Bool = false
    ) throws(APIError) -> MessagesRequest {
        guard case .object(let fields) = body else {
            throw .invalidRequest("The request body must be a JSON object.")
        }
        guard let modelValue = fields["model"] else { throw .invalidRequest("model: Field required") }
        guard let model = modelValue.stringValue else { throw .invalidRequest("model: Input should be a valid string") }

        var maxTokens = 0
        if !forCounting {
            guard let value = fields["max_tokens"] else { throw .invalidRequest("max_tokens: Field required") }
            guard let integer = value.intValue else { throw .invalidRequest("max_tokens: Input should be a valid integer") }
            guard integer >= 0 else { throw .invalidRequest("max_tokens: Input should be greater than or equal to 0") }
            maxTokens = integer
        }

        var stream = false
        if !forCounting, let value = fields["stream"], value != .null {
            guard let flag = value.boolValue else { throw .invalidRequest("stream: Input should be a valid boolean") }
            stream = flag
        }
        if stream && maxTokens == 0 {
            throw .invalidRequest("max_tokens: 0 (cache pre-warming) is not allowed with stream: true")
        }

        guard let messagesValue = fields["messages"] else { throw .invalidRequest("messages: Field required") }
        guard let rawMessages = messagesValue.arrayValue else { throw .invalidRequest("messages: Input should be a valid list") }
        guard !rawMessages.isEmpty else { throw .invalidRequest("messages: at least one message is required") }

        if apiVersion == strictVersion {
            for name in ["temperature", "top_p", "top_k"] where fields[name] != nil {
                throw .invalidRequest("\(name): Extra inputs are not permitted")
            }
        }

        let system = try validateSystem(fields["system"])
        let tools = try validateTools(fields["tools"])
        let messages = try validateMessages(rawMessages)
        try validateToolResults(messages)

        guard knownModels.contains(model) else { throw .notFound("model: \(model)") }

        return MessagesRequest(
            model: model, maxTokens: maxTokens, stream: stream, system: system, tools: tools,
            messages: messages, cacheControl: fields["cache_control"].flatMap { $0 == .null ? nil : $0 }
        )
    }

    private static func validateSystem(_ value: FakeJSON?) throws(APIError) -> FakeJSON? {
        guard let value, value != .null else { return nil }
        switch value {
        case .string:
            return value
        case .array(let blocks):
            for (index, block) in blocks.enumerated() {
                guard block["type"]?.stringValue == "text", block["text"]?.stringValue != nil else {
                    throw .invalidRequest("system.\(index): Input should be a text block with a string `text`")
                }
            }
            return value
        default:
            throw .invalidRequest("system: Input should be a valid string or a list of text blocks")
        }
    }

    private static func validateTools(_ value: FakeJSON?) throws(APIError) -> [FakeJSON] {
        guard let value, value != .null else { return [] }
        guard let tools = value.arrayValue else { throw .invalidRequest("tools: Input should be a valid list") }
        for (index, tool) in tools.enumerated() {
            guard tool.objectValue != nil else { throw .invalidRequest("tools.\(index): Input should be an object") }
            guard tool["name"]?.stringValue != nil else { throw .invalidRequest("tools.\(index).name: Field required") }
        }
        return tools
    }

    private static func validateMessages(_ rawMessages: [FakeJSON]) throws(APIError) -> [Message] {
        var messages: [Message] = []
        for (index, raw) in rawMessages.enumerated() {
            guard raw.objectValue != nil else { throw .invalidRequest("messages.\(index): Input should be an object") }
            guard let role = raw["role"]?.stringValue else { throw .invalidRequest("messages.\(index).role: Field required") }
            guard role == "user" || role == "assistant" || (role == "system" && index > 0) else {
                throw .invalidRequest("messages.\(index).role: Input should be 'user' or 'assistant'")
            }
            switch raw["content"] {
            case .string(let text)?:
                messages.append(Message(role: role, content: .text(text)))
            case .array(let blocks)?:
                for (blockIndex, block) in blocks.enumerated() where block["type"]?.stringValue == nil {
                    throw .invalidRequest("messages.\(index).content.\(blockIndex).type: Field required")
                }
                messages.append(Message(role: role, content: .blocks(blocks)))
            case nil:
                throw .invalidRequest("messages.\(index).content: Field required")
            default:
                throw .invalidRequest("messages.\(index).content: Input should be a valid string or list of content blocks")
            }
        }
        return messages
    }

    /// §4: every `tool_use` needs a `tool_result` at the start of the next user message, and every
    /// `tool_result` must answer a `tool_use` of the previous assistant message.
    private static func validateToolResults(_ messages: [Message]) throws(APIError) {
        for (index, message) in messages.enumerated() {
            let blocks = message.blocks
            if message.role == "user" {
                let previous = index > 0 && messages[index - 1].role == "assistant" ? toolUseIDs(in: messages[index - 1]) : []
                for (blockIndex, block) in blocks.enumerated() where block["type"]?.stringValue == "tool_result" {
                    let id = block["tool_use_id"]?.stringValue ?? ""
                    if !previous.contains(id) {
                        throw .invalidRequest(
                            "messages.\(index).content.\(blockIndex): unexpected `tool_use_id` found in `tool_result` blocks: \(id). "
                                + "Each `tool_result` block must have a corresponding `tool_use` block in the previous message."
                        )
                    }
                }
            }
            guard message.role == "assistant" else { continue }
            let ids = toolUseIDs(in: message)
            guard !ids.isEmpty else { continue }
            let next = index + 1 < messages.count && messages[index + 1].role == "user" ? messages[index + 1] : nil
            let answered = next.map(leadingToolResultIDs) ?? []
            if next != nil, answered.isEmpty {
                throw .invalidRequest(
                    "messages.\(index + 1): Did not find \(ids.count) tool_result block(s) at the beginning of this message. "
                        + "Messages following tool_use blocks must begin with a matching number of tool_result blocks."
                )
            }
            let missing = ids.filter { !answered.contains($0) }
            if !missing.isEmpty {
                throw .invalidRequest(
                    "messages.\(index): `tool_use` ids were found without `tool_result` blocks immediately after: "
                        + missing.joined(separator: ", ")
                        + ". Each `tool_use` block must have a corresponding `tool_result` block in the next message."
                )
            }
        }
    }

    private static func toolUseIDs(in message: Message) -> [String] {
        message.blocks.compactMap { block in
            block["type"]?.stringValue == "tool_use" ? block["id"]?.stringValue : nil
        }
    }

    private static func leadingToolResultIDs(in message: Message) -> [String] {
        var ids: [String] = []
        for block in message.blocks {
            guard block["type"]?.stringValue == "tool_result" else { break }
            ids.append(block["tool_use_id"]?.stringValue ?? "")
        }
        return ids
    }
}
