import Domain
import Foundation
import NIOCore
import Tier3AI

/// The validated body of `POST /v1/query` and `POST /v1/classify`.
struct QueryBody: Sendable {
    var query: String
    var asOf: Day?
    var maxTier: Tier = .ai
    var conversationID: String?
    var stream: Bool = false

    static let maxQueryCharacters = 4000

    /// Parses and validates; unknown fields are ignored, wrong types are 422 naming the field.
    static func parse(_ buffer: ByteBuffer) throws(RouterError) -> QueryBody {
        let bytes = buffer.readableBytesView
        guard !bytes.isEmpty else { throw .badRequest("The request body is empty: send a JSON object with a \"query\".") }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw .badRequest("The request body is not valid UTF-8.")
        }
        let object: [String: JSONValue]
        do {
            let value = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
            guard case .object(let o) = value else {
                throw RouterError.badRequest("The request body must be a JSON object, got \(value.typeName).")
            }
            object = o
        } catch let error as RouterError {
            throw error
        } catch {
            throw .badRequest("The request body is not valid JSON.")
        }

        var body = QueryBody(query: "")
        switch object["query"] {
        case .string(let s)?: body.query = try validatedQuery(s)
        case nil, .null?: throw .invalidField(field: "query", detail: "is required (a string of 1 to 4000 characters).")
        case let other?: throw .invalidField(field: "query", detail: "must be a string, got \(other.typeName).")
        }
        switch object["as_of"] {
        case nil, .null?: break
        case .string(let s)?: body.asOf = try validatedDay(s, field: "as_of")
        case let other?: throw .invalidField(field: "as_of", detail: "must be a date string YYYY-MM-DD, got \(other.typeName).")
        }
        switch object["max_tier"] {
        case nil, .null?: break
        case .number(let n)? where n == n.rounded() && n >= 1 && n <= 3: body.maxTier = Tier(rawValue: Int(n)) ?? .ai
        case .number?: throw .invalidField(field: "max_tier", detail: "must be 1, 2 or 3.")
        case let other?: throw .invalidField(field: "max_tier", detail: "must be an integer 1..3, got \(other.typeName).")
        }
        switch object["conversation_id"] {
        case nil, .null?: break
        case .string(let s)? where !s.isEmpty && s.utf8.count <= 128 && !s.unicodeScalars.contains(where: isControl):
            body.conversationID = s
        case .string?: throw .invalidField(field: "conversation_id", detail: "must be 1 to 128 bytes without control characters.")
        case let other?: throw .invalidField(field: "conversation_id", detail: "must be a string, got \(other.typeName).")
        }
        switch object["stream"] {
        case nil, .null?: break
        case .bool(let b)?: body.stream = b
        case let other?: throw .invalidField(field: "stream", detail: "must be a boolean, got \(other.typeName).")
        }
        return body
    }

    /// Trimmed, 1…4000 characters, no control characters other than tab and newlines.
    static func validatedQuery(_ raw: String) throws(RouterError) -> String {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .invalidField(field: "query", detail: "is empty after trimming white space.") }
        guard text.count <= maxQueryCharacters else {
            throw .invalidField(field: "query", detail: "is \(text.count) characters; the limit is \(maxQueryCharacters).")
        }
        if text.unicodeScalars.contains(where: { isControl($0) && $0 != "\t" && $0 != "\n" && $0 != "\r" }) {
            throw .invalidField(field: "query", detail: "contains control characters.")
        }
        return text
    }

    /// C0, DEL and C1 (Unicode general category Cc).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    static func validatedDay(_ text: String, field: String) throws(RouterError) -> Day {
        guard let day = Day(iso: text) else {
            throw .invalidField(field: field, detail: "'\(text.prefix(40))' is not a valid date YYYY-MM-DD.")
        }
        guard day.year >= 1970 && day.year <= 2100 else {
            throw .invalidField(field: field, detail: "must be between 1970-01-01 and 2100-12-31.")
        }
        return day
    }
}
