import Foundation

/// One content block of an assistant message, as streamed. Blocks the router does not
/// interpret (thinking, redacted thinking, server tools, future types) are kept verbatim so they
/// can be echoed back unmodified in the next turn.
public enum ContentBlock: Sendable, Equatable {
    case text(String)
    case toolUse(id: String, name: String, input: String)
    /// Any other block, as its JSON object (text).
    case opaque(json: String)
}

/// A failure reported inside a stream after the HTTP 200 (`event: error`).
public struct StreamError: Error, Sendable, Equatable, CustomStringConvertible {
    public let type: String
    public let message: String
    public var description: String { "\(type): \(message)" }
}

/// Builds an assistant message from Messages API stream events (fact sheet §3): text deltas,
/// tool inputs from `input_json_delta` fragments, usage merged from `message_start` and
/// `message_delta`. Pings and unknown events and fields are ignored.
public struct MessageAccumulator: Sendable {
    private struct Partial: Sendable {
        var kind: String
        var text = ""
        var id = ""
        var name = ""
        var json = ""
        var start: String
    }

    private var blocks: [Int: Partial] = [:]
    public private(set) var usage = Usage()
    public private(set) var stopReason: String?
    public private(set) var messageID: String?
    public private(set) var finished = false

    public init() {}

    /// What one event changes, for a caller relaying text as it comes.
    public enum Change: Sendable, Equatable {
        case none
        case text(String)
        case toolUseStarted(name: String)
        case done
    }

    /// Applies one SSE event; throws the stream's own `error` event.
    public mutating func apply(_ event: SSEEvent) throws -> Change {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(event.data.utf8))) as? [String: Any] else {
            return .none  // a ping with odd spacing, or data we do not understand
        }
        let type = object["type"] as? String ?? event.event
        switch type {
        case "message_start":
            if let message = object["message"] as? [String: Any] {
                messageID = message["id"] as? String
                if let u = message["usage"] as? [String: Any] { usage = Usage.merging(u, over: usage) }
            }
        case "content_block_start":
            guard let index = object["index"] as? Int, let block = object["content_block"] as? [String: Any] else { return .none }
            let kind = block["type"] as? String ?? "unknown"
            var partial = Partial(kind: kind, start: Self.json(block))
            partial.text = block["text"] as? String ?? ""
            partial.id = block["id"] as? String ?? ""
            partial.name = block["name"] as? String ?? ""
            blocks[index] = partial
            if kind == "tool_use" { return .toolUseStarted(name: partial.name) }
        case "content_block_delta":
            guard let index = object["index"] as? Int, let delta = object["delta"] as? [String: Any],
                var partial = blocks[index]
            else { return .none }
            defer { blocks[index] = partial }
            switch delta["type"] as? String {
            case "text_delta":
                let text = delta["text"] as? String ?? ""
                partial.text += text
                return .text(text)
            case "input_json_delta":
                partial.json += delta["partial_json"] as? String ?? ""
            default:
                // thinking_delta, signature_delta, …: append each string field to the block's own
                // field of that name, so the block can be echoed back exactly; citations accumulate.
                guard var block = (try? JSONSerialization.jsonObject(with: Data(partial.start.utf8))) as? [String: Any] else {
                    return .none
                }
                for (key, value) in delta where key != "type" {
                    if key == "citation" {
                        block["citations"] = ((block["citations"] as? [Any]) ?? []) + [value]
                    } else if let piece = value as? String {
                        block[key] = ((block[key] as? String) ?? "") + piece
                    }
                }
                partial.start = Self.json(block)
            }
        case "message_delta":
            if let delta = object["delta"] as? [String: Any], let reason = delta["stop_reason"] as? String {
                stopReason = reason
            }
            if let u = object["usage"] as? [String: Any] { usage = Usage.merging(u, over: usage) }
        case "message_stop":
            finished = true
            return .done
        case "error":
            let error = object["error"] as? [String: Any]
            throw StreamError(type: error?["type"] as? String ?? "error", message: error?["message"] as? String ?? "")
        default:
            break  // ping, and events added after this was written
        }
        return .none
    }

    /// The message's blocks in order; tool inputs parsed and re-serialised canonically.
    public var content: [ContentBlock] {
        blocks.keys.sorted().compactMap { index in
            guard let b = blocks[index] else { return nil }
            switch b.kind {
            case "text": return .text(b.text)
            case "tool_use":
                let input = b.json.isEmpty ? "{}" : b.json
                let canonical = (try? JSONSerialization.jsonObject(with: Data(input.utf8))).map(Self.json) ?? input
                return .toolUse(id: b.id, name: b.name, input: canonical)
            default: return .opaque(json: b.start)
            }
        }
    }

    /// All text written so far.
    public var text: String {
        content.compactMap { if case .text(let t) = $0 { return t } else { return nil } }.joined()
    }

    static func json(_ object: Any) -> String {
        guard JSONSerialization.isValidJSONObject(object),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
