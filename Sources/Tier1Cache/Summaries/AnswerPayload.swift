import Foundation

/// Encodes `{"answer": …, "data": …}` once. Tier 1 caches these bytes; the Router splices them
/// into the response, so a cache hit costs no JSON work.
public enum AnswerPayload {
    public static func encode(answer: String, data: any Encodable & Sendable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(Body(answer: answer, data: Wrapped(value: data))))
    }

    private struct Body: Encodable {
        let answer: String
        let data: Wrapped
    }

    private struct Wrapped: Encodable {
        let value: any Encodable
        func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
    }
}
