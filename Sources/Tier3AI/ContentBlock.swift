import Foundation

/// One block of a message's content as the router sends it: the text it writes, the assistant's
/// tool calls and the tool results it echoes, and, verbatim, every block it does not interpret
/// (thinking and its signature, server tools, kinds added later), which the API requires back
/// unmodified. A breakpoint (`cache_control`) may sit on any block.
public enum ContentBlock: Sendable, Hashable, Codable {
    case text(String, cacheControl: CacheControl? = nil)
    case toolUse(id: String, name: String, input: JSONValue, cacheControl: CacheControl? = nil)
    /// `isError` is written only when true, as the API's default is false.
    case toolResult(toolUseID: String, content: String, isError: Bool = false, cacheControl: CacheControl? = nil)
    /// A block kept exactly as received.
    case verbatim(JSONValue)

    public var kind: ContentBlockKind {
        switch self {
        case .text: .text
        case .toolUse: .toolUse
        case .toolResult: .toolResult
        case .verbatim(let raw): ContentBlockKind(rawValue: raw.objectValue?["type"]?.stringValue ?? "unknown")
        }
    }

    /// This block carrying a breakpoint (replacing any it had). A verbatim block that is not an
    /// object cannot carry one and is returned as it is.
    public func marked(_ cacheControl: CacheControl) -> ContentBlock {
        switch self {
        case .text(let text, _): return .text(text, cacheControl: cacheControl)
        case .toolUse(let id, let name, let input, _): return .toolUse(id: id, name: name, input: input, cacheControl: cacheControl)
        case .toolResult(let id, let content, let isError, _):
            return .toolResult(toolUseID: id, content: content, isError: isError, cacheControl: cacheControl)
        case .verbatim(.object(var fields)):
            fields[CodingKeys.cacheControl.stringValue] = cacheControl.jsonValue
            return .verbatim(.object(fields))
        case .verbatim: return self
        }
    }

    enum CodingKeys: String, CodingKey {
        case type, text, id, name, input, content
        case toolUseID = "tool_use_id"
        case isError = "is_error"
        case cacheControl = "cache_control"
    }

    public func encode(to encoder: any Encoder) throws {
        if case .verbatim(let raw) = self {
            try raw.encode(to: encoder)
            return
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .type)
        switch self {
        case .text(let text, let cacheControl):
            try container.encode(text, forKey: .text)
            try container.encodeIfPresent(cacheControl, forKey: .cacheControl)
        case .toolUse(let id, let name, let input, let cacheControl):
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(input, forKey: .input)
            try container.encodeIfPresent(cacheControl, forKey: .cacheControl)
        case .toolResult(let toolUseID, let content, let isError, let cacheControl):
            try container.encode(toolUseID, forKey: .toolUseID)
            try container.encode(content, forKey: .content)
            if isError { try container.encode(true, forKey: .isError) }
            try container.encodeIfPresent(cacheControl, forKey: .cacheControl)
        case .verbatim:
            break
        }
    }

    /// A block is read as one of the typed cases only when writing that case gives back the same
    /// JSON (no field of it unknown, no `"is_error":false`, …); otherwise it stays verbatim, so
    /// reading and writing a block never changes it.
    public init(from decoder: any Decoder) throws {
        let raw = try JSONValue(from: decoder)
        if let typed = try? Self.typed(from: decoder), typed.jsonValue == raw {
            self = typed
        } else {
            self = .verbatim(raw)
        }
    }

    private static func typed(from decoder: any Decoder) throws -> ContentBlock? {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let cacheControl = try container.decodeIfPresent(CacheControl.self, forKey: .cacheControl)
        switch try container.decode(ContentBlockKind.self, forKey: .type) {
        case .text:
            return .text(try container.decode(String.self, forKey: .text), cacheControl: cacheControl)
        case .toolUse:
            return .toolUse(
                id: try container.decode(String.self, forKey: .id), name: try container.decode(String.self, forKey: .name),
                input: try container.decode(JSONValue.self, forKey: .input), cacheControl: cacheControl
            )
        case .toolResult:
            return .toolResult(
                toolUseID: try container.decode(String.self, forKey: .toolUseID), content: try container.decode(String.self, forKey: .content),
                isError: try container.decodeIfPresent(Bool.self, forKey: .isError) ?? false, cacheControl: cacheControl
            )
        case .thinking, .redactedThinking, .other:
            return nil
        }
    }

    /// The block as a JSON value, as it is written.
    private var jsonValue: JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(WireJSON.bytes(self)))
    }
}
