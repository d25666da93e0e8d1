import Foundation
import Logging
import NIOCore
import NIOPosix
import RedisDriverTesting
import Testing

@testable import RedisDriver

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `RedisClient` against real `redis-server` processes that each test starts on a free loopback port and
/// stops at the end. Without `redis-server` these tests fail (they never skip).
///
/// Serialized: several tests measure timeouts and reconnect delays, which get flaky when a 2-core machine
/// is also running 2,000-command bursts.
@Suite(.serialized) struct RedisClientTests {
    private let logger: Logger = {
        var logger = Logger(label: "redis-client-test")
        logger.logLevel = .error
        return logger
    }()

    private func makeClient(_ server: RedisTestServer, _ configure: (inout RedisConfiguration) -> Void = { _ in })
        -> RedisClient
    {
        var configuration = RedisConfiguration(host: "127.0.0.1", port: server.port)
        configure(&configuration)
        return RedisClient(configuration: configuration, logger: self.logger)
    }

    @Test func setGetRoundTrip() async throws {
        let server = try await RedisTestServer.start()
        defer { server.stop() }
        let client = self.makeClient(server)

        #expect(try await client.send("SET", "greeting", "hello world") == .simpleString("OK"))
        #expect(try await client.send("GET", "greeting") == .bulkString(Array("hello world".utf8)))
        #expect(try await client.send("GET", "greeting").string == "hello world")
        #expect(try await client.send("GET", "missing") == .null)
        #expect(try await client.send("INCR", "counter") == .integer(1))
        #expect(try await client.send("INCRBY", "counter", "41").int == 42)
        #expect(try await client.send("GET", "counter").int == 42)
        _ = try await client.send("RPUSH", "list", "a", "b")
        #expect(try await client.send("LRANGE", "list", "0", "-1") == .array([.bulkString([0x61]), .bulkString([0x62])]))
        await client.close()
    }

    @Test func binaryValueRoundTrip() async throws {
        let server = try await RedisTestServer.start()
        defer { server.stop() }
        let client = self.makeClient(server)

        let key: [UInt8] = [0x6B, 0x00, 0x0D, 0x0A, 0xFF]
        var value: [UInt8] = Array(0...255) + Array("\r\n$3\r\n*1\r\n".utf8) + [0, 0, 0]
        value += [UInt8](repeating: 0xC3, count: 70_000)  // larger than hiredis' 16 KB reader buffer step
        #expect(try await client.send([Array("SET".utf8), key, value]) == .simpleString("OK"))
        #expect(try await client.send([Array("GET".utf8), key]) == .bulkString(value))
        #expect(try await client.send([Array("STRLEN".utf8), key]) == .integer(Int64(value.count)))
        #expect(try await client.send([Array("SET".utf8), Array("empty".utf8), []]) == .simpleString("OK"))
        #expect(try await client.send("GET", "empty") == .bulkString([]))
        await client.close()
    }

    @Test func concurrentGetsPipelineOverTwoConnections() async throws {
        let server = try await RedisTestServer.start()
        defer { server.stop() }
        let client = self.makeClient(server) { $0.connectionCount = 2; $0.commandTimeout = .seconds(5) }

        let keys = 200
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<keys {
                group.addTask { _ = try await client.send("SET", "key:\(index)", "value:\(index)") }
            }
            try await group.waitForAll()
        }

        let total = 2_000
        let correct = try await withThrowingTaskGroup(of: Bool.self) { group in
            for request in 0..<total {
                group.addTask {
                    let index = (request * 7) % keys
                    return try await client.send("GET", "key:\(index)") == .bulkString(Array("value:\(index)".utf8))
                }
            }
            var correct = 0
            for try await ok in group where ok {
                correct += 1
            }
            return correct
        }
        #expect(correct == total)

