import Domain
import Foundation
import Testing
import Tier1Cache

@testable import Router

/// On PostgreSQL and Redis too, a crafted user id reaches neither another user's rows (SQL is
/// parameterised) nor another user's cached entry (keys are length-prefixed).
@Suite struct IsolationIntegrationTests {
    @Test func craftedUserIdsSeeNothingOfAnotherUser() async throws {
        try await IntegrationEnvironment.prepare()
        let instance = try await RouterInstance(redis: try IntegrationEnvironment.redisURL())
        let asOf = Day(year: 2026, month: 11, day: 21)!
        let request = try #require(SummaryRequest(kind: .spend, period: .thisMonth, category: nil, limit: nil, asOf: asOf))
        let real = try await instance.summaries.answer(request, user: "u001")
        #expect(!String(decoding: real.payload, as: UTF8.self).contains("\"total_cents\":0"))
        for user in [
            "u001' OR '1'='1", "x' OR user_id = 'u001", "u001'; DROP TABLE expenses; --", "%", "_001", "u001|", "4:u001",
            String(request.cacheKey(user: "u001").dropFirst(3)),
        ] {
            // Redis outlives test runs: start each crafted user from nothing, so a hit can only be u001's.
            await instance.summaries.invalidate(user: user)
            let answer = try await instance.summaries.answer(request, user: user)
            #expect(String(decoding: answer.payload, as: UTF8.self).contains("\"total_cents\":0"), "\(user)")
            #expect(!answer.cacheHit, "\(user) hit u001's entry")
        }
        // The table is still there.
        #expect(!String(decoding: try await instance.summaries.answer(request, user: "u001").payload, as: UTF8.self).contains("\"total_cents\":0"))
        await instance.stop()
    }
}
