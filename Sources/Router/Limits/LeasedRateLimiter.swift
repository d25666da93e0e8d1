import Domain
import Logging
import Resilience
import Synchronization

/// GCRA shared by every instance, spent in process: an instance takes cells of a user's allowance
/// from the shared GCRA (`RateLeaseSource`, Redis in the router) a batch at a time, and admits a
/// request by spending one, under a `Mutex` (a dictionary lookup), so most requests decide without
/// a round trip. A trip is made only when the instance holds no live cell for the user and tier;
/// requests arriving meanwhile wait for that trip rather than each making one (which would let an
/// instance hold a batch per concurrent request, and cost Redis a trip for each). When the shared
/// GCRA answers that no cell fits for w µs, the instance refuses locally for w: the shared arrival
/// time never goes back, so that refusal is exact, and a flooding client causes no Redis traffic.
///
/// **Error bound**, for N instances and B = `batchSize(for:)` cells per lease. Each admitted
/// request spends a cell the shared GCRA granted, and a lease of k cells advances the shared
/// arrival time exactly as k requests at that moment would; so over any interval the instances
/// together admit at most what an exact shared GCRA would (the burst plus the rate times the
/// interval), plus the cells granted before the interval and spent in it. An instance holds at
/// most B such cells per user and tier at any moment, counting a reply on its way (it asks for at
/// most B, only when it holds none, one trip at a time; a lapsed cell is never spent), so the
/// excess is at most N × B.
/// The other way, cells an instance leased and did not spend lapse after `leaseLifetime` (and a
/// reply that missed its deadline is lost): a user at the limit may get up to N × B fewer per
/// lease lifetime than an exact GCRA would give. Retry-After counts from when the reply arrived,
/// so it errs long by one round trip, never short.
///
/// When the shared GCRA cannot be asked (the trip fails or misses its deadline, or the breaker is
/// open), requests are limited by an in-process limiter with the same limits: each instance then
/// enforces the limit on its own, which is looser by the number of instances but never lets a
/// request through unlimited and never refuses a user because a dependency failed. Cells already
/// leased are still spent first.
///
/// Memory is bounded like `InProcessRateLimiter`: at `capacity` entries, idle ones (no live cell,
/// no refusal in force, no trip under way) are dropped; if still full, all but those with a trip
/// under way are (keeping one trip per user and tier, which the bound needs). That forgets some
/// cells (fewer admitted, never more) and refusals (the next trip learns them again) rather than
/// growing.
package final class LeasedRateLimiter: RateLimiter {
    package let limits: RateLimits
    let source: any RateLeaseSource
    let breaker: CircuitBreaker?
    let fallback: InProcessRateLimiter
    /// The most cells one lease takes (see `batchSize(for:maxBatch:)`).
    let maxBatch: Int
    /// How long leased cells may be spent, in microseconds.
    let leaseLifetime: Int64
    /// The longest a request waits for a trip to the shared GCRA before limiting in process.
    let deadline: Duration
    private let capacity: Int
    private let time: any TimeSource
    private let logger: Logger
    private let table = Mutex<[Key: Entry]>([:])
    private let nextTrip = Atomic<UInt64>(0)
    private let tripCount = Atomic<Int>(0)
    private let fallbackCount = Atomic<Int>(0)

    struct Key: Hashable, Sendable {
        let tier: Tier
        let user: String
    }

    /// How a trip to the shared GCRA ended, as the requests waiting for it need to know.
    enum TripOutcome: Sendable, Equatable {
        /// Cells were added to the entry: take one (or, when others took them all, go again).
        case granted
        /// No cell fits until this instant (µs), also recorded in the entry.
        case refused(until: Int64)
        /// The shared GCRA could not be asked: limit in process.
        case failed
    }

    private struct Trip {
        let id: UInt64
        let task: Task<TripOutcome, Never>
    }

    private struct Entry {
        var lease = RateLease()
        /// The trip under way for this user and tier, if any.
        var trip: Trip?

        func isIdle(at now: Int64) -> Bool { trip == nil && lease.isIdle(at: now) }
    }

    private enum Step {
        case decided(RateDecision)
        case waitFor(Task<TripOutcome, Never>)
        case limitInProcess
    }

    /// - Parameters:
    ///   - maxBatch: the most cells one lease takes (32); B is also at most an eighth of the burst.
    ///   - leaseLifetime: how long leased cells may be spent before they lapse (1 s).
    ///   - deadline: the longest wait for the shared GCRA before limiting in process (250 ms).
    ///   - time: the clock for leases, refusals, deadlines and the in-process fallback.
    package init(
        source: any RateLeaseSource, limits: RateLimits, breaker: CircuitBreaker? = nil, maxBatch: Int = 32,
        leaseLifetime: Duration = .seconds(1), deadline: Duration = .milliseconds(250), capacity: Int = 100_000,
        time: any TimeSource = SystemTime(), logger: Logger
    ) {
        self.limits = limits
        self.source = source
        self.breaker = breaker
        self.maxBatch = max(1, maxBatch)
        self.leaseLifetime = Self.micros(leaseLifetime)
        self.deadline = deadline
        self.capacity = max(16, capacity)
        self.time = time
        self.logger = logger
        self.fallback = InProcessRateLimiter(limits: limits, capacity: capacity) { Self.micros(time.now - Self.origin) }
    }

    /// Cells one lease takes for `limit`: an eighth of the burst, at least 1 and at most
    /// `maxBatch`. This is the B of the error bound: a larger batch saves trips and loosens the
    /// shared limit by up to B per instance. A burst under 16 gets 1, which is the limit exactly
    /// as before leases (tier 3's default, 10); tier 1's default burst of 200 gets 25.
    package static func batchSize(for limit: RateLimit, maxBatch: Int = 32) -> Int {
        max(1, min(maxBatch, limit.burst / 8))
    }

    package func admit(user: String, tier: Tier) async -> RateDecision {
        let limit = limits[tier]
        guard limit.isEnabled else { return .allowed }
        let key = Key(tier: tier, user: user)
        while true {
            switch step(key, limit) {
            case .decided(let decision):
                return decision
            case .limitInProcess:
                return limitInProcess(key)
            case .waitFor(let trip):
                switch await trip.value {
                case .granted:
                    continue  // the cells are in the table; others may take them first, then another trip
                case .refused(let until):
                    let now = Self.micros(time.now - Self.origin)
                    if now < until { return .limited(waitMicros: until - now) }
                case .failed:
                    return limitInProcess(key)
                }
            }
        }
    }

    /// One decision from the local state: spend a cell, refuse while the shared GCRA's refusal
    /// holds, or wait for a trip (joining the one under way, else starting one).
    private func step(_ key: Key, _ limit: RateLimit) -> Step {
        let now = Self.micros(time.now - Self.origin)
        return table.withLock { table in
            if let index = table.index(forKey: key) {
                return decide(&table.values[index], key, limit, now)
            }
            if table.count >= capacity {
                table = table.filter { !$0.value.isIdle(at: now) }
                if table.count >= capacity { table = table.filter { $0.value.trip != nil } }
            }
            var entry = Entry()
            let step = decide(&entry, key, limit, now)
            if !entry.isIdle(at: now) { table[key] = entry }
            return step
        }
    }

    private func decide(_ entry: inout Entry, _ key: Key, _ limit: RateLimit, _ now: Int64) -> Step {
        if entry.lease.take(at: now) { return .decided(.allowed) }
        if let wait = entry.lease.blocked(at: now) { return .decided(.limited(waitMicros: wait)) }
        if let trip = entry.trip { return .waitFor(trip.task) }
        do {
            try breaker?.check()
        } catch {
            return .limitInProcess
        }
        let id = nextTrip.wrappingAdd(1, ordering: .relaxed).oldValue
        let task = Task { await self.trip(key, limit, id) }
        entry.trip = Trip(id: id, task: task)
        return .waitFor(task)
    }

    /// Asks the shared GCRA for a batch and records the answer; the requests waiting for the
    /// trip then decide from the table. A task of its own, so that the request that started it
    /// leaving does not cancel it for the others.
    private func trip(_ key: Key, _ limit: RateLimit, _ id: UInt64) async -> TripOutcome {
        tripCount.wrappingAdd(1, ordering: .relaxed)
        let wanted = Self.batchSize(for: limit, maxBatch: maxBatch)
        let grant: LeaseGrant?
        do {
            grant = try await withDeadline(deadline, time: time) { [source] in
                try await source.lease(user: key.user, tier: key.tier, limit: limit, cells: wanted)
            }
            breaker?.succeeded()
        } catch {
            breaker?.failed(error)
            logger.debug("rate limit store unavailable; limiting in process", metadata: ["error": "\(error)"])
            grant = nil
        }
        let now = Self.micros(time.now - Self.origin)
        let outcome: TripOutcome
        switch grant {
        case .cells: outcome = .granted
        case .wait(let micros): outcome = .refused(until: now + micros)
        case nil: outcome = .failed
        }
        table.withLock { table in
            var entry = table[key] ?? Entry()
            switch grant {
            case .cells(let cells): entry.lease.add(min(cells, wanted), at: now, lifetime: leaseLifetime)
            case .wait(let micros): entry.lease.block(for: micros, at: now)
            case nil: break
            }
            if entry.trip?.id == id { entry.trip = nil }
            table[key] = entry.isIdle(at: now) ? nil : entry
        }
        return outcome
    }

    private func limitInProcess(_ key: Key) -> RateDecision {
        fallbackCount.wrappingAdd(1, ordering: .relaxed)
        return fallback.admit(user: key.user, tier: key.tier)
    }

    private static let origin = ContinuousClock.now

    /// Whole microseconds, rounded down (also below zero: a clock made before `origin` reads
    /// negative, and rounding toward zero there would shift some readings by a microsecond).
    private static func micros(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (micros, rest) = attoseconds.quotientAndRemainder(dividingBy: 1_000_000_000_000)
        return seconds * 1_000_000 + (rest < 0 ? micros - 1 : micros)
    }

    // MARK: - For tests

    /// Trips made to the shared GCRA.
    var trips: Int { tripCount.load(ordering: .relaxed) }

    /// Requests decided by the in-process fallback.
    var fallbacks: Int { fallbackCount.load(ordering: .relaxed) }

    /// Live cells this instance holds for a user and tier.
    func unspentCells(user: String, tier: Tier) -> Int {
        let now = Self.micros(time.now - Self.origin)
        return table.withLock { $0[Key(tier: tier, user: user)]?.lease.unspent(at: now) ?? 0 }
    }

    /// Entries held (memory stays bounded).
    var count: Int { table.withLock { $0.count } }
}