        // Everything went over exactly the two configured connections.
        let clients = try #require(try await client.send("CLIENT", "LIST").string)
        #expect(clients.split(separator: "\n").filter { $0.contains("id=") }.count == 2)
        await client.close()
    }

    @Test func serverErrorReplyIsThrown() async throws {
        let server = try await RedisTestServer.start()
        defer { server.stop() }
        let client = self.makeClient(server)

        let unknown = await #expect(throws: RedisError.self) { try await client.send("NOSUCHCOMMAND", "x") }
        #expect(unknown?.code == .serverError)
        #expect(unknown?.message.hasPrefix("ERR") == true)

        _ = try await client.send("SET", "text", "x")
        let wrongType = await #expect(throws: RedisError.self) { try await client.send("LPUSH", "text", "y") }
        #expect(wrongType?.code == .serverError)
        #expect(wrongType?.message.hasPrefix("WRONGTYPE") == true)

        // An error reply does not disturb the connection.
        #expect(try await client.send("GET", "text") == .bulkString([0x78]))
        await client.close()
    }

    @Test func authenticatesWithPassword() async throws {
        let server = try await RedisTestServer.start(extraArguments: ["--requirepass", "s3cret pass"])
        defer { server.stop() }

        let legacy = self.makeClient(server) { $0.password = "s3cret pass" }
        #expect(try await legacy.send("SET", "k", "v") == .simpleString("OK"))
        #expect(try await legacy.send("GET", "k") == .bulkString([0x76]))
        await legacy.close()

        let withUser = RedisClient(
            configuration: try RedisConfiguration(url: "redis://default:s3cret%20pass@127.0.0.1:\(server.port)"),
            logger: self.logger
        )
        #expect(try await withUser.send("GET", "k") == .bulkString([0x76]))
        await withUser.close()

        let wrong = self.makeClient(server) { $0.password = "wrong" }
        let rejected = await #expect(throws: RedisError.self) { try await wrong.send("PING") }
        #expect(rejected?.code == .connectionFailed)
        #expect(rejected?.message.contains("AUTH") == true)
        await wrong.close()

        let anonymous = self.makeClient(server)
        let noAuth = await #expect(throws: RedisError.self) { try await anonymous.send("GET", "k") }
        #expect(noAuth?.code == .serverError)
        #expect(noAuth?.message.hasPrefix("NOAUTH") == true)
        await anonymous.close()
    }

    @Test func selectsTheConfiguredDatabase() async throws {
        let server = try await RedisTestServer.start()
        defer { server.stop() }
        let database0 = self.makeClient(server)
        let database3 = RedisClient(
            configuration: try RedisConfiguration(url: "redis://127.0.0.1:\(server.port)/3"),
            logger: self.logger
        )

        _ = try await database0.send("SET", "shared", "zero")
        _ = try await database3.send("SET", "shared", "three")
        _ = try await database3.send("SET", "only-in-3", "x")
        #expect(try await database0.send("GET", "shared").string == "zero")
        #expect(try await database3.send("GET", "shared").string == "three")
        #expect(try await database0.send("EXISTS", "only-in-3") == .integer(0))
        // Every connection of the pool was switched, not just the first.
        for _ in 0..<4 {
            #expect(try await database3.send("GET", "only-in-3").string == "x")
        }
        #expect(try await database3.send("CLIENT", "INFO").string?.contains("db=3") == true)
        await database0.close()
        await database3.close()
    }

    @Test func commandTimeoutFailsAndTheClientRecovers() async throws {
        let server = try await RedisTestServer.start(extraArguments: ["--enable-debug-command", "local"])
        defer { server.stop() }
        let client = self.makeClient(server) { $0.connectionCount = 1; $0.commandTimeout = .milliseconds(200) }
        _ = try await client.send("SET", "k", "v")

        let clock = ContinuousClock()
        let started = clock.now
        async let queuedBehind: RedisError? = {
            do {
                _ = try await client.send("GET", "k")
                return nil
            } catch {
                return error as? RedisError ?? RedisError(code: .protocolError, message: "not a RedisError: \(error)")
            }
        }()
        let timedOut = await #expect(throws: RedisError.self) { try await client.send("DEBUG", "SLEEP", "8") }
        #expect(timedOut?.code == .timeout)
        // A command pipelined behind the stuck one fails too (its connection is dropped), never hangs.
        // (It may also have been answered if it raced ahead of DEBUG SLEEP; then there is nothing to check.)
        if let error = await queuedBehind {
            #expect([.connectionClosed, .timeout].contains(error.code), "\(error)")
        }
        // The timeout answered, not the server: it sleeps 8 s, forty times the timeout, so even a
        // machine too busy to run a 200 ms timer on time answers long before it wakes.
        #expect(clock.now - started < .seconds(6))

        // Once the server is awake again, the client reconnects by itself. Retried: on a busy machine a
        // single command can miss the 200 ms timeout without anything being wrong.
        var answer: RESPValue?
        while answer == nil && clock.now - started < .seconds(25) {
            answer = try? await client.send("GET", "k")
            if answer == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(answer == .bulkString([0x76]))
        await client.close()
    }

    @Test func reconnectsAfterTheServerRestarts() async throws {
        let server = try await RedisTestServer.start()
        defer { server.stop() }
        let client = self.makeClient(server)
        for _ in 0..<4 {  // open both connections
            #expect(try await client.send("PING") == .simpleString("PONG"))
        }

        server.crash()
        // Every send fails fast with a RedisError: connection closed, refused, or in backoff.
        let clock = ContinuousClock()
        for _ in 0..<20 {
            let started = clock.now
            let error = await #expect(throws: RedisError.self) { try await client.send("GET", "k") }
            #expect(error.map { [.connectionClosed, .connectionFailed].contains($0.code) } == true, "\(String(describing: error))")
            // Far below a hang; above the 1 s connect timeout only so a busy CI machine cannot fail it.
            #expect(clock.now - started < .seconds(3))
            try await Task.sleep(for: .milliseconds(20))
        }

        try await server.restart()
        let restarted = clock.now
        var recovered = false
        while clock.now - restarted < .seconds(10) {
            if (try? await client.send("PING")) == .simpleString("PONG") {
                recovered = true
                break
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        #expect(recovered, "the client did not reconnect within 10 s of the server restarting")
        // Once one slot is back, no command fails even if it lands on a slot still in its backoff.
        for _ in 0..<4 {
            #expect(try await client.send("PING") == .simpleString("PONG"))
        }
        await client.close()
        let closed = await #expect(throws: RedisError.self) { try await client.send("PING") }
        #expect(closed?.code == .connectionClosed)
    }

    @Test func failsFastWhenNothingListens() async throws {
        let port = try RedisTestServer.freePort()
        let client = RedisClient(configuration: RedisConfiguration(host: "127.0.0.1", port: port), logger: self.logger)
        let clock = ContinuousClock()
        let started = clock.now
        for _ in 0..<10 {
            let error = await #expect(throws: RedisError.self) { try await client.send("PING") }
            #expect(error?.code == .connectionFailed)
        }
        #expect(clock.now - started < .seconds(5))  // refused at once; generous for a busy machine
        await client.close()
    }
}
