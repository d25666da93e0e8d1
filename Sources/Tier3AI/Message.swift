/// One message of the conversation sent to the API.
public struct Message: Sendable, Hashable, Codable {
    public var role: MessageRole
    public var content: MessageContent

    public init(role: MessageRole, content: MessageContent) {
        self.role = role
        self.content = content
    }
}

/// A message's `content`: a plain string (the short form of one text block, as questions are
/// sent) or blocks.
public enum MessageContent: Sendable, Hashable, Codable {
    case text(String)
    case blocks([ContentBlock])

    /// The content with a breakpoint at its end: a string becomes one text block carrying it,
    /// blocks carry it on the last one. Empty blocks stay as they are.
    public func marked(_ cacheControl: CacheControl) -> MessageContent {
        switch self {
        case .text(let text):
            return .blocks([.text(text, cacheControl: cacheControl)])
        case .blocks(var blocks):
            guard let last = blocks.popLast() else { return self }
            return .blocks(blocks + [last.marked(cacheControl)])
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .blocks(try container.decode([ContentBlock].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .blocks(let blocks): try container.encode(blocks)
        }
    }
}
