import CHiredis

/// Owns one hiredis `redisReader`: bytes go in with `feed`, complete replies come out of `nextReply` as
/// `RESPValue`s, and the `redisReply` trees are freed immediately after conversion.
///
/// Not `Sendable`: the C reader has no locking. It lives inside one `RedisChannelHandler` and is only
/// touched on that channel's event loop. The reader functions are pure parsing over an in-memory buffer
/// (no I/O, no blocking), so calling them on the event loop is fine.
final class HiredisReader {
    private let reader: UnsafeMutablePointer<redisReader>

    /// - Throws: `RedisError` (`protocolError`) if hiredis cannot allocate the reader.
    init() throws {
        guard let reader = redisReaderCreate() else {
            throw RedisError.protocolError("hiredis could not create a reply reader (out of memory)")
        }
        self.reader = reader
    }

    deinit {
        redisReaderFree(self.reader)
    }

    /// Appends bytes from the socket; hiredis copies them into its own buffer.
    func feed(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        guard redisReaderFeed(self.reader, base.assumingMemoryBound(to: CChar.self), bytes.count) == REDIS_OK else {
            throw RedisError.protocolError("hiredis rejected input: \(self.errorDescription)")
        }
    }

    /// The next complete reply, or `nil` if the buffered input does not hold one yet.
    ///
    /// - Throws: `RedisError` (`protocolError`) on malformed input. The reader is unusable afterwards, so the
    ///   connection must be closed.
    func nextReply() throws -> RESPValue? {
        var reply: UnsafeMutableRawPointer?
        guard redisReaderGetReply(self.reader, &reply) == REDIS_OK else {
            throw RedisError.protocolError("invalid reply from Redis: \(self.errorDescription)")
        }
        // REDIS_OK with a NULL reply means "incomplete input, feed more".
        guard let reply else { return nil }
        defer { freeReplyObject(reply) }
        return try Self.value(of: reply.assumingMemoryBound(to: redisReply.self))
    }

    /// `errstr` is a `char[128]`, imported as a 128-element tuple; read it as bytes up to the first NUL.
    private var errorDescription: String {
        withUnsafeBytes(of: self.reader.pointee.errstr) { raw in
            let text = raw.prefix { $0 != 0 }
            return text.isEmpty ? "unknown hiredis error \(self.reader.pointee.err)" : String(decoding: text, as: UTF8.self)
        }
    }

    /// Converts a reply tree. Recursion depth is bounded: hiredis 0.14 rejects nesting deeper than 7 levels.
    private static func value(of reply: UnsafePointer<redisReply>) throws -> RESPValue {
        let reply = reply.pointee
        switch reply.type {
        case REDIS_REPLY_STATUS:
            return .simpleString(Self.text(reply))
        case REDIS_REPLY_ERROR:
            return .error(Self.text(reply))
        case REDIS_REPLY_INTEGER:
            return .integer(Int64(reply.integer))
        case REDIS_REPLY_STRING:
            guard let str = reply.str, reply.len > 0 else { return .bulkString([]) }
            return .bulkString(Array(UnsafeRawBufferPointer(start: str, count: reply.len)))
        case REDIS_REPLY_NIL:
            return .null
        case REDIS_REPLY_ARRAY:
            guard let elements = reply.element, reply.elements > 0 else { return .array([]) }
            var values: [RESPValue] = []
            values.reserveCapacity(reply.elements)
            for index in 0..<reply.elements {
                guard let element = elements[index] else {
                    throw RedisError.protocolError("hiredis returned an array with a missing element")
                }
                values.append(try Self.value(of: element))
            }
            return .array(values)
        default:
            // hiredis 1.x adds RESP3 types (double, bool, map, set, push, …). This client never sends
            // `HELLO 3`, so a server should not produce them; refuse rather than guess a mapping.
            throw RedisError.protocolError("unsupported Redis reply type \(reply.type)")
        }
    }

    private static func text(_ reply: redisReply) -> String {
        guard let str = reply.str, reply.len > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: str, count: reply.len), as: UTF8.self)
    }
}

@available(*, unavailable)
extension HiredisReader: Sendable {}
