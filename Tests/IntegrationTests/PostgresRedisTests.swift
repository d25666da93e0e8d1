import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresNIO
import RedisDriver
import ResilienceTesting
import Testing
import Tier1Cache

@testable import Router

/// Tier 1 on real PostgreSQL and Redis (issue: correct, coalesced, invalidated, dashboard-ready).
@Suite(.serialized) struct PostgresRedisTests {
    let asOf = Day(year: 2026, month: 11, day: 21)!

    func spend(_ user: String, period: Period = .thisMonth, category: Category? = nil, asOf: Day? = nil) -> SummaryRequest {
        SummaryRequest(kind: .spend, period: period, category: category, limit: nil, asOf: asOf ?? self.asOf)!
    }

    /// Every summary, for many users and periods, is byte-identical on PostgreSQL and on the embedded store.
    @Test func everySummaryEqualsTheEmbeddedAnswer() async throws {
        try await IntegrationEnvironment.prepare()
        let embedded = try await IntegrationEnvironment.embedded.value
        let url = try IntegrationEnvironment.databaseURL()
        try await IntegrationEnvironment.withWriteClient(url) { client in
            let postgres = SummaryEngine(store: PostgresSummaryStore(client: client, logger: IntegrationEnvironment.logger))
            let periods: [Period] = [.today, .thisWeek, .lastWeek, .thisMonth, .lastMonth, .month(3), .thisYear, .lastYear, .lastDays(90), .allTime]
            var compared = 0
            for n in stride(from: 1, through: 50, by: 7) {
                let user = "u" + String(format: "%03d", n)
                for kind in SummaryKind.allCases {
                    for period in kind == .budgetStatus ? [.thisMonth, .lastMonth, .month(2)] : periods {
                        for category in kind.takesCategory ? [nil, Category.fuel, .food] : [nil] {
                            guard let request = SummaryRequest(kind: kind, period: period, category: category, limit: 7, asOf: asOf) else { continue }
                            let a = try await postgres.run(request, user: user)
                            let b = try await embedded.run(request, user: user)
                            let pa = try AnswerPayload.encode(answer: a.answer, data: a.data)
                            let pb = try AnswerPayload.encode(answer: b.answer, data: b.data)
                            #expect(pa == pb, "\(kind) \(user) \(period): \(String(decoding: pa, as: UTF8.self))")
                            compared += 1
                        }
                    }
                }
            }
            #expect(compared > 300)
        }
    }

    /// A write to `expenses` is visible to the next read within 1 s (trigger → NOTIFY → every instance).
    @Test func writeIsVisibleWithinOneSecond() async throws {
        try await IntegrationEnvironment.prepare()
        let instance = try await RouterInstance(redis: try IntegrationEnvironment.redisURL())
        defer { Task { await instance.stop() } }
        let user = "it-writer-\(UInt32.random(in: 0...UInt32.max))"
        let request = spend(user)
        let before = try await instance.summaries.answer(request, user: user)
        #expect(String(decoding: before.payload, as: UTF8.self).contains("\"total_cents\":0"))
        #expect(try await instance.summaries.answer(request, user: user).cacheHit)
        let url = try IntegrationEnvironment.databaseURL()
        let id = Int64.random(in: 10_000_000...900_000_000)
        try await IntegrationEnvironment.withWriteClient(url) { client in
            try await client.query(
                "INSERT INTO expenses VALUES (\(id), \(user), 1234, 'fuel', 'integration', '2026-11-20')",
                logger: IntegrationEnvironment.logger)
        }
        // Invalidation, not the TTL (300 s), makes the write visible: the bound is generous so that a
        // busy CI machine cannot fail it, and the time it took is what the README reports.
        let written = ContinuousClock.now
        var seen: Duration? = nil
        while ContinuousClock.now - written < .seconds(20) {
            let answer = try await instance.summaries.answer(request, user: user)
            if String(decoding: answer.payload, as: UTF8.self).contains("\"total_cents\":1234") {
                seen = ContinuousClock.now - written
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(seen != nil, "the write was not visible within 20 s (the TTL is 300 s)")
        try await IntegrationEnvironment.withWriteClient(url) { client in
            try await client.query("DELETE FROM expenses WHERE id = \(id)", logger: IntegrationEnvironment.logger)
        }
    }

    /// 200 concurrent identical misses run the SQL exactly once, in one instance and across two.
    @Test func concurrentMissesRunOneSQLExecution() async throws {
        try await IntegrationEnvironment.prepare()
        let redis = try IntegrationEnvironment.redisURL()
        let a = try await RouterInstance(redis: redis)
        let b = try await RouterInstance(redis: redis)
        defer { Task { await a.stop(); await b.stop() } }
        // Keys nobody has asked for: users of this run only (a random as_of could already be in
        // the shared Redis from an earlier run).
        let day = asOf
        let first = "it-miss-\(UUID().uuidString)", second = "it-miss-\(UUID().uuidString)"
        let one = spend(first, period: .lastDays(30), asOf: day)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<200 { group.addTask { _ = try await a.summaries.answer(one, user: first) } }
            try await group.waitForAll()
        }
        #expect(a.summaries.sqlExecutions == 1)

        let two = spend(second, period: .lastDays(45), asOf: day)
        let before = a.summaries.sqlExecutions + b.summaries.sqlExecutions
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<200 {
                let instance = i % 2 == 0 ? a : b
                group.addTask { _ = try await instance.summaries.answer(two, user: second) }
            }
            try await group.waitForAll()
        }
        #expect(a.summaries.sqlExecutions + b.summaries.sqlExecutions - before == 1)
    }

