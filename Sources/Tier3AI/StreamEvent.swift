import Foundation

/// One event of a streamed Messages response (fact sheet §3), decoded from an SSE event's data.
/// Events added after this was written are `unknown` and ignored, as the API asks.
public enum StreamEvent: Sendable, Equatable, Decodable {
    /// The message opens: its id, and the input side of the usage.
    case messageStart(id: String?, usage: StreamUsage?)
    case contentBlockStart(index: Int, block: StartedContentBlock)
    case contentBlockDelta(index: Int, delta: ContentDelta)
    case contentBlockStop(index: Int)
    /// Near the end: why the model stopped, and cumulative usage.
    case messageDelta(stopReason: StopReason?, usage: StreamUsage?)
    case messageStop
    /// A keep-alive.
    case ping
    /// A failure after the 200; the stream is over, and no `message_stop` follows.
    case error(ErrorResponse.Detail)
    case unknown(type: String)

    /// Decodes `event`'s data. Its `type` names the event; the SSE `event:` name stands in
    /// when the data has none.
    public init(_ event: SSEEvent) throws {
        let decoder = JSONDecoder()
        if let key = Self.eventNameKey { decoder.userInfo[key] = event.event }
        self = try decoder.decode(StreamEvent.self, from: Data(event.data.utf8))
    }

    /// Where `init(_:)` hands the SSE event name to the decoder.
    static let eventNameKey = CodingUserInfoKey(rawValue: "tier3.sse-event-name")

    enum CodingKeys: String, CodingKey {
        case type, message, index, delta, usage, error
        case contentBlock = "content_block"
    }

    enum MessageKeys: String, CodingKey { case id, usage }

    enum MessageDeltaKeys: String, CodingKey {
        case stopReason = "stop_reason"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let eventName = Self.eventNameKey.flatMap { decoder.userInfo[$0] as? String }
        let type = (try? container.decodeIfPresent(String.self, forKey: .type)) ?? eventName ?? ""
        switch type {
        case "message_start":
            let message = try? container.nestedContainer(keyedBy: MessageKeys.self, forKey: .message)
            self = .messageStart(
                id: message.flatMap { try? $0.decodeIfPresent(String.self, forKey: .id) },
                usage: message.flatMap { try? $0.decodeIfPresent(StreamUsage.self, forKey: .usage) }
            )
        case "content_block_start":
            self = .contentBlockStart(
                index: try container.decode(Int.self, forKey: .index),
                block: try container.decode(StartedContentBlock.self, forKey: .contentBlock)
            )
        case "content_block_delta":
            self = .contentBlockDelta(
                index: try container.decode(Int.self, forKey: .index), delta: try container.decode(ContentDelta.self, forKey: .delta)
            )
        case "content_block_stop":
            self = .contentBlockStop(index: try container.decode(Int.self, forKey: .index))
        case "message_delta":
            let delta = try? container.nestedContainer(keyedBy: MessageDeltaKeys.self, forKey: .delta)
            self = .messageDelta(
                stopReason: delta.flatMap { try? $0.decodeIfPresent(StopReason.self, forKey: .stopReason) },
                usage: try? container.decodeIfPresent(StreamUsage.self, forKey: .usage)
            )
        case "message_stop":
            self = .messageStop
        case "ping":
            self = .ping
        case "error":
            self = .error((try? container.decodeIfPresent(ErrorResponse.Detail.self, forKey: .error)) ?? ErrorResponse.Detail())
        default:
            self = .unknown(type: type)
        }
    }
}
