/// The block a `content_block_start` event opens: its kind, the fields the router builds on
/// (text, a tool call's id and name), and all its fields as sent, to echo back the kinds it
/// does not interpret. A tool call's `input` here is a placeholder; the real one streams as
/// `input_json_delta`s.
public struct StartedContentBlock: Sendable, Equatable, Decodable {
    public var kind: ContentBlockKind
    public var text: String
    public var id: String
    public var name: String
    public var fields: [String: JSONValue]

    public init(kind: ContentBlockKind, text: String = "", id: String = "", name: String = "", fields: [String: JSONValue]) {
        self.kind = kind
        self.text = text
        self.id = id
        self.name = name
        self.fields = fields
    }

    enum CodingKeys: String, CodingKey { case type, text, id, name }

    public init(from decoder: any Decoder) throws {
        fields = try [String: JSONValue](from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func string(_ key: CodingKeys) -> String? { try? container.decodeIfPresent(String.self, forKey: key) }
        kind = ContentBlockKind(rawValue: string(.type) ?? "unknown")
        text = string(.text) ?? ""
        id = string(.id) ?? ""
        name = string(.name) ?? ""
    }
}
