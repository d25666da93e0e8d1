/// One block of the system prompt. The system prompt is sent as blocks, not as a string, so
/// that the last one can carry the breakpoint that caches tools and system together.
public struct SystemBlock: Sendable, Hashable, Codable {
    public var text: String
    public var cacheControl: CacheControl?

    public init(text: String, cacheControl: CacheControl? = nil) {
        self.text = text
        self.cacheControl = cacheControl
    }

    enum CodingKeys: String, CodingKey {
        case type, text
        case cacheControl = "cache_control"
    }

    /// System blocks are text blocks; the API takes no other kind here.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ContentBlockKind.text, forKey: .type)
        try container.encode(text, forKey: .text)
        try container.encodeIfPresent(cacheControl, forKey: .cacheControl)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decode(String.self, forKey: .text)
        cacheControl = try container.decodeIfPresent(CacheControl.self, forKey: .cacheControl)
    }
}
