/// One content block of an assistant message as the tool loop reads it: text, a tool call with
/// its input as canonical JSON text (what the executor is given), or any other block as its
/// JSON text.
public enum StreamedBlock: Sendable, Equatable {
    case text(String)
    case toolUse(id: String, name: String, input: String)
    /// Any other block (thinking, redacted thinking, server tools, future kinds), as its JSON
    /// object (canonical text).
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
/// `message_delta`. Pings, unknown events and fields, and data that is not an event are ignored.
public struct MessageAccumulator: Sendable {
    private struct Partial: Sendable {
        var kind: ContentBlockKind
        var text = ""
        var id = ""
        var name = ""
        /// The tool input's fragments so far.
        var json = ""
        /// The block as started, with the deltas the router does not interpret applied: what is
        /// echoed back for the kinds it does not interpret.
        var fields: [String: JSONValue]

        /// Appends a streamed piece to the string field `key` (a thinking block's `thinking` or
        /// `signature`, a future delta's fields).
        mutating func append(_ piece: String, to key: String) {
            fields[key] = .string((fields[key]?.stringValue ?? "") + piece)
        }

        mutating func appendCitation(_ citation: JSONValue) {
            var citations: [JSONValue] = []
            if case .array(let earlier)? = fields["citations"] { citations = earlier }
            fields["citations"] = .array(citations + [citation])
        }

        /// The tool input parsed, once all its fragments are in; nil if they are not JSON.
        var input: JSONValue? {
            try? JSONValue(parsing: json.isEmpty ? "{}" : json)
        }
    }

    private var blocks: [Int: Partial] = [:]
    /// Usage as reported so far: the input side from `message_start`, cumulative totals from
    /// `message_delta`.
    public private(set) var usage = Usage()
    /// Whether `message_delta` has given the final output count.
    public private(set) var outputReported = false
    public private(set) var stopReason: StopReason?
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
    public mutating func apply(_ event: SSEEvent) throws(StreamError) -> Change {
        guard let decoded = try? StreamEvent(event) else {
            return .none  // data we do not understand
        }
        return try apply(decoded)
    }

    /// Applies one decoded event; throws the stream's own `error` event.
    public mutating func apply(_ event: StreamEvent) throws(StreamError) -> Change {
        switch event {
        case .messageStart(let id, let reported):
            messageID = id
            if let reported { usage = Usage.merging(reported, over: usage) }
        case .contentBlockStart(let index, let block):
            blocks[index] = Partial(kind: block.kind, text: block.text, id: block.id, name: block.name, fields: block.fields)
            if block.kind == .toolUse { return .toolUseStarted(name: block.name) }
        case .contentBlockDelta(let index, let delta):
            guard var partial = blocks[index] else { return .none }
            defer { blocks[index] = partial }
            switch delta {
            case .text(let text):
                partial.text += text
                return .text(text)
            case .inputJSON(let fragment):
                partial.json += fragment
            case .thinking(let thinking):
                partial.append(thinking, to: "thinking")
            case .signature(let signature):
                partial.append(signature, to: "signature")
            case .citation(let citation):
                partial.appendCitation(citation)
            case .other(_, let fields):
                for (key, value) in fields {
                    if key == "citation" {
                        partial.appendCitation(value)
                    } else if let piece = value.stringValue {
                        partial.append(piece, to: key)
                    }
                }
            }
        case .messageDelta(let reason, let reported):
            if let reason { stopReason = reason }
            if let reported {
                usage = Usage.merging(reported, over: usage)
                if reported.outputTokens != nil { outputReported = true }
            }
        case .messageStop:
            finished = true
            return .done
        case .error(let detail):
            throw StreamError(type: detail.type ?? "error", message: detail.message ?? "")
        case .contentBlockStop, .ping, .unknown:
            break
        }
        return .none
    }

    /// The message's blocks in order; tool inputs parsed and re-serialised canonically (kept as
    /// sent if they are not JSON, so the executor can say so).
    public var content: [StreamedBlock] {
        blocks.keys.sorted().compactMap { index in
            guard let b = blocks[index] else { return nil }
            switch b.kind {
            case .text: return .text(b.text)
            case .toolUse:
                let input = b.input?.canonicalText ?? (b.json.isEmpty ? "{}" : b.json)
                return .toolUse(id: b.id, name: b.name, input: input)
            default: return .opaque(json: JSONValue.object(b.fields).canonicalText)
            }
        }
    }

    /// The message as the next request echoes it: text, tool calls and every other block as it
    /// came. A tool input that is not JSON (the API streams valid JSON; this is a guard) goes
    /// back as an empty object, so the next request stays valid and the model reads the error
    /// result of that call.
    public var echoedContent: [ContentBlock] {
        blocks.keys.sorted().compactMap { index in
            guard let b = blocks[index] else { return nil }
            switch b.kind {
            case .text: return .text(b.text)
            case .toolUse: return .toolUse(id: b.id, name: b.name, input: b.input ?? .object([:]))
            default: return .verbatim(.object(b.fields))
            }
        }
    }

    /// What the provider bills for this call so far, however it ends: the input side as
    /// `message_start` reported it; the output as `message_delta` reported it, or, for a call cut
    /// before that, estimated from what arrived (text, tool input, thinking) at four UTF-8 bytes a
    /// token per block, never below `message_start`'s provisional count. Zero when the call
    /// never started (no `message_start`: an error status, a refused connection).
    public var billedUsage: Usage {
        guard !outputReported else { return usage }
        var billed = usage
        billed.outputTokens = max(usage.outputTokens, estimatedOutputTokens)
        return billed
    }

    /// Output tokens of what arrived, at four UTF-8 bytes a token, each started block rounded up.
    public var estimatedOutputTokens: Int {
        blocks.values.reduce(0) { total, block in
            let bytes: Int =
                switch block.kind {
                case .text: block.text.utf8.count
                case .toolUse: block.json.utf8.count
                default: block.fields["thinking"]?.stringValue?.utf8.count ?? 0
                }
            return total + (bytes + 3) / 4
        }
    }

    /// All text written so far.
    public var text: String {
        content.compactMap { if case .text(let t) = $0 { return t } else { return nil } }.joined()
    }
}
