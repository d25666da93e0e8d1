/// The `delta` of a `content_block_delta` event: a piece of a block being streamed.
public enum ContentDelta: Sendable, Equatable, Decodable {
    /// `text_delta`: text the user reads.
    case text(String)
    /// `input_json_delta`: a fragment of a tool call's input, split anywhere (even inside a
    /// string); the fragments make JSON only once the block stops.
    case inputJSON(String)
    /// `thinking_delta`: more of a thinking block's text.
    case thinking(String)
    /// `signature_delta`: the thinking block's signature, which must go back unmodified.
    case signature(String)
    /// `citations_delta`: one citation for a text block.
    case citation(JSONValue)
    /// A delta added after this was written: its string fields are appended to the block's
    /// fields of the same name, so the block can still be echoed as it was meant to be.
    case other(type: String, fields: [String: JSONValue])

    enum CodingKeys: String, CodingKey {
        case type, text, thinking, signature, citation
        case partialJSON = "partial_json"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        func string(_ key: CodingKeys) -> String? { try? container.decodeIfPresent(String.self, forKey: key) }
        switch type {
        case "text_delta":
            self = .text(string(.text) ?? "")
            return
        case "input_json_delta":
            self = .inputJSON(string(.partialJSON) ?? "")
            return
        case "thinking_delta":
            if let thinking = string(.thinking) {
                self = .thinking(thinking)
                return
            }
        case "signature_delta":
            if let signature = string(.signature) {
                self = .signature(signature)
                return
            }
        case "citations_delta":
            if let citation = try? container.decode(JSONValue.self, forKey: .citation) {
                self = .citation(citation)
                return
            }
        default:
            break
        }
        var fields = try [String: JSONValue](from: decoder)
        fields["type"] = nil
        self = .other(type: type, fields: fields)
    }
}
