import Logging
import NIOCore
import NIOPosix
import Synchronization

/// A Redis client that pipelines commands over a few long-lived connections.
///
/// hiredis does the protocol work inside a NIO channel handler (formatting with `redisFormatCommandArgv`,
/// parsing with a `redisReader`), so no blocking C call runs anywhere: not on an event loop, not on the
/// Swift concurrency pool. Commands are spread round-robin over `connectionCount` connections; each
/// connection carries any number of concurrent commands, their replies matched in order.
///
/// Connections are opened on first use and re-opened on demand after they are lost, at most once per
/// `reconnectBackoff` per connection; in between, commands fail fast with `RedisError` so callers fall
/// back (to SQL) instead of queueing behind a dead server.
public final class RedisClient: Sendable {
    public let configuration: RedisConfiguration
    private let slots: [RedisConnectionSlot]
    /// Round-robin cursor; relaxed ordering is enough, it only spreads load.
    private let nextSlot = Atomic<UInt>(0)

    /// Creates the client; nothing connects until the first `send`.
    ///
    /// - Parameters:
    ///   - configuration: `connectionCount` values below 1 are treated as 1.
    ///   - eventLoopGroup: must be a NIOPosix group (the default is the process-wide singleton).
    public init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) {
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "redis.server"] = "\(configuration.host):\(configuration.port)"
        self.slots = (0..<max(1, configuration.connectionCount)).map { index in
            RedisConnectionSlot(index: index, configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
        }
    }

    deinit {
        // Best effort for a client dropped without `close()`: don't leave sockets open.
        for slot in self.slots {
            _ = slot.shutDown()
        }
    }

    /// Sends one command (binary-safe arguments) and returns its reply; a server error reply is thrown as
    /// RedisError.
    ///
    /// - Throws: `RedisError` with code `serverError` for an error reply, `timeout` when no reply came within
    ///   `commandTimeout`, `connectionFailed`/`connectionClosed` when Redis is unreachable, `protocolError`
    ///   for an unparsable reply, `invalidArgument` for an empty command.
    public func send(_ arguments: [[UInt8]]) async throws -> RESPValue {
        guard !arguments.isEmpty else {
            throw RedisError.invalidArgument("a Redis command needs at least one argument")
        }
        let connection: RedisConnection
        switch try self.lease() {
        case .ready(let ready):
            connection = ready
        case .pending(let connecting):
            connection = try await connecting.get()
        }
        let reply = try await connection.send(arguments).get()
        if case .error(let message) = reply {
            throw RedisError.serverError(message)
        }
        return reply
    }

    /// A connection from the next slot in round-robin order. When that slot is in its reconnect backoff,
    /// the other slots are tried in turn, so that once Redis is back and one slot has reconnected no
    /// command fails just because it landed on a slot still waiting out its backoff.
    private func lease() throws -> RedisConnectionSlot.Lease {
        let ticket = self.nextSlot.wrappingAdd(1, ordering: .relaxed).oldValue
        let count = UInt(self.slots.count)
        var firstError: (any Error)?
        for offset in 0..<count {
            do {
                return try self.slots[Int((ticket &+ offset) % count)].lease()
            } catch let error as RedisError where error.code == .connectionClosed {  // closed for good
                throw error
            } catch {
                firstError = firstError ?? error
            }
        }
        throw firstError ?? RedisError.clientClosed
    }

    /// Sends a command given as text arguments (each encoded as UTF-8), for example
    /// `send("SET", key, value)`.
    public func send(_ arguments: String...) async throws -> RESPValue {
        try await self.send(arguments.map { Array($0.utf8) })
    }

    /// Closes every connection; pending commands fail with `connectionClosed`, later sends fail at once.
    public func close() async {
        for slot in self.slots {
            if let closed = slot.shutDown() {
                try? await closed.get()
            }
        }
    }
}
