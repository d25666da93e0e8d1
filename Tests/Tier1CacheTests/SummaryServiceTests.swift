import Domain
import Foundation
import Logging
import ResilienceTesting
import Synchronization
import Testing

@testable import Tier1Cache

/// The cache in front of the store: hits, TTL, single-flight, invalidation, bounded size,
/// and a failing cache degrading to SQL.
@Suite struct SummaryServiceTests {
    /// A store that counts calls and can be slowed or failed.
    final class CountingStore: SummaryStore {
        let calls = Mutex(0)
        let delay: Duration
        let failing: Bool
        init(delay: Duration = .zero, failing: Bool = false) {
            self.delay = delay
            self.failing = failing
        }
        private func tick() async throws {
            calls.withLock { $0 += 1 }
            if delay > .zero { try await Task.sleep(for: delay) }
            if failing { throw CancellationError() }
        }
        func spendByCategory(user: String, range: DateRange, category: Category?) async throws -> [CategoryTotal] {
            try await tick()
            return [CategoryTotal(category: "fuel", cents: user == "a" ? 100 : 200, count: 1)]
        }
        func budgetLines(user: String, range: DateRange, category: Category?) async throws -> [BudgetLine] { [] }
        func savings(user: String, range: DateRange) async throws -> Total { Total(cents: 0, count: 0) }
        func recentExpenses(user: String, asOf: Day, limit: Int, category: Category?) async throws -> [Expense] { [] }
        func fuel(user: String, range: DateRange) async throws -> FuelAggregate {
            FuelAggregate(fillups: 0, milliGallons: 0, costCents: 0, miles: 0, mpgMilliGallons: 0)
        }
    }

    /// A cache that always fails, as Redis down would.
    struct BrokenCache: SummaryCacheStore {
        struct Down: Error {}
        func get(_ key: CacheKey) async throws -> CacheEntry? { throw Down() }
        func set(_ key: CacheKey, entry: CacheEntry) async throws { throw Down() }
        func invalidate(user: String) async throws { throw Down() }
        func invalidateAll() async throws { throw Down() }
    }

    let request = SummaryRequest(kind: .spend, period: .thisMonth, category: nil, limit: nil, asOf: Day(year: 2026, month: 11, day: 21)!)!

    @Test func secondReadIsAHit() async throws {
        let store = CountingStore()
        let service = SummaryService(engine: SummaryEngine(store: store), cache: InProcessSummaryCache())
        let first = try await service.answer(request, user: "a")
        let second = try await service.answer(request, user: "a")
        #expect(!first.cacheHit)
        #expect(second.cacheHit)
        #expect(first.payload == second.payload)
        #expect(store.calls.withLock { $0 } == 1)
    }

    @Test func usersNeverShareEntries() async throws {
        let store = CountingStore()
        let service = SummaryService(engine: SummaryEngine(store: store), cache: InProcessSummaryCache())
        let a = try await service.answer(request, user: "a")
        let b = try await service.answer(request, user: "b")
        #expect(!b.cacheHit)
        #expect(a.payload != b.payload)
        #expect(String(decoding: b.payload, as: UTF8.self).contains("\"total_cents\":200"))
    }

    @Test func expiredEntryIsReloaded() async throws {
        let clock = Mutex(1_000.0)
        let now: @Sendable () -> Double = { clock.withLock { $0 } }
        let store = CountingStore()
        let service = SummaryService(
            engine: SummaryEngine(store: store), cache: InProcessSummaryCache(now: now),
            ttls: SummaryTTLs(seconds: [.spend: 10]), staleWhileRevalidate: 0, now: now
        )
        _ = try await service.answer(request, user: "a")
        clock.withLock { $0 += 5 }
        let fresh = try await service.answer(request, user: "a")
        #expect(fresh.cacheHit)
        #expect(fresh.ageSeconds == 5)
        #expect(fresh.remainingSeconds == 5)
        clock.withLock { $0 += 6 }
        let reloaded = try await service.answer(request, user: "a")
        #expect(!reloaded.cacheHit)
        #expect(store.calls.withLock { $0 } == 2)
    }

