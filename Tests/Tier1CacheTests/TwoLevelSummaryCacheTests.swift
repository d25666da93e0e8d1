import Domain
import Foundation
import Resilience
import ResilienceTesting
import Synchronization
import Testing

@testable import Tier1Cache

/// The in-process level in front of a shared level (an in-memory fake here, switchable to failing):
/// which level answers, degrading while the shared level is down, the breaker around it, and
/// invalidations made during an outage being applied before the shared level is read again.
@Suite struct TwoLevelSummaryCacheTests {
    /// An in-memory shared level that records every call reaching it and can be made to fail.
    final class FakeSharedCache: SummaryCacheStore {
        struct Down: Error, CustomStringConvertible {
            var description: String { "shared level down" }
        }
        enum Operation: Hashable, Sendable { case get, set, invalidate, invalidateAll }

        private struct State {
            var entries: [CacheKey: CacheEntry] = [:]
            var failing: Set<Operation> = []
            var calls: [Operation: Int] = [:]
            var log: [String] = []
        }
        private let state = Mutex(State())
        /// When set, `invalidate(user:)` waits at this gate before deleting.
        let invalidateGate = Mutex<Gate?>(nil)
        /// When set, `get` reads the entry and then waits at this gate before returning it: a
        /// reply on its way back.
        let getGate = Mutex<Gate?>(nil)

        /// Makes `operations` (default: all) fail until `recover()`.
        func goDown(_ operations: Set<Operation> = [.get, .set, .invalidate, .invalidateAll]) {
            state.withLock { $0.failing = operations }
        }
        func recover() { state.withLock { $0.failing = [] } }

        func calls(_ operation: Operation) -> Int { state.withLock { $0.calls[operation, default: 0] } }
        var totalCalls: Int { state.withLock { $0.calls.values.reduce(0, +) } }
        var log: [String] { state.withLock { $0.log } }
        func clearLog() { state.withLock { $0.log = [] } }

        /// Direct access for the test, not counted as calls.
        func peek(_ key: CacheKey) -> CacheEntry? { state.withLock { $0.entries[key] } }
        func put(_ key: CacheKey, _ entry: CacheEntry) { state.withLock { $0.entries[key] = entry } }
        var count: Int { state.withLock { $0.entries.count } }

        private func record(_ operation: Operation, _ line: String) throws {
            let down = state.withLock { s in
                s.calls[operation, default: 0] += 1
                s.log.append(line)
                return s.failing.contains(operation)
            }
            if down { throw Down() }
        }

        func get(_ key: CacheKey) async throws -> CacheEntry? {
            try record(.get, "get:\(key.flat)")
            let entry = state.withLock { $0.entries[key] }
            if let gate = getGate.withLock({ $0 }) { await gate.pass() }
            return entry
        }
        func set(_ key: CacheKey, entry: CacheEntry) async throws {
            try record(.set, "set:\(key.flat)")
            state.withLock { $0.entries[key] = entry }
        }
        func invalidate(user: String) async throws {
            try record(.invalidate, "invalidate:\(user)")
            if let gate = invalidateGate.withLock({ $0 }) { await gate.pass() }
            state.withLock { s in s.entries = s.entries.filter { $0.key.user != user } }
        }
        func invalidateAll() async throws {
            try record(.invalidateAll, "invalidateAll")
            state.withLock { $0.entries.removeAll() }
        }
    }

    /// Holds a call in the shared level until the test opens it.
    final class Gate: Sendable {
        private let entered: AsyncStream<Void>
        private let enteredContinuation: AsyncStream<Void>.Continuation
        private let opened: AsyncStream<Void>
        private let openedContinuation: AsyncStream<Void>.Continuation
        init() {
            (entered, enteredContinuation) = AsyncStream<Void>.makeStream()
            (opened, openedContinuation) = AsyncStream<Void>.makeStream()
        }
        func pass() async {
            enteredContinuation.yield()
            var iterator = opened.makeAsyncIterator()
            _ = await iterator.next()
        }
        func waitUntilEntered() async {
            var iterator = entered.makeAsyncIterator()
            _ = await iterator.next()
        }
        func open() { openedContinuation.finish() }
    }

