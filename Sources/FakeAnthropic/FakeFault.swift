/// A failure the fake injects into one `/v1/messages` request.
///
/// Encoded as `{"kind":"rate_limit","retry_after":2}` so out-of-process drivers (benchmarks,
/// fault suites) can post the same values to `/_fake/faults` that tests pass in-process.
package enum FakeFault: Sendable, Codable, Equatable, Hashable {
    /// 429 `rate_limit_error` with a `retry-after` header.
    case rateLimit(retryAfterSeconds: Int)
    /// 529 `overloaded_error`.
    case overloaded
    /// 500 `api_error`.
    case serverError
    /// HTTP 200 and a stream that, after N text deltas, sends `event: error` (overloaded_error) and ends without `message_stop`.
    case streamError(afterDeltas: Int)
    /// HTTP 200 and a stream whose connection is closed abruptly after N text deltas.
    case drop(afterDeltas: Int)
    /// No status line at all until the client goes away (or ten minutes pass).
    case hang

    /// The wire name used in JSON and on the command line.
    package var kind: String {
        switch self {
        case .rateLimit: "rate_limit"
        case .overloaded: "overloaded"
        case .serverError: "server_error"
        case .streamError: "stream_error"
        case .drop: "drop"
        case .hang: "hang"
        }
    }

    private enum CodingKeys: String, CodingKey {
        case kind
        case retryAfter = "retry_after"
        case afterDeltas = "after_deltas"
    }

    /// Missing parameters default to `retry_after` 1 and `after_deltas` 2, so `{"kind":"drop"}` is enough.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "rate_limit":
            self = .rateLimit(retryAfterSeconds: try container.decodeIfPresent(Int.self, forKey: .retryAfter) ?? 1)
        case "overloaded":
            self = .overloaded
        case "server_error":
            self = .serverError
        case "stream_error":
            self = .streamError(afterDeltas: try container.decodeIfPresent(Int.self, forKey: .afterDeltas) ?? 2)
        case "drop":
            self = .drop(afterDeltas: try container.decodeIfPresent(Int.self, forKey: .afterDeltas) ?? 2)
        case "hang":
            self = .hang
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container,
                debugDescription: "Unknown fault kind '\(kind)'; expected rate_limit, overloaded, server_error, stream_error, drop or hang."
            )
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .rateLimit(let seconds): try container.encode(seconds, forKey: .retryAfter)
        case .streamError(let count), .drop(let count): try container.encode(count, forKey: .afterDeltas)
        case .overloaded, .serverError, .hang: break
        }
    }
}
