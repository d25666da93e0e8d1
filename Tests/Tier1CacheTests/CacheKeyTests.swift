import Domain
import Testing

@testable import Tier1Cache

/// Cache keys: scoped to the user, canonical in the parameters, versioned.
@Suite struct CacheKeyTests {
    private let asOf = Day(year: 2026, month: 11, day: 21)!

    private func day(_ iso: String) -> Day { Day(iso: iso)! }

    @Test func cacheKeyDiffersByUser() throws {
        let r = try #require(SummaryRequest(kind: .spend, period: .thisMonth, category: nil, limit: nil, asOf: asOf))
        #expect(r.cacheKey(user: "u001") != r.cacheKey(user: "u002"))
        #expect(r.cacheKey(user: "u001") == r.cacheKey(user: "u001"))
        #expect(r.cacheKey(user: "u001").contains("u001"))
    }

    @Test func cacheKeyIncludesCanonicalParameters() throws {
        let r = try #require(SummaryRequest(kind: .spend, period: .thisMonth, category: .food, limit: nil, asOf: asOf))
        let key = r.cacheKey(user: "u001")
        #expect(key.contains("spend"))
        #expect(key.contains("2026-11-01"))
        #expect(key.contains("2026-11-21"))
        #expect(key.contains("food"))
        // Different kind, range or category → different key.
        let others = [
            SummaryRequest(kind: .fuelStats, period: .thisMonth, category: nil, limit: nil, asOf: asOf),
            SummaryRequest(kind: .spend, period: .lastMonth, category: .food, limit: nil, asOf: asOf),
            SummaryRequest(kind: .spend, period: .thisMonth, category: .fuel, limit: nil, asOf: asOf),
            SummaryRequest(kind: .spend, period: .thisMonth, category: nil, limit: nil, asOf: asOf),
            SummaryRequest(kind: .spend, period: .thisMonth, category: .food, limit: nil, asOf: day("2026-11-22")),
        ].compactMap { $0 }
        #expect(others.count == 5)
        for other in others { #expect(other.cacheKey(user: "u001") != key) }
    }

    @Test func equivalentQuestionsShareAKey() throws {
        // "this month", "in November" and "the last 21 days" are the same range on 2026-11-21.
        let keys = Set(
            [Period.thisMonth, .month(11), .monthOfYear(month: 11, year: 2026), .lastDays(21), .sinceMonth(11)]
                .compactMap { SummaryRequest(kind: .spend, period: $0, category: nil, limit: nil, asOf: asOf)?.cacheKey(user: "u001") }
        )
        #expect(keys.count == 1)
        // Ignored inputs do not split the cache: a category for savings, limits past the clamp.
        let s1 = SummaryRequest(kind: .savings, period: nil, category: .fuel, limit: nil, asOf: asOf)?.cacheKey(user: "u001")
        let s2 = SummaryRequest(kind: .savings, period: .allTime, category: nil, limit: 3, asOf: asOf)?.cacheKey(user: "u001")
        #expect(s1 != nil && s1 == s2)
        let r1 = SummaryRequest(kind: .recentExpenses, period: nil, category: nil, limit: 100, asOf: asOf)?.cacheKey(user: "u001")
        let r2 = SummaryRequest(kind: .recentExpenses, period: .lastYear, category: nil, limit: 50, asOf: asOf)?.cacheKey(user: "u001")
        #expect(r1 != nil && r1 == r2)
        let r3 = SummaryRequest(kind: .recentExpenses, period: nil, category: nil, limit: 10, asOf: asOf)?.cacheKey(user: "u001")
        #expect(r3 != r1)
    }

    @Test func userIdWithSeparatorCannotCollide() throws {
        let spend = try #require(SummaryRequest(kind: .spend, period: .thisMonth, category: nil, limit: nil, asOf: asOf))
        let savings = try #require(SummaryRequest(kind: .savings, period: nil, category: nil, limit: nil, asOf: asOf))
        let recent = try #require(SummaryRequest(kind: .recentExpenses, period: nil, category: .food, limit: 5, asOf: asOf))
        let fuel = try #require(SummaryRequest(kind: .fuelStats, period: .lastMonth, category: nil, limit: nil, asOf: asOf))
        let requests = [spend, savings, recent, fuel]
        // Users whose ids embed separators and pieces of another user's key.
        let victim = "u001"
        let victimKey = spend.cacheKey(user: victim)
        let tail = String(victimKey.dropFirst("v1|".count))  // "4:u001|spend|…"
        let users = [
            victim, "u001|", "|u001", "u001|spend", "u001|spend|2026-11-01", "4:u001", "4:u001|spend",
            "v1|4:u001", "u00", "1", "", "|", "||", "u001|savings|*|2026-11-21|*", tail,
            "u0|01", "u001|spend|2026-11-01|2026-11-21|*",
        ]
        var seen: [String: String] = [:]
        for user in users {
            for request in requests {
                let key = request.cacheKey(user: user)
                let who = "\(user) / \(request.kind.shortName)"
                #expect(seen[key] == nil, "\(who) collides with \(seen[key] ?? "")")
                seen[key] = who
            }
        }
        // And explicitly: no other user's key equals the victim's.
        for user in users where user != victim {
            for request in requests { #expect(request.cacheKey(user: user) != victimKey) }
        }
    }

    @Test func keyIsVersioned() throws {
        let r = try #require(SummaryRequest(kind: .spend, period: nil, category: nil, limit: nil, asOf: asOf))
        #expect(r.cacheKey(user: "u001").hasPrefix("v1|"))
    }
}