    /// A settable wall clock.
    final class Clock: Sendable {
        let value = Mutex(1_000_000.0)
        var now: @Sendable () -> Double { { self.value.withLock { $0 } } }
        func advance(_ seconds: Double) { value.withLock { $0 += seconds } }
    }

    /// The breaker's time is moved by hand: no step can outlast the open period on a busy machine.
    static let openDuration: Duration = .seconds(30)

    struct Fixture {
        let clock = Clock()
        let time = ManualTime()
        let shared = FakeSharedCache()
        let breaker: CircuitBreaker
        let local: InProcessSummaryCache
        let cache: TwoLevelSummaryCache

        init(threshold: Int = 3) {
            breaker = CircuitBreaker(
                name: "shared", failureThreshold: threshold, openDuration: TwoLevelSummaryCacheTests.openDuration, time: time
            )
            local = InProcessSummaryCache(now: clock.now)
            cache = TwoLevelSummaryCache(local: local, shared: shared, breaker: breaker, now: clock.now)
        }

        func entry(_ tag: UInt8, ageSeconds: Double = 0, ttl: Int = 60) -> CacheEntry {
            CacheEntry(payload: [tag], createdAt: clock.now() - ageSeconds, ttl: ttl)
        }

        /// Opens the breaker by failing reads of a key that is in neither level.
        func openBreaker() async throws {
            shared.goDown()
            let probe = key("nobody", "k")
            for _ in 0..<breaker.failureThreshold { _ = try await cache.get(probe) }
            #expect(breaker.state == .open)
        }

        func waitOutOpenPeriod() async throws {
            time.advance(by: TwoLevelSummaryCacheTests.openDuration)
        }
    }

    static func key(_ user: String, _ entry: String) -> CacheKey {
        CacheKey(user: user, entry: entry, flat: "v1|\(user.utf8.count):\(user)|\(entry)")
    }
    func key(_ user: String, _ entry: String) -> CacheKey { Self.key(user, entry) }

    // MARK: - Which level answers

