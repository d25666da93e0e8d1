/// One Server-Sent Event: its `event` name (default "message") and its data lines joined by "\n".
public struct SSEEvent: Sendable, Equatable {
    public var event: String
    public var data: String
    public var id: String?

    public init(event: String = "message", data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }
}

/// An incremental Server-Sent Events parser (WHATWG rules): feed it bytes as they arrive, in
/// chunks split anywhere (inside a line, a UTF-8 sequence or a CRLF), and it returns each event
/// once its blank line has arrived. Comments (`:` lines, used for keep-alives) are skipped.
public struct SSEParser: Sendable {
    private var line: [UInt8] = []
    private var sawCR = false
    private var eventName = ""
    private var data: [UInt8] = []
    private var hasData = false
    private var lastID: String?
    /// A guard against a peer that never ends a line.
    public let maximumLineLength: Int

    public init(maximumLineLength: Int = 1 << 20) {
        self.maximumLineLength = maximumLineLength
    }

    public struct LineTooLong: Error {}

    /// Consumes `bytes`; returns the events they complete, in order.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws -> [SSEEvent] {
        var events: [SSEEvent] = []
        for byte in bytes {
            if sawCR {
                sawCR = false
                if byte == 0x0A { continue }  // the LF of a CRLF
            }
            if byte == 0x0D || byte == 0x0A {
                sawCR = byte == 0x0D
                if let event = endLine() { events.append(event) }
            } else {
                line.append(byte)
                if line.count > maximumLineLength { throw LineTooLong() }
            }
        }
        return events
    }

    /// At end of stream: an event without its blank line is dropped, as the spec says.
    public mutating func finish() {
        line.removeAll()
        reset()
    }

    private mutating func endLine() -> SSEEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            guard hasData else {
                reset()
                return nil
            }
            let event = SSEEvent(
                event: eventName.isEmpty ? "message" : eventName, data: String(decoding: data, as: UTF8.self), id: lastID
            )
            reset()
            return event
        }
        if line[0] == UInt8(ascii: ":") { return nil }
        let field: ArraySlice<UInt8>
        var value: ArraySlice<UInt8>
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            field = line[..<colon]
            value = line[(colon + 1)...]
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        } else {
            field = line[...]
            value = []
        }
        switch String(decoding: field, as: UTF8.self) {
        case "event": eventName = String(decoding: value, as: UTF8.self)
        case "data":
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
        case "id":
            if !value.contains(0) { lastID = String(decoding: value, as: UTF8.self) }
        default: break  // "retry" and unknown fields are ignored
        }
        return nil
    }

    private mutating func reset() {
        eventName = ""
        data.removeAll(keepingCapacity: true)
        hasData = false
    }
}
