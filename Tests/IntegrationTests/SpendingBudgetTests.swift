import Domain
import Foundation
import RedisDriver
import Testing
import Tier1Cache

@testable import Router

/// The AI budget shared through Redis: reservations from many tasks (as from many instances)
/// are atomic, so together they never pass the limit.
@Suite struct SpendingBudgetTests {
    @Test func concurrentReservationsNeverOvershoot() async throws {
        let url = try IntegrationEnvironment.redisURL()
        // Two clients: two instances' worth of connections.
        let a = RedisClient(configuration: try RedisConfiguration(url: url), logger: IntegrationEnvironment.logger)
        let b = RedisClient(configuration: try RedisConfiguration(url: url), logger: IntegrationEnvironment.logger)
        let limits = BudgetLimits(perUser: 1.0, global: 0.5)  // global: 10 reservations of $0.05
        let budgets = [RedisSpendingBudget(client: a, limits: limits), RedisSpendingBudget(client: b, limits: limits)]
        // A day of its own, so reruns start from zero.
        let day = Day(ordinal: Day.todayUTC().ordinal + 1000 + Int.random(in: 0..<100_000))
        let decisions = await withTaskGroup(of: BudgetDecision.self) { group in
            for n in 0..<100 {
                group.addTask { await budgets[n % 2].reserve(user: "u\(n % 7)", micros: 50_000, day: day) }
            }
            var out: [BudgetDecision] = []
            for await d in group { out.append(d) }
            return out
        }
        let reserved = decisions.compactMap { if case .reserved(let r) = $0 { r } else { nil } }
        #expect(reserved.count == 10)
        #expect(decisions.allSatisfy { if case .unavailable = $0 { false } else { true } })
        #expect(await budgets[0].spent(user: "u0", day: day).global == 500_000)
        // Settling the real costs frees the rest of each reservation, never below zero.
        for r in reserved { await budgets[1].settle(r, actualMicros: 1_234) }
        #expect(await budgets[0].spent(user: "u0", day: day).global == 10 * 1_234)
        // A user's own limit applies too.
        let solo = RedisSpendingBudget(client: a, limits: BudgetLimits(perUser: 0.1, global: 100))
        let day2 = Day(ordinal: day.ordinal + 1)
        #expect(await solo.reserve(user: "u1", micros: 60_000, day: day2) != .unavailable)
        guard case .exceeded(let scope, let retry) = await solo.reserve(user: "u1", micros: 60_000, day: day2) else {
            Issue.record("expected the user limit")
            await a.close()
            await b.close()
            return
        }
        #expect(scope == .user && retry >= 1 && retry <= 86_400)
        await a.close()
        await b.close()
    }
}
