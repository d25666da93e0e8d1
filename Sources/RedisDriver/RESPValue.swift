/// One Redis reply (RESP2), converted from hiredis' `redisReply` tree into plain Swift values so it can
/// leave the event loop: the C objects are freed as soon as the conversion is done.
///
/// Bulk strings stay bytes (`[UInt8]`) because cached payloads are stored as already-encoded bytes and must
/// round-trip unchanged; the accessors below decode only when asked.
public enum RESPValue: Sendable, Equatable {
    /// A status reply such as `+OK`.
    case simpleString(String)
    /// An error reply (`-ERR …`). `RedisClient.send` throws a top-level one as `RedisError`; errors nested
    /// inside arrays (for example in an `EXEC` result) are returned as values.
    case error(String)
    case integer(Int64)
    /// A binary-safe bulk string.
    case bulkString([UInt8])
    /// A null bulk string (`$-1`) or a null array (`*-1`); RESP2 does not distinguish them usefully.
    case null
    case array([RESPValue])
}

extension RESPValue {
    /// The text of a status reply, or of a bulk string that is valid UTF-8; `nil` for anything else.
    public var string: String? {
        switch self {
        case .simpleString(let text):
            return text
        case .bulkString(let bytes):
            return String(validating: bytes, as: UTF8.self)
        case .error, .integer, .null, .array:
            return nil
        }
    }

    /// The raw bytes of a bulk string (or the UTF-8 of a status reply); `nil` for anything else.
    public var bytes: [UInt8]? {
        switch self {
        case .bulkString(let bytes):
            return bytes
        case .simpleString(let text):
            return Array(text.utf8)
        case .error, .integer, .null, .array:
            return nil
        }
    }

    /// An integer reply, or a status/bulk string holding a decimal integer (what `GET` returns for a
    /// counter); `nil` otherwise.
    public var int: Int64? {
        switch self {
        case .integer(let value):
            return value
        case .simpleString(let text):
            return Int64(text)
        case .bulkString(let bytes):
            return String(validating: bytes, as: UTF8.self).flatMap { Int64($0) }
        case .error, .null, .array:
            return nil
        }
    }

    /// The elements of an array reply; `nil` for anything else (including a null array).
    public var array: [RESPValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// Whether this is a null bulk string or null array (for example `GET` of a missing key).
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