    @Test func localFreshHitDoesNotTouchTheSharedLevel() async throws {
        let f = Fixture()
        let k = key("a", "spend")
        let near = f.entry(1)
        await f.local.set(k, entry: near)
        f.shared.put(k, f.entry(2))
        for _ in 0..<3 { #expect(try await f.cache.get(k) == near) }
        #expect(f.shared.totalCalls == 0)
    }

    @Test func localMissReadsTheSharedLevelAndFillsTheLocalOne() async throws {
        let f = Fixture()
        let k = key("a", "spend")
        let far = f.entry(2)
        f.shared.put(k, far)
        #expect(await f.local.get(k) == nil)
        #expect(try await f.cache.get(k) == far)
        #expect(f.shared.calls(.get) == 1)
        #expect(await f.local.get(k) == far)
        // Now a local hit.
        #expect(try await f.cache.get(k) == far)
        #expect(f.shared.calls(.get) == 1)
    }

    @Test func missInBothLevelsIsNil() async throws {
        let f = Fixture()
        #expect(try await f.cache.get(key("a", "spend")) == nil)
        #expect(f.shared.calls(.get) == 1)
        #expect(await f.local.count == 0)
    }

    @Test func staleLocalEntryIsReplacedByANewerSharedOne() async throws {
        let f = Fixture()
        let k = key("a", "spend")
        await f.local.set(k, entry: f.entry(1, ageSeconds: 120, ttl: 60))
        let newer = f.entry(2, ageSeconds: 5, ttl: 60)
        f.shared.put(k, newer)
        #expect(try await f.cache.get(k) == newer)
        #expect(await f.local.get(k) == newer)
    }

    @Test func staleLocalEntryIsKeptWhenTheSharedOneIsOlderOrMissing() async throws {
        let f = Fixture()
        let k = key("a", "spend")
        let near = f.entry(1, ageSeconds: 120, ttl: 60)
        await f.local.set(k, entry: near)
        #expect(try await f.cache.get(k) == near)  // shared miss
        f.shared.put(k, f.entry(2, ageSeconds: 500, ttl: 60))
        #expect(try await f.cache.get(k) == near)  // shared older
        #expect(await f.local.get(k) == near)
    }

    @Test func setWritesBothLevels() async throws {
        let f = Fixture()
        let k = key("a", "spend")
        let e = f.entry(3)
        try await f.cache.set(k, entry: e)
        #expect(await f.local.get(k) == e)
        #expect(f.shared.peek(k) == e)
    }

    // MARK: - The shared level failing

    @Test func whenTheSharedLevelFailsGetFallsBackToTheLocalEntry() async throws {
        let f = Fixture(threshold: 100)
        let k = key("a", "spend")
        let stale = f.entry(1, ageSeconds: 120, ttl: 60)  // stale, so the shared level is consulted
        await f.local.set(k, entry: stale)
        f.shared.goDown()
        #expect(try await f.cache.get(k) == stale)
        #expect(f.shared.calls(.get) == 1)
        // A miss in both levels is a plain miss, not an error.
        #expect(try await f.cache.get(key("b", "spend")) == nil)
    }

    @Test func whenTheSharedLevelFailsSetStillStoresLocally() async throws {
        let f = Fixture(threshold: 100)
        let k = key("a", "spend")
        f.shared.goDown()
        let e = f.entry(4)
        try await f.cache.set(k, entry: e)
        #expect(f.shared.calls(.set) == 1)
        #expect(f.shared.peek(k) == nil)
        #expect(await f.local.get(k) == e)
        #expect(try await f.cache.get(k) == e)
        #expect(f.shared.calls(.get) == 0)
    }

    @Test func breakerOpensAfterRepeatedFailuresAndTheSharedLevelIsNoLongerCalled() async throws {
        let f = Fixture(threshold: 3)
        let k = key("a", "spend")
        f.shared.goDown()
        for _ in 0..<3 { #expect(try await f.cache.get(k) == nil) }
        #expect(f.shared.calls(.get) == 3)
        #expect(f.breaker.state == .open)
        #expect(f.breaker.lastError == "shared level down")

        let before = f.shared.totalCalls
        for i in 0..<10 {
            #expect(try await f.cache.get(key("u\(i)", "spend")) == nil)
            try await f.cache.set(key("u\(i)", "spend"), entry: f.entry(UInt8(i)))
        }
        try await f.cache.invalidate(user: "u1")
        try await f.cache.invalidateAll()
        #expect(f.shared.totalCalls == before, "the shared level was called while the breaker was open")

        // Local level still works meanwhile.
        try await f.cache.set(k, entry: f.entry(9))
        #expect(try await f.cache.get(k) == f.entry(9))

        // Back up: after the open period the shared level is used again.
        f.shared.recover()
        try await f.waitOutOpenPeriod()
        let other = key("b", "spend")
        // The first use applies what was remembered while open (here: invalidateAll), then reads.
        #expect(try await f.cache.get(other) == nil)
        #expect(f.breaker.state == .closed)
        #expect(f.shared.calls(.invalidateAll) == 1)
        f.shared.put(other, f.entry(8))
        #expect(try await f.cache.get(other) == f.entry(8))
        try await f.cache.set(key("c", "spend"), entry: f.entry(7))
        #expect(f.shared.peek(key("c", "spend")) == f.entry(7))
    }

    // MARK: - Invalidations during an outage

    @Test func invalidateWhileDownIsAppliedBeforeTheSharedLevelIsReadAgain() async throws {
        let f = Fixture(threshold: 100)
        let k = key("a", "spend")
        let old = f.entry(1)
        try await f.cache.set(k, entry: old)  // written before the outage, in both levels
        #expect(f.shared.peek(k) == old)

        f.shared.goDown()
        try await f.cache.invalidate(user: "a")  // does not throw
        #expect(await f.local.get(k) == nil)
        #expect(f.shared.peek(k) == old)  // could not be deleted: remembered

        f.shared.recover()
        f.shared.clearLog()
        #expect(try await f.cache.get(k) == nil, "a stale shared entry written before the outage was served after it")
        #expect(f.shared.peek(k) == nil)
        let log = f.shared.log
        let invalidated = try #require(log.firstIndex(of: "invalidate:a"))
        let read = try #require(log.firstIndex(of: "get:\(k.flat)"))
        #expect(invalidated < read, "\(log)")

        // Applied once, not again.
        f.shared.clearLog()
        _ = try await f.cache.get(k)
        #expect(!f.shared.log.contains("invalidate:a"))
    }

    @Test func invalidateWhileTheBreakerIsOpenIsAppliedAfterRecovery() async throws {
        let f = Fixture(threshold: 2)
        let a = key("a", "spend")
        let b = key("b", "spend")
        let old = f.entry(1)
        try await f.cache.set(a, entry: old)
        try await f.cache.set(b, entry: f.entry(2))

        try await f.openBreaker()
        let callsWhileOpen = f.shared.totalCalls
        try await f.cache.invalidate(user: "a")
        #expect(f.shared.totalCalls == callsWhileOpen)  // refused by the breaker, remembered

        f.shared.recover()
        try await f.waitOutOpenPeriod()
        f.shared.clearLog()
        #expect(try await f.cache.get(a) == nil)
        #expect(f.shared.peek(a) == nil)
        #expect(f.shared.log.first == "invalidate:a", "\(f.shared.log)")
        #expect(f.breaker.state == .closed)
        // Other users' entries are untouched.
        #expect(f.shared.peek(b) == f.entry(2))
        #expect(try await f.cache.get(b) == f.entry(2))
    }

    @Test func rememberedInvalidationsStayPendingWhileTheyCannotBeApplied() async throws {
        // Only invalidations fail: reads "work", but must not be made while an invalidation is pending.
        let f = Fixture(threshold: 100)
        let k = key("a", "spend")
        let old = f.entry(1)
        try await f.cache.set(k, entry: old)
        f.shared.goDown([.invalidate])
        try await f.cache.invalidate(user: "a")
        for _ in 0..<3 { #expect(try await f.cache.get(k) == nil) }
        #expect(f.shared.calls(.get) == 0, "the shared level was read before a pending invalidation was applied")
        // Writes wait too: the pending invalidation must not later delete a newer entry.
        try await f.cache.set(key("b", "spend"), entry: f.entry(5))
        #expect(f.shared.calls(.set) == 1)  // only the pre-outage write

        f.shared.recover()
        #expect(try await f.cache.get(k) == nil)
        #expect(f.shared.peek(k) == nil)
        #expect(f.shared.calls(.get) == 1)
    }

    /// The documented guarantee ("applied before Redis is read again, so a stale entry written before an
    /// outage is never served after it") must also hold for a read that arrives while another task is
    /// still applying the remembered invalidation.
    @Test func readDuringTheFlushOfARememberedInvalidationDoesNotServeTheStaleEntry() async throws {
        let f = Fixture(threshold: 100)
        let k = key("a", "spend")
        let old = f.entry(1)
        try await f.cache.set(k, entry: old)
        f.shared.goDown()
        try await f.cache.invalidate(user: "a")
        f.shared.recover()

        let gate = Gate()
        f.shared.invalidateGate.withLock { $0 = gate }
        let flushing = Task { try await f.cache.get(k) }  // applies the remembered DEL, held at the gate
        await gate.waitUntilEntered()
        let concurrent = try await f.cache.get(k)  // arrives while the DEL is still in flight
        gate.open()
        let first = try await flushing.value

        #expect(first == nil)
        #expect(concurrent == nil, "the pre-outage entry was served while its remembered invalidation was being applied")
        #expect(await f.local.get(k) == nil, "the pre-outage entry was copied into the local level")
        #expect(try await f.cache.get(k) == nil)
    }

    /// A reply from the shared level that was read before an invalidation and arrives after it
    /// holds pre-change data: it is neither served nor copied into the local level, where it
    /// would outlive the invalidation until its TTL (the instance heard the change and still
    /// served the old answer).
    @Test func aSharedReadOverlappingAnInvalidationIsDropped() async throws {
        let f = Fixture(threshold: 100)
        let k = key("a", "spend")
        f.shared.put(k, f.entry(1))  // in the shared level only, as another instance wrote it
        let gate = Gate()
        f.shared.getGate.withLock { $0 = gate }
        let reading = Task { try await f.cache.get(k) }
        await gate.waitUntilEntered()  // the old entry has been read and is on its way back
        f.shared.getGate.withLock { $0 = nil }
        try await f.cache.invalidate(user: "a")  // the change is heard meanwhile
        gate.open()

        #expect(try await reading.value == nil, "a reply read before the invalidation was served after it")
        #expect(await f.local.get(k) == nil, "a reply read before the invalidation was kept in the local level")
        // Another user's reads are not affected.
        let b = key("b", "spend")
        let theirs = f.entry(2)
        f.shared.put(b, theirs)
        #expect(try await f.cache.get(b) == theirs)
    }

    /// While an invalidation is on its way to the shared level, that level still holds the old
    /// entry: a read of the same user in that window goes without it.
    @Test func aReadWhileTheInvalidationIsInFlightDoesNotUseTheSharedLevel() async throws {
        let f = Fixture(threshold: 100)
        let k = key("a", "spend")
        f.shared.put(k, f.entry(1))
        let gate = Gate()
        f.shared.invalidateGate.withLock { $0 = gate }
        let invalidating = Task { try await f.cache.invalidate(user: "a") }
        await gate.waitUntilEntered()  // the DEL has been sent, not yet applied
        #expect(try await f.cache.get(k) == nil, "the shared level's old entry was served while its invalidation was in flight")
        #expect(await f.local.get(k) == nil)
        gate.open()
        try await invalidating.value
        #expect(f.shared.peek(k) == nil)
    }

    @Test func pendingInvalidationIsAppliedBeforeALaterWrite() async throws {
        let f = Fixture(threshold: 100)
        let k = key("a", "spend")
        try await f.cache.set(k, entry: f.entry(1))
        f.shared.goDown()
        try await f.cache.invalidate(user: "a")
        f.shared.recover()
        f.clock.advance(1)
        let fresh = f.entry(2)
        try await f.cache.set(k, entry: fresh)
        // The remembered DEL ran before the new write, so the new entry survives.
        #expect(f.shared.peek(k) == fresh)
        let log = f.shared.log
        #expect(Array(log.suffix(2)) == ["invalidate:a", "set:\(k.flat)"], "\(log)")
        // Another instance (empty local level) reads it.
        let other = TwoLevelSummaryCache(
            local: InProcessSummaryCache(), shared: f.shared, breaker: CircuitBreaker(name: "other"), now: f.clock.now
        )
        #expect(try await other.get(k) == fresh)
    }

    @Test func beyondTenThousandRememberedUsersItFallsBackToInvalidateAll() async throws {
        let f = Fixture(threshold: 1)
        let bystander = key("zz-not-invalidated", "spend")
        let stale = f.entry(1)
        try await f.cache.set(bystander, entry: stale)
        try await f.openBreaker()

        for i in 0...10_000 { try await f.cache.invalidate(user: "u\(i)") }  // 10,001 users

        f.shared.recover()
        try await f.waitOutOpenPeriod()
        f.shared.clearLog()
        let before = f.shared.calls(.invalidate)
        #expect(try await f.cache.get(key("u5", "spend")) == nil)
        #expect(f.shared.calls(.invalidateAll) == 1)
        #expect(f.shared.calls(.invalidate) == before, "per-user invalidations were sent instead of one invalidateAll")
        #expect(f.shared.log.first == "invalidateAll")
        // "Drop everything" really drops everything, including users never named.
        #expect(f.shared.peek(bystander) == nil)
        await f.local.invalidateAll()
        #expect(try await f.cache.get(bystander) == nil)
    }

    @Test func upToTenThousandRememberedUsersAreAppliedOneByOne() async throws {
        let f = Fixture(threshold: 1)
        let bystander = key("zz-not-invalidated", "spend")
        try await f.cache.set(bystander, entry: f.entry(1))
        try await f.openBreaker()

        for i in 0..<10_000 { try await f.cache.invalidate(user: "u\(i)") }

        f.shared.recover()
        try await f.waitOutOpenPeriod()
        let before = f.shared.calls(.invalidate)
        _ = try await f.cache.get(key("u5", "spend"))
        #expect(f.shared.calls(.invalidateAll) == 0)
        #expect(f.shared.calls(.invalidate) - before == 10_000)
        #expect(f.shared.peek(bystander) == f.entry(1))
    }

    @Test func invalidateAllWhileDownIsRemembered() async throws {
        let f = Fixture(threshold: 100)
        let a = key("a", "spend")
        let b = key("b", "fuel")
        try await f.cache.set(a, entry: f.entry(1))
        try await f.cache.set(b, entry: f.entry(2))

        f.shared.goDown()
        try await f.cache.invalidateAll()  // does not throw
        #expect(await f.local.count == 0)
        #expect(f.shared.count == 2)

        f.shared.recover()
        f.shared.clearLog()
        #expect(try await f.cache.get(a) == nil)
        #expect(f.shared.log.first == "invalidateAll", "\(f.shared.log)")
        #expect(f.shared.count == 0)
        #expect(try await f.cache.get(b) == nil)
        #expect(f.shared.calls(.invalidateAll) == 2)  // the failed attempt, then the remembered one
    }

    @Test func invalidateAllWhileTheBreakerIsOpenIsRemembered() async throws {
        let f = Fixture(threshold: 2)
        let a = key("a", "spend")
        try await f.cache.set(a, entry: f.entry(1))
        try await f.openBreaker()
        try await f.cache.invalidate(user: "b")
        try await f.cache.invalidateAll()
        #expect(f.shared.calls(.invalidateAll) == 0)

        f.shared.recover()
        try await f.waitOutOpenPeriod()
        f.shared.clearLog()
        #expect(try await f.cache.get(a) == nil)
        #expect(f.shared.log.first == "invalidateAll", "\(f.shared.log)")
        #expect(f.shared.peek(a) == nil)
    }

    @Test func healthyInvalidationsGoStraightThrough() async throws {
        let f = Fixture()
        let a = key("a", "spend")
        let b = key("b", "spend")
        try await f.cache.set(a, entry: f.entry(1))
        try await f.cache.set(b, entry: f.entry(2))
        try await f.cache.invalidate(user: "a")
        #expect(f.shared.peek(a) == nil)
        #expect(await f.local.get(a) == nil)
        #expect(f.shared.peek(b) == f.entry(2))
        try await f.cache.invalidateAll()
        #expect(f.shared.count == 0)
        #expect(await f.local.count == 0)
    }
}

// MARK: - GuardedSummaryStore

extension TwoLevelSummaryCacheTests {

    /// A store behind a breaker and a per-call deadline.
    @Suite struct GuardedSummaryStoreTests {
        /// Every call hangs (cancellably) unless `hanging` is false.
        final class HangingStore: SummaryStore {
            let calls = Mutex(0)
            let hanging: Bool
            init(hanging: Bool = true) { self.hanging = hanging }
            private func enter() async throws {
                calls.withLock { $0 += 1 }
                if hanging { try await Task.sleep(for: .seconds(30)) }
            }
            func spendByCategory(user: String, range: DateRange, category: Category?) async throws -> [CategoryTotal] {
                try await enter()
                return [CategoryTotal(category: "fuel", cents: 100, count: 1)]
            }
            func budgetLines(user: String, range: DateRange, category: Category?) async throws -> [BudgetLine] {
                try await enter()
                return []
            }
            func savings(user: String, range: DateRange) async throws -> Total {
                try await enter()
                return Total(cents: 5, count: 1)
            }
            func recentExpenses(user: String, asOf: Day, limit: Int, category: Category?) async throws -> [Expense] {
                try await enter()
                return []
            }
            func fuel(user: String, range: DateRange) async throws -> FuelAggregate {
                try await enter()
                return FuelAggregate(fillups: 0, milliGallons: 0, costCents: 0, miles: 0, mpgMilliGallons: 0)
            }
        }

        let range = DateRange(from: Day(year: 2026, month: 11, day: 1)!, to: Day(year: 2026, month: 11, day: 21)!)

        @Test func passesAnswersThrough() async throws {
            let store = GuardedSummaryStore(
                base: HangingStore(hanging: false), breaker: CircuitBreaker(name: "db"), deadline: .seconds(2)
            )
            #expect(try await store.savings(user: "a", range: range) == Total(cents: 5, count: 1))
            #expect(try await store.spendByCategory(user: "a", range: range, category: nil).first?.cents == 100)
        }

        @Test func aHangingCallFailsAtTheDeadlineAndOpensTheBreaker() async throws {
            let base = HangingStore()
            let time = ManualTime()
            let breaker = CircuitBreaker(name: "db", failureThreshold: 2, openDuration: .seconds(30), time: time)
            let store = GuardedSummaryStore(base: base, breaker: breaker, deadline: .seconds(2), time: time)

            // Each call hangs until the clock passes its deadline: the signal is the deadline's own
            // timer waiting on the clock, then the clock moves.
            let first = Task { try await store.savings(user: "a", range: range) }
            #expect(await time.waitForSleepers(1))
            time.advance(by: .seconds(2))
            await #expect(throws: DeadlineExceeded.self) { try await first.value }
            #expect(breaker.state == .closed)

            let second = Task { try await store.fuel(user: "a", range: range) }
            #expect(await time.waitForSleepers(1))
            time.advance(by: .seconds(2))
            await #expect(throws: DeadlineExceeded.self) { try await second.value }
            #expect(breaker.state == .open)
            #expect(breaker.lastError?.contains("no answer within") == true)
            #expect(base.calls.withLock { $0 } == 2)

            // Open: every method fails at once without reaching the store.
            await #expect(throws: CircuitBreaker.Open.self) { try await store.savings(user: "a", range: range) }
            await #expect(throws: CircuitBreaker.Open.self) {
                try await store.spendByCategory(user: "a", range: range, category: nil)
            }
            await #expect(throws: CircuitBreaker.Open.self) {
                try await store.budgetLines(user: "a", range: range, category: nil)
            }
            await #expect(throws: CircuitBreaker.Open.self) {
                try await store.recentExpenses(user: "a", asOf: Day(year: 2026, month: 11, day: 21)!, limit: 5, category: nil)
            }
            await #expect(throws: CircuitBreaker.Open.self) { try await store.fuel(user: "a", range: range) }
            #expect(base.calls.withLock { $0 } == 2)  // the store was never reached: the breaker answered
        }
    }
}
