/// Every failure of the Redis client, with a stable `code` to branch on and a human-readable `message`.
///
/// Callers (the cache layer and its breaker) mostly need one distinction: `serverError` means the server
/// is up and answered (the command was wrong), every other code means Redis is unavailable or the
/// connection is unusable, so the caller should fall back to SQL.
public struct RedisError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What kind of failure this is. A struct rather than an enum so codes can be added without breaking
    /// exhaustive switches in callers (the swift-server convention).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case serverError
            case connectionFailed
            case connectionClosed
            case timeout
            case protocolError
            case invalidArgument
            case invalidConfiguration
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The server answered with an error reply (`-ERR …`, `-WRONGTYPE …`, `-NOAUTH …`).
        public static let serverError = Code(.serverError)
        /// No connection could be made (refused, connect timeout, AUTH/SELECT rejected, or the slot is in
        /// its reconnect backoff after such a failure).
        public static let connectionFailed = Code(.connectionFailed)
        /// The connection closed (or the client was closed) before the reply arrived.
        public static let connectionClosed = Code(.connectionClosed)
        /// The reply did not arrive within `RedisConfiguration.commandTimeout`.
        public static let timeout = Code(.timeout)
        /// The server sent something hiredis could not parse, or a reply nobody asked for.
        public static let protocolError = Code(.protocolError)
        /// The command itself is unusable (no arguments, too large).
        public static let invalidArgument = Code(.invalidArgument)
        /// A `RedisConfiguration` could not be built (for example a malformed `REDIS_URL`).
        public static let invalidConfiguration = Code(.invalidConfiguration)

        public var description: String { self.base.rawValue }
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "RedisError.\(self.code): \(self.message)" }
}

extension RedisError {
    static func serverError(_ message: String) -> RedisError { .init(code: .serverError, message: message) }
    static func connectionFailed(_ message: String) -> RedisError { .init(code: .connectionFailed, message: message) }
    static func connectionClosed(_ message: String) -> RedisError { .init(code: .connectionClosed, message: message) }
    static func timeout(_ message: String) -> RedisError { .init(code: .timeout, message: message) }
    static func protocolError(_ message: String) -> RedisError { .init(code: .protocolError, message: message) }
    static func invalidArgument(_ message: String) -> RedisError { .init(code: .invalidArgument, message: message) }
    static func invalidConfiguration(_ message: String) -> RedisError {
        .init(code: .invalidConfiguration, message: message)
    }

    /// Thrown by every `send` after `RedisClient.close()`.
    static let clientClosed = RedisError.connectionClosed("the Redis client has been closed")
}
