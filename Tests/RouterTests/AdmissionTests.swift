import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import ResilienceTesting
import Testing

@testable import Router

/// What a hostile client gains by sending slowly, sending many, or saying nothing: admission is
/// decided from the headers (token, rate limit, one user's places) before a body is read, and
/// every connection has a deadline for its header, its body and its idleness.
@Suite(.serialized) struct AdmissionTests {
    /// A live router (real sockets, the configured connection deadlines) on a free port.
    static func withLiveRouter(
        services: RouterServices? = nil, _ configure: (inout RouterConfiguration) -> Void, _ body: @Sendable (Int) async throws -> Void
    ) async throws {
        var c = RouterConfiguration()
        configure(&c)
        let shared = try await TestEnvironment.services.value
        let services = services ?? shared
        let app = Application(
            router: RouterApplication.router(services: services, configuration: c),
            server: .http1(configuration: RouterApplication.connectionConfiguration(c))
        )
        try await app.test(.live) { client in try await body(client.port ?? 0) }
    }

    /// The start of a POST whose body (`length` bytes) never finishes: one `{` is sent.
    static func slowQuery(token: String, length: Int = 1000) -> String {
        "POST /v1/query HTTP/1.1\r\nHost: router\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(length)\r\n\r\n{"
    }

    static func get(port: Int, path: String, token: String) async throws -> Int {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.headers.add(name: "authorization", value: "Bearer " + token)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    /// Opens `count` connections of one user that each send a header and one byte of body, then
    /// waits until every one the router refused has its answer; returns the refusals' statuses.
    static func openSlowBodies(_ count: Int, port: Int, token: String, refusalsExpected: Int) async throws
        -> (connections: [RawConnection], refused: [Int])
    {
        var connections: [RawConnection] = []
        for _ in 0..<count {
            let connection = try RawConnection(port: port)
            connection.send(slowQuery(token: token))
            connections.append(connection)
        }
        var refused: [Int] = []
        // Refusals come back at once; the admitted requests never answer (their bodies never end).
        _ = await eventually(within: .seconds(30)) {
            refused = []
            for connection in connections {
                if let status = await connection.status(within: .milliseconds(1)) { refused.append(status) }
            }
            return refused.count >= refusalsExpected
        }
        return (connections, refused)
    }

    @Test func oneUsersSlowBodiesDoNotTakeAnotherUsersPlace() async throws {
        // The repro: the instance bound set to 150, one user opening 300 connections that trickle
        // their bodies (the body deadline is far away: only admission is tested here).
        try await Self.withLiveRouter({ $0.maxInFlight = 150; $0.bodyTimeoutSeconds = 600 }) { port in
            let attacker = try await TestEnvironment.token("u001")
            let perUser = RouterConfiguration().maxInFlightPerUser
            let (connections, refused) = try await Self.openSlowBodies(300, port: port, token: attacker, refusalsExpected: 300 - perUser)
            #expect(refused.count == 300 - perUser)
            // 429 from the per-user bound, or 503 from the instance bound for those that met it
            // while hundreds of the attacker's requests waited for their token check at once.
            // Either way exactly one user's share is held, and the rest were answered at once.
            #expect(refused.allSatisfy { $0 == 429 || $0 == 503 })
            #expect(connections.contains { $0.text.contains("/problems/too-many-in-flight") })
            // Another user is served as if nothing were happening.
            let other = try await TestEnvironment.token("u002")
            #expect(try await Self.get(port: port, path: "/v1/summaries/spend?period=this_month&as_of=2026-11-21", token: other) == 200)
            withExtendedLifetime(connections) {}
        }
    }

    /// The same attack without the per-user bound: the other user is refused. This is what the
    /// bound prevents, and shows the test above can fail.
    @Test func withoutThePerUserBoundOneUserFillsTheInstance() async throws {
        try await Self.withLiveRouter({ $0.maxInFlight = 20; $0.maxInFlightPerUser = 0; $0.bodyTimeoutSeconds = 600 }) { port in
            let attacker = try await TestEnvironment.token("u001")
            let (connections, _) = try await Self.openSlowBodies(40, port: port, token: attacker, refusalsExpected: 20)
            let other = try await TestEnvironment.token("u002")
            #expect(try await Self.get(port: port, path: "/v1/summaries/spend?period=this_month&as_of=2026-11-21", token: other) == 503)
            withExtendedLifetime(connections) {}
        }
    }

    @Test func aRateLimitedUserIsRefusedBeforeTheBodyIsRead() async throws {
        var limits = RateLimits.off
        limits.tier1 = RateLimit(perSecond: 0.001, burst: 1)
        let services = try await TestEnvironment.services.value.with(rateLimits: limits)
        try await Self.withLiveRouter(services: services, { $0.bodyTimeoutSeconds = 600 }) { port in
            let token = try await TestEnvironment.token("u003")
            #expect(try await Self.get(port: port, path: "/v1/summaries/savings?as_of=2026-11-21", token: token) == 200)
            // The body is promised and never sent: the answer comes from the headers alone.
            let connection = try RawConnection(port: port)
            connection.send(Self.slowQuery(token: token))
            #expect(await connection.status(within: .seconds(20)) == 429)
            #expect(connection.text.contains("/problems/rate-limited"))
        }
    }

    @Test func anIdleConnectionIsClosed() async throws {
        try await Self.withLiveRouter({ $0.idleTimeoutSeconds = 1 }) { port in
            let connection = try RawConnection(port: port)
            #expect(await connection.waitForClose(within: .seconds(20)))
            // After a request, the keep-alive connection is closed once it has been idle as long.
            let reused = try RawConnection(port: port)
            reused.send("GET /healthz HTTP/1.1\r\nHost: router\r\n\r\n")
            #expect(await reused.status(within: .seconds(20)) == 200)
            #expect(await reused.waitForClose(within: .seconds(20)))
        }
    }

    @Test func aHalfSentHeaderIsClosed() async throws {
        try await Self.withLiveRouter({ $0.idleTimeoutSeconds = 1 }) { port in
            let connection = try RawConnection(port: port)
            connection.send("GET /healthz HTTP/1.1\r\nHost: router\r\nX-Slow: ")
            // A byte now and then does not keep a header alive: only complete request parts count.
            var closed = false
            for _ in 0..<40 where !closed {
                closed = await connection.waitForClose(within: .milliseconds(250))
                if !closed { connection.send("a") }
            }
            #expect(closed)
            #expect(await connection.status(within: .milliseconds(1)) == nil)  // no request was ever answered
        }
    }

    @Test func aTrickledBodyIsClosedAtItsDeadline() async throws {
        try await Self.withLiveRouter({ $0.bodyTimeoutSeconds = 1; $0.idleTimeoutSeconds = 600 }) { port in
            let token = try await TestEnvironment.token("u004")
            let connection = try RawConnection(port: port)
            connection.send(Self.slowQuery(token: token))
            // Every quarter second another byte: activity, but the body never ends.
            var closed = false
            for _ in 0..<40 where !closed {
                closed = await connection.waitForClose(within: .milliseconds(250))
                if !closed { connection.send(" ") }
            }
            #expect(closed)
        }
    }

    @Test func probesAnswerHEAD() async throws {
        let app = try await TestEnvironment.app()
        try await app.test(.router) { client in
            for path in ["/healthz", "/readyz"] {
                try await client.execute(uri: path, method: .head) { response in
                    #expect(response.status == .ok, "\(path)")
                    #expect(response.body.readableBytes == 0)
                    #expect(response.headers[.contentType] == "application/json")
                }
                try await client.execute(uri: path, method: .post) { response in
                    #expect(response.status == .methodNotAllowed)
                    #expect(response.headers[.allow] == "GET, HEAD")
                }
            }
        }
    }
}