    @Test func staleWhileRevalidateServesAtOnceAndRefreshesOnce() async throws {
        let clock = Mutex(1_000.0)
        let now: @Sendable () -> Double = { clock.withLock { $0 } }
        let store = CountingStore(delay: .milliseconds(50))
        let service = SummaryService(
            engine: SummaryEngine(store: store), cache: InProcessSummaryCache(now: now),
            ttls: SummaryTTLs(seconds: [.spend: 10]), staleWhileRevalidate: 30, now: now
        )
        _ = try await service.answer(request, user: "a")
        clock.withLock { $0 += 15 }
        let answers = try await withThrowingTaskGroup(of: SummaryService.Answer.self) { group in
            for _ in 0..<20 { group.addTask { try await service.answer(request, user: "a") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.allSatisfy { $0.cacheHit && $0.stale })
        // The signal: the cache holds the refreshed entry (its write follows the store's answer).
        // (A stale answer while the refresh runs joins that refresh: single-flight, no second SQL.)
        #expect(await eventually { (try? await service.answer(request, user: "a"))?.stale == false })
        #expect(store.calls.withLock { $0 } == 2)  // the first load and one refresh
        let refreshed = try await service.answer(request, user: "a")
        #expect(refreshed.cacheHit && !refreshed.stale)
        clock.withLock { $0 += 100 }  // past the revalidation window: a plain miss
        #expect(try await service.answer(request, user: "a").cacheHit == false)
    }

    @Test func staleIfErrorWhenTheStoreFails() async throws {
        let clock = Mutex(1_000.0)
        let now: @Sendable () -> Double = { clock.withLock { $0 } }
        let cache = InProcessSummaryCache(now: now)
        let good = SummaryService(engine: SummaryEngine(store: CountingStore()), cache: cache, ttls: SummaryTTLs(seconds: [.spend: 10]), now: now)
        let first = try await good.answer(request, user: "a")
        let broken = SummaryService(
            engine: SummaryEngine(store: CountingStore(failing: true)), cache: cache, ttls: SummaryTTLs(seconds: [.spend: 10]),
            staleWhileRevalidate: 0, staleIfError: 600, now: now
        )
        clock.withLock { $0 += 300 }
        let stale = try await broken.answer(request, user: "a")
        #expect(stale.stale && stale.payload == first.payload)
        clock.withLock { $0 += 600 }
        await #expect(throws: SummaryError.self) { try await broken.answer(request, user: "a") }
    }

    @Test func concurrentMissesRunTheStoreOnce() async throws {
        let store = CountingStore(delay: .milliseconds(100))
        let service = SummaryService(engine: SummaryEngine(store: store), cache: InProcessSummaryCache())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask { _ = try await service.answer(request, user: "a") }
            }
            try await group.waitForAll()
        }
        #expect(store.calls.withLock { $0 } == 1)
    }

    @Test func invalidationDropsOnlyThatUser() async throws {
        let store = CountingStore()
        let service = SummaryService(engine: SummaryEngine(store: store), cache: InProcessSummaryCache())
        _ = try await service.answer(request, user: "a")
        _ = try await service.answer(request, user: "b")
        await service.invalidate(user: "a")
        #expect(try await service.answer(request, user: "a").cacheHit == false)
        #expect(try await service.answer(request, user: "b").cacheHit == true)
    }

    /// A load that began before the user's data changed must not be cached (it may hold old rows).
    @Test func loadOverlappingAnInvalidationIsNotCached() async throws {
        let store = CountingStore(delay: .milliseconds(200))
        let service = SummaryService(engine: SummaryEngine(store: store), cache: InProcessSummaryCache())
        async let first = service.answer(request, user: "a")
        // Invalidate only once the load is under way.
        while store.calls.withLock({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(5)) }
        await service.invalidate(user: "a")
        _ = try await first
        #expect(try await service.answer(request, user: "a").cacheHit == false)
        #expect(try await service.answer(request, user: "a").cacheHit == true)
    }

    @Test func brokenCacheDegradesToTheStore() async throws {
        let store = CountingStore()
        let service = SummaryService(engine: SummaryEngine(store: store), cache: BrokenCache())
        let answer = try await service.answer(request, user: "a")
        #expect(!answer.cacheHit)
        #expect(String(decoding: answer.payload, as: UTF8.self).contains("\"total_cents\":100"))
    }

    @Test func failingStoreIsReportedAsUnavailable() async throws {
        let service = SummaryService(engine: SummaryEngine(store: CountingStore(failing: true)), cache: InProcessSummaryCache())
        await #expect(throws: SummaryError.self) { try await service.answer(request, user: "a") }
    }

    @Test func inProcessCacheStaysBounded() async throws {
        let cache = InProcessSummaryCache(capacity: 50)
        for i in 0..<500 {
            let user = "u\(i % 7)"
            await cache.set(CacheKey(user: user, entry: "k\(i)", flat: "\(user)|k\(i)"), entry: CacheEntry(payload: [1], createdAt: 0, ttl: 10_000_000_000))
            if i % 3 == 0 { await cache.invalidate(user: "u\(i % 7)") }
        }
        #expect(await cache.count <= 50)
        #expect(await cache.get(CacheKey(user: "u2", entry: "k499", flat: "u2|k499")) != nil)
    }
}
