import Logging
import NIOCore
import NIOPosix

/// One TCP connection to Redis with a `RedisChannelHandler` in its pipeline, ready for commands: when
/// `connect` succeeds, `AUTH` and `SELECT` have already been answered.
///
/// Any number of tasks may `send` at once: each command is written into the channel and its reply promise
/// is queued by the handler, so commands pipeline on the one socket.
final class RedisConnection: Sendable {
    let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Whether the socket is still open. `Channel.isActive` is safe to read from any thread.
    var isActive: Bool { self.channel.isActive }

    /// Connects, then authenticates and selects the database before handing the connection out.
    ///
    /// Host names are resolved by NIO's resolver, which runs `getaddrinfo` off the event loop.
    static func connect(
        configuration: RedisConfiguration,
        on eventLoop: any EventLoop,
        logger: Logger
    ) -> EventLoopFuture<RedisConnection> {
        let commandTimeout = TimeAmount(configuration.commandTimeout)
        // `validatingGroup:` returns nil for an event loop ClientBootstrap cannot drive (for example an
        // EmbeddedEventLoop); the plain initialiser would crash.
        guard let bootstrap = ClientBootstrap(validatingGroup: eventLoop) else {
            return eventLoop.makeFailedFuture(
                RedisError.connectionFailed("the event loop group is not supported by NIOPosix' ClientBootstrap")
            )
        }
        let address = "\(configuration.host):\(configuration.port)"
        let connected =
            bootstrap
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = try RedisChannelHandler(commandTimeout: commandTimeout, logger: logger)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .connect(host: configuration.host, port: configuration.port)
            .flatMapErrorThrowing { error -> any Channel in
                throw RedisError.connectionFailed("could not connect to Redis at \(address): \(error)")
            }

        return connected.flatMap { channel in
            let connection = RedisConnection(channel: channel)
            return connection.handshake(configuration: configuration)
                .map { connection }
                .flatMapError { error in
                    channel.close(promise: nil)
                    return eventLoop.makeFailedFuture(error)
                }
        }
    }

    /// Sends `AUTH` and `SELECT` (pipelined) and checks both replies.
    private func handshake(configuration: RedisConfiguration) -> EventLoopFuture<Void> {
        var steps: [(name: String, reply: EventLoopFuture<RESPValue>)] = []
        if let password = configuration.password {
            var auth: [[UInt8]] = [Array("AUTH".utf8)]
            if let username = configuration.username {
                auth.append(Array(username.utf8))
            }
            auth.append(Array(password.utf8))
            steps.append(("AUTH", self.send(auth)))
        }
        if configuration.database != 0 {
            steps.append(("SELECT", self.send([Array("SELECT".utf8), Array(String(configuration.database).utf8)])))
        }
        guard !steps.isEmpty else { return self.channel.eventLoop.makeSucceededVoidFuture() }

        let address = "\(configuration.host):\(configuration.port)"
        let names = steps.map(\.name)
        return EventLoopFuture.whenAllComplete(steps.map(\.reply), on: self.channel.eventLoop)
            .flatMapThrowing { results in
                // Report the first failure: after a failed AUTH, SELECT fails with NOAUTH too.
                for (name, result) in zip(names, results) {
                    switch result {
                    case .success(.error(let message)):
                        throw RedisError.connectionFailed("Redis at \(address) rejected \(name): \(message)")
                    case .success:
                        continue
                    case .failure(let error):
                        let detail = (error as? RedisError)?.message ?? "\(error)"
                        throw RedisError.connectionFailed("\(name) on Redis at \(address) failed: \(detail)")
                    }
                }
            }
    }

    /// Queues one command on this connection. The future fails with `RedisError` if the connection is or
    /// becomes unusable; an error reply is returned as `.error`, not thrown.
    func send(_ arguments: [[UInt8]]) -> EventLoopFuture<RESPValue> {
        let promise = self.channel.eventLoop.makePromise(of: RESPValue.self)
        // If the channel is already closed, the pipeline drops the request before it reaches the handler,
        // so the reply promise must be failed here. When the handler did see it, it has already completed
        // the promise, and NIO ignores the second completion.
        self.channel.writeAndFlush(RedisRequest(arguments: arguments, promise: promise)).whenFailure { error in
            promise.fail(error as? RedisError ?? .connectionClosed("could not write to Redis: \(error)"))
        }
        return promise.futureResult
    }

    /// Closes the socket; pending commands fail with `connectionClosed`. Never fails.
    func close() -> EventLoopFuture<Void> {
        self.channel.close().recover { _ in }  // "already closed" is fine
    }
}
