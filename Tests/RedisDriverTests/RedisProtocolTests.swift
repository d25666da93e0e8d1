import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import RedisDriver

/// The hiredis codec inside `RedisChannelHandler`, driven through an `EmbeddedChannel`: exact request
/// bytes, every RESP2 reply type, arbitrary chunking, FIFO matching, protocol errors and timeouts.
@Suite struct RedisProtocolTests {
    private static let timeout = TimeAmount.milliseconds(500)

    private func makeChannel() throws -> EmbeddedChannel {
        var logger = Logger(label: "redis-protocol-test")
        logger.logLevel = .critical  // the protocol-error tests would log warnings
        let handler = try RedisChannelHandler(commandTimeout: Self.timeout, logger: logger)
        let channel = EmbeddedChannel(handler: handler)
        // Connected, so `isActive` is true until the handler closes the channel.
        _ = channel.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 6379))
        #expect(channel.isActive)
        return channel
    }

    /// Writes a command and returns its reply future.
    private func send(_ arguments: [[UInt8]], on channel: EmbeddedChannel) throws -> EventLoopFuture<RESPValue> {
        let promise = channel.eventLoop.makePromise(of: RESPValue.self)
        try channel.writeOutbound(RedisRequest(arguments: arguments, promise: promise))
        return promise.futureResult
    }

    private func send(_ arguments: String..., on channel: EmbeddedChannel) throws -> EventLoopFuture<RESPValue> {
        try self.send(arguments.map { Array($0.utf8) }, on: channel)
    }

    /// The bytes of the next outbound write.
    private func written(_ channel: EmbeddedChannel) throws -> [UInt8] {
        var buffer = try #require(try channel.readOutbound(as: ByteBuffer.self))
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    private func inbound(_ channel: EmbeddedChannel, _ bytes: [UInt8]) throws {
        try channel.writeInbound(ByteBuffer(bytes: bytes))
    }

    private func inbound(_ channel: EmbeddedChannel, _ text: String) throws {
        try self.inbound(channel, Array(text.utf8))
    }

    private func finish(_ channel: EmbeddedChannel) throws {
        _ = try channel.finish(acceptAlreadyClosed: true)
    }

    // MARK: Formatting

    @Test func formatsCommandWithExactBytes() throws {
        let channel = try self.makeChannel()
        defer { try? self.finish(channel) }
        _ = try self.send("SET", "k", "a b", on: channel)
        #expect(try self.written(channel) == Array("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\na b\r\n".utf8))
        _ = try self.send("PING", on: channel)
        #expect(try self.written(channel) == Array("*1\r\n$4\r\nPING\r\n".utf8))
    }

    @Test func formatsBinaryAndEmptyArguments() throws {
        let channel = try self.makeChannel()
        defer { try? self.finish(channel) }
        let binary: [UInt8] = [0x00, 0x0D, 0x0A, 0xFF, 0x24, 0x2A, 0x00]
        _ = try self.send([Array("SET".utf8), [0x6B, 0x00], binary], on: channel)
        let expected: [UInt8] =
            Array("*3\r\n$3\r\nSET\r\n$2\r\n".utf8) + [0x6B, 0x00] + Array("\r\n$7\r\n".utf8) + binary + Array("\r\n".utf8)
        #expect(try self.written(channel) == expected)

        _ = try self.send([Array("SET".utf8), Array("k".utf8), []], on: channel)
        #expect(try self.written(channel) == Array("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n".utf8))
    }

    @Test func formatterMatchesRedisProtocolForLargeValues() throws {
        let value = [UInt8](repeating: 0x61, count: 100_000)
        var buffer = try HiredisCommandFormatter.format([Array("SET".utf8), Array("k".utf8), value], allocator: .init())
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        #expect(bytes == Array("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100000\r\n".utf8) + value + Array("\r\n".utf8))
    }

    @Test func emptyCommandFailsOnlyThatCommand() throws {
        let channel = try self.makeChannel()
        defer { try? self.finish(channel) }
        let promise = channel.eventLoop.makePromise(of: RESPValue.self)
        #expect(throws: RedisError.self) {
            try channel.writeOutbound(RedisRequest(arguments: [], promise: promise))
        }
        #expect(self.error(of: promise.futureResult)?.code == .invalidArgument)
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)

        // The connection is still aligned and usable.
        let ping = try self.send("PING", on: channel)
        #expect(try self.written(channel) == Array("*1\r\n$4\r\nPING\r\n".utf8))
        try self.inbound(channel, "+PONG\r\n")
        #expect(self.value(of: ping) == .simpleString("PONG"))
    }

    // MARK: Parsing

    static let replies: [(wire: String, value: RESPValue)] = [
        ("+OK\r\n", .simpleString("OK")),
        ("+\r\n", .simpleString("")),
        ("-ERR unknown command 'FOO'\r\n", .error("ERR unknown command 'FOO'")),
        ("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
         .error("WRONGTYPE Operation against a key holding the wrong kind of value")),
        (":0\r\n", .integer(0)),
        (":-42\r\n", .integer(-42)),
        (":9223372036854775807\r\n", .integer(Int64.max)),
        (":-9223372036854775808\r\n", .integer(Int64.min)),
        ("$5\r\nhello\r\n", .bulkString(Array("hello".utf8))),
        ("$0\r\n\r\n", .bulkString([])),
        ("$4\r\na\r\nb\r\n", .bulkString(Array("a\r\nb".utf8))),
        ("$-1\r\n", .null),
        ("*-1\r\n", .null),
        ("*0\r\n", .array([])),
        ("*3\r\n:1\r\n$1\r\na\r\n+b\r\n", .array([.integer(1), .bulkString([0x61]), .simpleString("b")])),
        ("*2\r\n$-1\r\n-ERR inner\r\n", .array([.null, .error("ERR inner")])),
        ("*2\r\n*2\r\n:1\r\n*1\r\n$1\r\nx\r\n*-1\r\n",
         .array([.array([.integer(1), .array([.bulkString([0x78])])]), .null])),
    ]

    @Test(arguments: 0..<Self.replies.count)
    func parsesReply(index: Int) throws {
        let (wire, expected) = Self.replies[index]
        let channel = try self.makeChannel()
        defer { try? self.finish(channel) }
        let reply = try self.send("X", on: channel)
        try self.inbound(channel, wire)
        #expect(self.value(of: reply) == expected, "wire: \(wire.debugDescription)")
    }

    @Test func parsesBinaryBulkString() throws {
        let channel = try self.makeChannel()
        defer { try? self.finish(channel) }
        let reply = try self.send("GET", "k", on: channel)
        let payload: [UInt8] = Array(0...255)
        try self.inbound(channel, Array("$256\r\n".utf8) + payload + Array("\r\n".utf8))
        #expect(self.value(of: reply) == .bulkString(payload))
    }

    @Test func parsesRepliesFedOneByteAtATime() throws {
        let channel = try self.makeChannel()
        defer { try? self.finish(channel) }
        let wire = Self.replies.map(\.wire).joined()
        let futures = try Self.replies.map { _ in try self.send("X", on: channel) }
        let bytes = Array(wire.utf8)
        for (offset, byte) in bytes.enumerated() {
            if offset == bytes.count - 1 {
                #expect(self.value(of: futures[futures.count - 1]) == nil, "the last reply is not complete yet")
            }
            try self.inbound(channel, [byte])
        }
        for (future, expected) in zip(futures, Self.replies.map(\.value)) {
            #expect(self.value(of: future) == expected)
        }
    }

    @Test func matchesSeveralRepliesInOneChunkInOrder() throws {
        let channel = try self.makeChannel()
        defer { try? self.finish(channel) }
        let first = try self.send("GET", "a", on: channel)
        let second = try self.send("GET", "b", on: channel)
        let third = try self.send("INCR", "c", on: channel)
        // The first two replies and half of the third arrive together.
        try self.inbound(channel, "$1\r\n1\r\n$-1\r\n:4")
        #expect(self.value(of: first) == .bulkString(Array("1".utf8)))
        #expect(self.value(of: second) == .null)
        #expect(self.value(of: third) == nil)
        try self.inbound(channel, "2\r\n")
        #expect(self.value(of: third) == .integer(42))
    }

    @Test func malformedReplyFailsPendingAndClosesTheConnection() throws {
        let channel = try self.makeChannel()
        defer { try? self.finish(channel) }
        let first = try self.send("GET", "a", on: channel)
        let second = try self.send("GET", "b", on: channel)
        try self.inbound(channel, "?what\r\n")
        #expect(self.error(of: first)?.code == .protocolError)
        #expect(self.error(of: second)?.code == .protocolError)
        #expect(!channel.isActive)
    }

    @Test func unsolicitedReplyIsAProtocolError() throws {
        let channel = try self.makeChannel()
        defer { try? self.finish(channel) }
        let first = try self.send("PING", on: channel)
        try self.inbound(channel, "+PONG\r\n-ERR max number of clients reached\r\n")
        #expect(self.value(of: first) == .simpleString("PONG"))
        #expect(!channel.isActive)
        // Writes after the close fail immediately instead of waiting for a timeout.
        let late = channel.eventLoop.makePromise(of: RESPValue.self)
        channel.write(RedisRequest(arguments: [Array("PING".utf8)], promise: late), promise: nil)
        #expect(self.error(of: late.futureResult) != nil)
    }

    @Test func closingTheChannelFailsPendingCommands() throws {
        let channel = try self.makeChannel()
        let first = try self.send("GET", "a", on: channel)
        let second = try self.send("GET", "b", on: channel)
        try self.finish(channel)
        #expect(self.error(of: first)?.code == .connectionClosed)
        #expect(self.error(of: second)?.code == .connectionClosed)
    }

    @Test func commandTimeoutFailsAndClosesTheConnection() throws {
        let channel = try self.makeChannel()
        defer { try? self.finish(channel) }
        let answered = try self.send("PING", on: channel)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(300))
        let slow = try self.send("BLPOP", "q", "0", on: channel)
        let behind = try self.send("GET", "a", on: channel)
        try self.inbound(channel, "+PONG\r\n")
        #expect(self.value(of: answered) == .simpleString("PONG"))

        // The timer armed for PING fires at 500 ms and re-arms for BLPOP (due at 800 ms).
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(300))
        #expect(self.value(of: slow) == nil && self.error(of: slow) == nil)
        #expect(channel.isActive)

        channel.embeddedEventLoop.advanceTime(by: .milliseconds(250))
        #expect(self.error(of: slow)?.code == .timeout)
        #expect(self.error(of: behind)?.code == .connectionClosed)
        #expect(!channel.isActive)
    }

    // MARK: RESPValue accessors

    @Test func accessors() {
        #expect(RESPValue.bulkString(Array("héllo".utf8)).string == "héllo")
        #expect(RESPValue.bulkString([0xFF, 0xFE]).string == nil)
        #expect(RESPValue.bulkString([0xFF, 0xFE]).bytes == [0xFF, 0xFE])
        #expect(RESPValue.simpleString("OK").string == "OK")
        #expect(RESPValue.simpleString("OK").bytes == Array("OK".utf8))
        #expect(RESPValue.integer(7).int == 7)
        #expect(RESPValue.bulkString(Array("-12".utf8)).int == -12)
        #expect(RESPValue.bulkString(Array("1x".utf8)).int == nil)
        #expect(RESPValue.null.string == nil && RESPValue.null.isNull)
        #expect(RESPValue.array([.integer(1)]).array == [.integer(1)])
        #expect(RESPValue.error("ERR x").string == nil)
    }

    // MARK: Helpers for futures on the embedded loop (they complete synchronously)

    private func result(of future: EventLoopFuture<RESPValue>) -> Result<RESPValue, any Error>? {
        var result: Result<RESPValue, any Error>?
        future.assumeIsolated().whenComplete { result = $0 }
        return result
    }

    private func value(of future: EventLoopFuture<RESPValue>) -> RESPValue? {
        if case .success(let value) = self.result(of: future) { return value }
        return nil
    }

    private func error(of future: EventLoopFuture<RESPValue>) -> RedisError? {
        if case .failure(let error) = self.result(of: future) { return error as? RedisError }
        return nil
    }
}
