import Logging
import NIOCore
import Synchronization

/// One of the client's `connectionCount` connections: connects on first use, reconnects on demand after
/// the connection is lost, and rate-limits connect attempts.
///
/// The state sits behind a `Mutex` rather than in an actor: the hot path (`lease` on a connected slot) is a
/// short critical section and an `isActive` load, so a command costs no executor hop before its channel
/// write. The lock is never held while calling out (connecting, completing promises, closing).
final class RedisConnectionSlot: Sendable {
    /// What `lease` hands back to the sender.
    enum Lease {
        case ready(RedisConnection)
        /// A connect is in flight (started by this or another sender); wait for it.
        case pending(EventLoopFuture<RedisConnection>)
    }

    private enum State: Sendable {
        /// No connection. `lastAttempt` (when the last connect started) drives the backoff; `lastError` is
        /// why there is no connection.
        case idle(lastAttempt: NIODeadline?, lastError: RedisError?)
        case connecting(EventLoopFuture<RedisConnection>)
        case connected(RedisConnection, attemptStarted: NIODeadline)
        case shutDown
    }

    private enum Decision {
        case ready(RedisConnection)
        case wait(EventLoopFuture<RedisConnection>)
        case connect(EventLoopPromise<RedisConnection>, startedAt: NIODeadline)
    }

    private let state = Mutex<State>(.idle(lastAttempt: nil, lastError: nil))
    private let index: Int
    private let configuration: RedisConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let backoff: TimeAmount
    private let logger: Logger

    init(index: Int, configuration: RedisConfiguration, eventLoopGroup: any EventLoopGroup, logger: Logger) {
        self.index = index
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.backoff = TimeAmount(configuration.reconnectBackoff)
        var logger = logger
        logger[metadataKey: "redis.slot"] = "\(index)"
        self.logger = logger
    }

    /// The connection to send on, or the connect to wait for.
    ///
    /// - Throws: `RedisError` without waiting when the slot is in its reconnect backoff (the last attempt
    ///   started less than `reconnectBackoff` ago) or the client is closed.
    func lease() throws -> Lease {
        let now = NIODeadline.now()
        let decision: Decision = try self.state.withLock { state in
            switch state {
            case .connected(let connection, let attemptStarted):
                if connection.isActive {
                    return .ready(connection)
                }
                // Closed, and the close callback has not run yet: reconnect now.
                return try self.startConnecting(&state, lastAttempt: attemptStarted, lastError: nil, now: now)
            case .connecting(let future):
                return .wait(future)
            case .idle(let lastAttempt, let lastError):
                return try self.startConnecting(&state, lastAttempt: lastAttempt, lastError: lastError, now: now)
            case .shutDown:
                throw RedisError.clientClosed
            }
        }
        switch decision {
        case .ready(let connection):
            return .ready(connection)
        case .wait(let future):
            return .pending(future)
        case .connect(let promise, let startedAt):
            self.connect(completing: promise, startedAt: startedAt)
            return .pending(promise.futureResult)
        }
    }

    /// Called with the lock held: moves to `.connecting` unless the backoff forbids another attempt yet.
    private func startConnecting(
        _ state: inout State,
        lastAttempt: NIODeadline?,
        lastError: RedisError?,
        now: NIODeadline
    ) throws -> Decision {
        if let lastAttempt, now < lastAttempt + self.backoff {
            let reason = lastError.map { ": \($0.message)" } ?? ""
            throw RedisError.connectionFailed(
                "Redis at \(self.configuration.host):\(self.configuration.port) is unavailable, not retrying yet\(reason)"
            )
        }
        // Creating a promise runs no callbacks, so it is safe under the lock.
        let promise = self.eventLoopGroup.next().makePromise(of: RedisConnection.self)
        state = .connecting(promise.futureResult)
        return .connect(promise, startedAt: now)
    }

    private func connect(completing promise: EventLoopPromise<RedisConnection>, startedAt: NIODeadline) {
        RedisConnection.connect(
            configuration: self.configuration,
            on: promise.futureResult.eventLoop,
            logger: self.logger
        ).whenComplete { result in
            switch result {
            case .success(let connection):
                let accepted = self.state.withLock { state in
                    guard case .connecting = state else { return false }  // the client was closed meanwhile
                    state = .connected(connection, attemptStarted: startedAt)
                    return true
                }
                guard accepted else {
                    connection.close().whenComplete { _ in promise.fail(RedisError.clientClosed) }
                    return
                }
                self.logger.debug("connected to Redis")
                connection.channel.closeFuture.whenComplete { _ in self.connectionClosed(connection) }
                promise.succeed(connection)

            case .failure(let error):
                let redisError = error as? RedisError ?? .connectionFailed("could not connect to Redis: \(error)")
                let wasFailing = self.state.withLock { state in
                    guard case .connecting = state else { return true }
                    state = .idle(lastAttempt: startedAt, lastError: redisError)
                    return false
                }
                // Log the first failure of a series loudly, the retries quietly.
                if !wasFailing {
                    self.logger.warning("Redis connection failed", metadata: ["error": "\(redisError.message)"])
                }
                promise.fail(redisError)
            }
        }
    }

    private func connectionClosed(_ connection: RedisConnection) {
        let wasCurrent = self.state.withLock { state in
            guard case .connected(let current, let attemptStarted) = state, current === connection else { return false }
            state = .idle(
                lastAttempt: attemptStarted,
                lastError: .connectionClosed("the connection to Redis was closed")
            )
            return true
        }
        if wasCurrent {
            self.logger.debug("Redis connection closed; reconnecting on next use")
        }
    }

    /// Stops the slot for good and closes its connection.
    ///
    /// - Returns: a future that completes once the connection (or an in-flight connect) is closed, or
    ///   `nil` if there was nothing to close.
    func shutDown() -> EventLoopFuture<Void>? {
        let previous = self.state.withLock { state in
            let previous = state
            state = .shutDown
            return previous
        }
        switch previous {
        case .connected(let connection, _):
            return connection.close()
        case .connecting(let future):
            // The connect's completion sees `.shutDown`, closes the new connection and fails the waiters.
            return future.map { _ in }.recover { _ in }
        case .idle, .shutDown:
            return nil
        }
    }
}
