import NIOCore

/// What `RedisConnection` writes into the channel: one command and the promise its reply completes.
///
/// The promise travels with the command so `RedisChannelHandler` can queue it in exactly the order the
/// bytes go onto the socket, which is what makes FIFO matching of pipelined replies correct.
struct RedisRequest: Sendable {
    var arguments: [[UInt8]]
    var promise: EventLoopPromise<RESPValue>
}
