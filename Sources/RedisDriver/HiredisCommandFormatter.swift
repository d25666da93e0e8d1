import CHiredis
import NIOCore

/// Encodes one command as RESP with hiredis' `redisFormatCommandArgv`.
///
/// The argv form with explicit lengths is used (never the printf-style `redisFormatCommand`, which Swift
/// cannot import anyway) so arguments are binary safe: `\0`, `\r\n` and invalid UTF-8 pass through unchanged.
/// The function is pure (it only allocates and copies), so it is safe to call on an event loop.
enum HiredisCommandFormatter {
    /// Redis refuses bulk strings above 512 MB by default (`proto-max-bulk-len`), and hiredis returns the
    /// formatted length as a C `int`; refusing anything near that limit keeps the length from overflowing.
    static let maximumCommandBytes = 1 << 30

    /// - Returns: the RESP bytes of the command, in a buffer allocated to fit exactly.
    /// - Throws: `RedisError` (`invalidArgument`) for an empty or oversized command, or if hiredis fails
    ///   (it only fails when out of memory).
    static func format(_ arguments: [[UInt8]], allocator: ByteBufferAllocator) throws -> ByteBuffer {
        guard !arguments.isEmpty else {
            throw RedisError.invalidArgument("a Redis command needs at least one argument")
        }
        var totalBytes = 0
        for argument in arguments {
            totalBytes += argument.count
        }
        guard totalBytes <= Self.maximumCommandBytes, arguments.count <= Int(Int32.max) else {
            throw RedisError.invalidArgument("the Redis command is too large (\(totalBytes) bytes)")
        }

        // hiredis wants every argument's address at once. Swift only lends an array's storage inside
        // `withUnsafeBufferPointer`, so the arguments are copied into one temporary block (stack-allocated
        // when small) and argv points into it. The lengths array makes embedded NULs safe.
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(totalBytes, 1)) { storage in
            try withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: arguments.count) { argv in
                try withUnsafeTemporaryAllocation(of: Int.self, capacity: arguments.count) { lengths in
                    guard let storageBase = storage.baseAddress else {
                        throw RedisError.invalidArgument("could not allocate memory for the Redis command")
                    }
                    var offset = 0
                    for (index, argument) in arguments.enumerated() {
                        let destination = storageBase + offset
                        argument.withUnsafeBufferPointer { source in
                            if let sourceBase = source.baseAddress {
                                destination.initialize(from: sourceBase, count: source.count)
                            }
                        }
                        argv.initializeElement(
                            at: index,
                            to: UnsafeRawPointer(destination).assumingMemoryBound(to: CChar.self)
                        )
                        lengths.initializeElement(at: index, to: argument.count)
                        offset += argument.count
                    }

                    var formatted: UnsafeMutablePointer<CChar>?
                    let length = redisFormatCommandArgv(
                        &formatted,
                        Int32(arguments.count),
                        argv.baseAddress,
                        lengths.baseAddress
                    )
                    guard length >= 0, let formatted else {
                        throw RedisError.invalidArgument("hiredis could not format the command (out of memory)")
                    }
                    defer { redisFreeCommand(formatted) }
                    var buffer = allocator.buffer(capacity: Int(length))
                    buffer.writeBytes(UnsafeRawBufferPointer(start: formatted, count: Int(length)))
                    return buffer
                }
            }
        }
    }
}
