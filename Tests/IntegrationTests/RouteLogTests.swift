import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle
import Testing
import Tier1Cache

@testable import Router

/// The route log: every answered request reaches `route_log` in PostgreSQL, in batches, off the
/// request path; a full buffer drops and counts; a graceful shutdown writes what is left.
@Suite struct RouteLogTests {
    struct Row: Equatable {
        var tier: Int16?
        var route: String
        var status: Int16
        var cacheHit: Bool?
    }

    static func rows(user: String) async throws -> [Row] {
        try await IntegrationEnvironment.withWriteClient(try IntegrationEnvironment.databaseURL()) { client in
            var out: [Row] = []
            let rows = try await client.query(
                "SELECT tier, route, status, cache_hit, latency_ms FROM route_log WHERE user_id = \(user) ORDER BY id",
                logger: IntegrationEnvironment.logger
            )
            for try await (tier, route, status, hit, latency) in rows.decode((Int16?, String, Int16, Bool?, Double).self) {
                #expect(latency > 0)
                out.append(Row(tier: tier, route: route, status: status, cacheHit: hit))
            }
            return out
        }
    }

    @Test func everyAnsweredRequestIsRecorded() async throws {
        try await IntegrationEnvironment.prepare()
        let instance = try await RouterInstance(redis: nil)
        let services = instance.runtime.services
        #expect(services.routeLog != nil)
        let user = "it-log-\(UInt32.random(in: 0...UInt32.max))"
        let token = try await services.verifier.token(for: user)
        let app = Application(router: RouterApplication.router(services: services, configuration: RouterConfiguration()))
        try await app.test(.router) { client in
            var headers = HTTPFields()
            headers[.authorization] = "Bearer " + token
            for body in [
                #"{"query":"how much did I spend this month?","as_of":"2026-11-21"}"#,
                #"{"query":"how much did I spend this month?","as_of":"2026-11-21"}"#,
                #"{"query":"fuel cost for 100 miles at 25 mpg"}"#,
                #"{"query":"plan a 2-week RV trip to Seattle under $2000"}"#,  // tier 3 is off: 503
            ] {
                _ = try await client.execute(uri: "/v1/query", method: .post, headers: headers, body: ByteBuffer(string: body))
            }
            _ = try await client.execute(uri: "/v1/summaries/nope", method: .get, headers: headers)
            let streamed = try await client.execute(
                uri: "/v1/query", method: .post, headers: headers, body: ByteBuffer(string: #"{"query":"convert 10 miles to km","stream":true}"#)
            )
            #expect(String(buffer: streamed.body).contains("event: done"))
        }
        // Written within a few flush intervals, never by the request itself.
        var rows: [Row] = []
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < .seconds(10) {
            rows = try await Self.rows(user: user)
            if rows.count >= 6 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(rows == [
            Row(tier: 1, route: "summary.spend", status: 200, cacheHit: false),
            Row(tier: 1, route: "summary.spend", status: 200, cacheHit: true),
            Row(tier: 2, route: "compute.fuel_cost", status: 200, cacheHit: nil),
            Row(tier: 3, route: "ai", status: 503, cacheHit: nil),
            Row(tier: nil, route: "summaries", status: 404, cacheHit: nil),
            Row(tier: 2, route: "compute.convert", status: 200, cacheHit: nil),
        ])
        #expect(services.routeLog?.counts.dropped == 0)
        await instance.stop()
    }

    @Test func aFullBufferDropsAndCountsNeverBlocks() async throws {
        // A pool that is never run: nothing can be written, and recording must not care.
        let client = PostgresClient(
            configuration: try DatabaseURL.configuration("postgres://postgres@127.0.0.1:1/none", readOnly: false),
            backgroundLogger: IntegrationEnvironment.logger
        )
        let log = RouteLog(client: client, capacity: 5, logger: IntegrationEnvironment.logger)
        let clock = ContinuousClock()
        let start = clock.now
        for n in 0..<20 {
            log.record(RouteLogRecord(at: Date(), requestID: "r\(n)", user: "u", tier: .summary, route: "summary.spend", status: 200,
                                      latencyMilliseconds: 0.1, cacheHit: true))
        }
        #expect(clock.now - start < .seconds(5))  // a bound, not a speed goal
        #expect(log.counts.dropped == 15)
        #expect(log.counts.pending == 5)
    }

    @Test func gracefulShutdownWritesWhatIsLeft() async throws {
        try await IntegrationEnvironment.prepare()
        let url = try IntegrationEnvironment.databaseURL()
        let writer = PostgresClient(
            configuration: try DatabaseURL.configuration(url, readOnly: false, maximumConnections: 2),
            backgroundLogger: IntegrationEnvironment.logger
        )
        // A flush interval far longer than the test: only the shutdown flush can write these.
        let log = RouteLog(client: writer, flushInterval: .seconds(3600), logger: IntegrationEnvironment.logger)
        let group = ServiceGroup(configuration: .init(services: [writer, log], logger: IntegrationEnvironment.logger))
        let user = "it-shutdown-\(UInt32.random(in: 0...UInt32.max))"
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            for n in 0..<1_234 {
                log.record(RouteLogRecord(at: Date(), requestID: "r\(n)", user: user, tier: .compute, route: "compute.convert", status: 200,
                                          latencyMilliseconds: 0.2, cacheHit: nil))
            }
            try await Task.sleep(for: .milliseconds(200))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(log.counts.written == 1_234 && log.counts.pending == 0 && log.counts.dropped == 0)
        #expect(try await Self.rows(user: user).count == 1_234)
    }
}