    /// Two instances on one Redis share entries, and a write invalidates both.
    @Test func twoInstancesShareEntriesAndInvalidations() async throws {
        try await IntegrationEnvironment.prepare()
        let redis = try IntegrationEnvironment.redisURL()
        let a = try await RouterInstance(redis: redis)
        let b = try await RouterInstance(redis: redis)
        defer { Task { await a.stop(); await b.stop() } }
        let user = "it-shared-\(UInt32.random(in: 0...UInt32.max))"
        let request = spend(user)
        let first = try await a.summaries.answer(request, user: user)
        #expect(!first.cacheHit)
        let shared = try await b.summaries.answer(request, user: user)
        #expect(shared.cacheHit)
        #expect(b.summaries.sqlExecutions == 0)
        #expect(shared.payload == first.payload)

        let url = try IntegrationEnvironment.databaseURL()
        let id = Int64.random(in: 10_000_000...900_000_000)
        try await IntegrationEnvironment.withWriteClient(url) { client in
            try await client.query(
                "INSERT INTO expenses VALUES (\(id), \(user), 777, 'food', 'integration', '2026-11-19')",
                logger: IntegrationEnvironment.logger)
        }
        // The signal: each instance's NOTIFY has arrived and the next answer shows the write.
        for instance in [a, b] {
            #expect(await eventually {
                let answer = try? await instance.summaries.answer(request, user: user)
                return answer.map { String(decoding: $0.payload, as: UTF8.self).contains("\"total_cents\":777") } ?? false
            })
        }
        try await IntegrationEnvironment.withWriteClient(url) { client in
            try await client.query("DELETE FROM expenses WHERE id = \(id)", logger: IntegrationEnvironment.logger)
        }
    }

    /// `*` is a subject like any other: a write to its rows drops its answers and nobody else's
    /// (it once was the "everyone" signal: any user called `*` could empty every cache on demand).
    @Test func aWriteForTheSubjectStarDropsOnlyItsOwnAnswers() async throws {
        try await IntegrationEnvironment.prepare()
        let redis = try IntegrationEnvironment.redisURL()
        let instance = try await RouterInstance(redis: redis)
        defer { Task { await instance.stop() } }
        let bystander = "it-bystander-\(UInt32.random(in: 0...UInt32.max))"
        let request = spend(bystander)
        _ = try await instance.summaries.answer(request, user: bystander)
        let star = spend("*")
        _ = try await instance.summaries.answer(star, user: "*")

        let url = try IntegrationEnvironment.databaseURL()
        let id = Int64.random(in: 10_000_000...900_000_000)
        try await IntegrationEnvironment.withWriteClient(url) { client in
            try await client.query(
                "INSERT INTO expenses VALUES (\(id), '*', 4321, 'food', 'integration', '2026-11-19')", logger: IntegrationEnvironment.logger)
        }
        // The signal: the write has been heard (the star's own answer shows it).
        #expect(await eventually {
            let answer = try? await instance.summaries.answer(star, user: "*")
            return answer.map { String(decoding: $0.payload, as: UTF8.self).contains("4321") } ?? false
        })
        let after = try await instance.summaries.answer(request, user: bystander)
        #expect(after.cacheHit, "a write for the user * dropped another user's answer")
        try await IntegrationEnvironment.withWriteClient(url) { client in
            try await client.query("DELETE FROM expenses WHERE id = \(id)", logger: IntegrationEnvironment.logger)
        }
    }

    /// Dashboard polling: ETag, then 304 without running SQL.
    @Test func etagRoundTripWithoutSQL() async throws {
        try await IntegrationEnvironment.prepare()
        let instance = try await RouterInstance(redis: try IntegrationEnvironment.redisURL())
        defer { Task { await instance.stop() } }
        let services = instance.runtime.services
        let app = Application(router: RouterApplication.router(services: services, configuration: RouterConfiguration()))
        let token = try await services.verifier.token(for: "u021")
        let day = Day(ordinal: Day(year: 2025, month: 6, day: 1)!.ordinal + Int.random(in: 0...300))
        let uri = "/v1/summaries/budget_status?period=this_month&as_of=\(day)"
        try await app.test(.router) { client in
            var headers = HTTPFields()
            headers[.authorization] = "Bearer " + token
            let etag = try await client.execute(uri: uri, method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl]?.hasPrefix("private, max-age=") == true)
                return try #require(response.headers[.eTag])
            }
            let executions = services.summaries.sqlExecutions
            headers[.ifNoneMatch] = etag
            try await client.execute(uri: uri, method: .get, headers: headers) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
            }
            #expect(services.summaries.sqlExecutions == executions)
        }
    }

    /// Redis killed mid-test: answers keep coming (from SQL and the in-process level), correct;
    /// after Redis returns, the shared cache is used again.
    @Test func survivesRedisOutage() async throws {
        try await IntegrationEnvironment.prepare()
        let redis = try OwnRedis()
        let instance = try await RouterInstance(redis: redis.url)
        defer { Task { await instance.stop() } }
        let embedded = try await IntegrationEnvironment.embedded.value
        func expected(_ r: SummaryRequest, _ user: String) async throws -> [UInt8] {
            let e = try await embedded.run(r, user: user)
            return try AnswerPayload.encode(answer: e.answer, data: e.data)
        }
        let warm = spend("u031")
        #expect(try await instance.summaries.answer(warm, user: "u031").payload == (try await expected(warm, "u031")))

        redis.kill()
        for n in 1...20 {
            let user = "u0" + String(10 + n)
            let request = spend(user, period: .lastDays(n))
            let answer = try await instance.summaries.answer(request, user: user)
            #expect(answer.payload == (try await expected(request, user)), "during the outage, \(user)")
        }

        try redis.start()
        let direct = RedisClient(configuration: try RedisConfiguration(url: redis.url), logger: IntegrationEnvironment.logger)
        // Within a few seconds the breaker closes and answers land in Redis again.
        var shared: SummaryRequest? = nil
        let started = ContinuousClock.now
        var days = 20
        while ContinuousClock.now - started < .seconds(10) {
            days += 1
            let request = spend("u041", period: .lastDays(days))
            _ = try await instance.summaries.answer(request, user: "u041")
            let stored = try? await direct.send([Array("HEXISTS".utf8), Array("v1:sum:u041".utf8), Array(request.entryKey.utf8)])
            if stored?.int == 1 {
                shared = request
                break
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        await direct.close()
        #expect(shared != nil, "answers were not written to Redis again after it returned")
        if let shared {
            // …where another instance finds them without running SQL.
            let probe = try await RouterInstance(redis: redis.url)
            let answer = try await probe.summaries.answer(shared, user: "u041")
            #expect(answer.cacheHit)
            #expect(probe.summaries.sqlExecutions == 0)
            await probe.stop()
        }
    }

    /// PostgreSQL unreachable: a cached (even stale) answer is served; with none, a clear error in bounded time.
    @Test func databaseDownServesStaleOrFails() async throws {
        try await IntegrationEnvironment.prepare()
        let redis = try IntegrationEnvironment.redisURL()
        let good = try await RouterInstance(redis: redis) { $0.ttls = SummaryTTLs(seconds: [.spend: 1]) }
        defer { Task { await good.stop() } }
        let user = "u027"
        let request = spend(user, period: .lastDays(Int.random(in: 100...400)))
        let fresh = try await good.summaries.answer(request, user: user)
        // Past the 1 s TTL: time must pass (more of it only makes the entry staler, within the
        // hour of stale-if-error), so this wait cannot race anything.
        try await Task.sleep(for: .milliseconds(1200))

        let deadPort = try FreePort.make()
        let down = try await RouterInstance(database: "postgres://postgres@127.0.0.1:\(deadPort)/router", redis: redis, waitForListener: false) {
            $0.ttls = SummaryTTLs(seconds: [.spend: 1])
            $0.staleWhileRevalidate = 0
            $0.databaseTimeoutMilliseconds = 300
        }
        defer { Task { await down.stop() } }
        let stale = try await down.summaries.answer(request, user: user)
        #expect(stale.stale)
        #expect(stale.payload == fresh.payload)

        let started = ContinuousClock.now
        await #expect(throws: SummaryError.self) {
            _ = try await down.summaries.answer(spend("u028", period: .lastDays(3)), user: "u028")
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        let readiness = try await CatalogController(services: down.runtime.services).readiness()
        #expect(readiness.status == .serviceUnavailable)
    }
}
