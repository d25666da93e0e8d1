import Logging
import NIOCore

/// The Redis protocol on one channel: formats outbound `RedisRequest`s with hiredis, parses inbound bytes
/// with a hiredis reader, and completes the requests' promises in FIFO order (Redis answers pipelined
/// commands in order).
///
/// All state (the reader, the queue of waiting promises, the timeout timer) is confined to the channel's
/// event loop, so no locks are needed and nothing here is `Sendable`.
///
/// Every promise that enters the handler is completed exactly once: by its reply, by a timeout, or with
/// a `connectionClosed` error when the channel goes away.
final class RedisChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = Never
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private struct PendingReply {
        var promise: EventLoopPromise<RESPValue>
        var deadline: NIODeadline
    }

    private enum State {
        case open
        /// Commands written after this fail immediately with the stored error.
        case closed(RedisError)
    }

    private var state: State = .open
    /// `nil` once the handler is removed, which frees the C reader.
    private var reader: HiredisReader?
    private var pending = CircularBuffer<PendingReply>(initialCapacity: 16)
    /// At most one timer per connection, armed for the oldest pending command. Commands share one timeout
    /// and are queued in send order, so the head always has the earliest deadline; when the timer fires
    /// early (its command was answered) it re-arms for the new head. This avoids scheduling a timer per
    /// command on the hot path.
    private var timeoutTimer: Scheduled<Void>?
    private let commandTimeout: TimeAmount
    private let logger: Logger

    /// - Throws: `RedisError` if hiredis cannot allocate its reader.
    init(commandTimeout: TimeAmount, logger: Logger) throws {
        self.reader = try HiredisReader()
        self.commandTimeout = commandTimeout
        self.logger = logger
    }

    // MARK: Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = self.unwrapOutboundIn(data)
        if case .closed(let error) = self.state {
            request.promise.fail(error)
            promise?.fail(error)
            return
        }
        let buffer: ByteBuffer
        do {
            buffer = try HiredisCommandFormatter.format(request.arguments, allocator: context.channel.allocator)
        } catch {
            // Nothing was written, so the connection stays aligned; only this command fails.
            request.promise.fail(error)
            promise?.fail(error)
            return
        }
        self.pending.append(PendingReply(promise: request.promise, deadline: context.eventLoop.now + self.commandTimeout))
        context.write(self.wrapOutboundOut(buffer), promise: promise)
        self.armTimeoutTimer(context: context)
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // A local strong reference: completing a promise may run callbacks that close the channel and
        // remove this handler (releasing `self.reader`) while this loop is still running.
        guard case .open = self.state, let reader = self.reader else { return }
        let buffer = self.unwrapInboundIn(data)
        do {
            try buffer.withUnsafeReadableBytes { try reader.feed($0) }
            while case .open = self.state, let reply = try reader.nextReply() {
                guard let waiting = self.pending.popFirst() else {
                    throw RedisError.protocolError("Redis sent a reply no command was waiting for: \(reply)")
                }
                waiting.promise.succeed(reply)
            }
        } catch {
            let redisError = error as? RedisError ?? .protocolError("\(error)")
            self.logger.warning("closing Redis connection after a protocol error", metadata: ["error": "\(redisError)"])
            self.close(context: context, failingPendingWith: redisError)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.markClosed(failingPendingWith: .connectionClosed("the connection to Redis was closed"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.logger.debug("Redis connection error", metadata: ["error": "\(error)"])
        self.close(context: context, failingPendingWith: .connectionClosed("Redis connection error: \(error)"))
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.markClosed(failingPendingWith: .connectionClosed("the Redis connection handler was removed"))
        self.reader = nil  // frees the hiredis reader now rather than whenever the pipeline is released
    }

    // MARK: Timeouts

    private func armTimeoutTimer(context: ChannelHandlerContext) {
        guard self.timeoutTimer == nil, let head = self.pending.first else { return }
        // The isolated variant takes a non-Sendable closure: it runs on this event loop, where `context`
        // and `self` belong. The timer is cancelled when the channel closes, which breaks the cycle.
        self.timeoutTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: head.deadline) {
            self.timeoutTimer = nil
            self.checkTimeouts(context: context)
        }
    }

    private func checkTimeouts(context: ChannelHandlerContext) {
        guard case .open = self.state, let head = self.pending.first else { return }
        guard head.deadline <= context.eventLoop.now else {
            self.armTimeoutTimer(context: context)
            return
        }
        // The reply may still arrive later, and would then be matched to the wrong command: the only safe
        // recovery is to drop the connection. Commands pipelined behind it fail too (they were stuck behind
        // it anyway); the client reconnects on the next send.
        self.pending.removeFirst()
        let timeout = self.commandTimeout.nanoseconds / 1_000_000
        head.promise.fail(RedisError.timeout("no reply from Redis within \(timeout) ms"))
        self.logger.debug("closing Redis connection after a command timeout")
        self.close(
            context: context,
            failingPendingWith: .connectionClosed("the Redis connection was closed after another command timed out")
        )
    }

    // MARK: Closing

    private func close(context: ChannelHandlerContext, failingPendingWith error: RedisError) {
        self.markClosed(failingPendingWith: error)
        context.close(promise: nil)
    }

    private func markClosed(failingPendingWith error: RedisError) {
        if case .open = self.state {
            self.state = .closed(error)
        }
        self.timeoutTimer?.cancel()
        self.timeoutTimer = nil
        // Pop before failing: a failure callback may write again (and be refused by `state`).
        while let waiting = self.pending.popFirst() {
            waiting.promise.fail(error)
        }
    }
}

@available(*, unavailable)
extension RedisChannelHandler: Sendable {}
