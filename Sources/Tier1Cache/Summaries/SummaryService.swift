import Domain
import Foundation
import Logging
import Synchronization

/// Answers summaries through the cache.
///
/// - fresh entry: served as is;
/// - stale entry within `staleWhileRevalidate`: served at once while one background refresh runs;
/// - miss: the SQL runs once per key in this instance (single-flight) and, with a `FlightLock`,
///   once across instances sharing a cache;
/// - the database failing: an entry up to `staleIfError` old is served instead, else an error.
public final class SummaryService: Sendable {
    public let engine: SummaryEngine
    public let cache: any SummaryCacheStore
    public let ttls: SummaryTTLs
    /// Seconds past freshness an entry is still served while it is refreshed.
    public let staleWhileRevalidate: Int
    /// Seconds past freshness an entry is served when the database fails.
    public let staleIfError: Int
    private let lock: (any FlightLock)?
    private let flights = SingleFlight<CacheEntry>()
    private let now: @Sendable () -> Double
    private let logger: Logger
    private let executions = Mutex(0)
    /// When each user's data last changed, as invalidations said: a load that started before
    /// then may hold pre-change rows and is returned to its callers but not cached.
    private let invalidatedAt = Mutex<[String: Double]>([:])
    private let invalidatedEverythingAt = Mutex<Double>(0)

    public init(
        engine: SummaryEngine, cache: any SummaryCacheStore, ttls: SummaryTTLs = SummaryTTLs(),
        staleWhileRevalidate: Int = 300, staleIfError: Int = 3600, lock: (any FlightLock)? = nil,
        logger: Logger = Logger(label: "tier1"), now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        self.engine = engine
        self.cache = cache
        self.ttls = ttls
        self.staleWhileRevalidate = staleWhileRevalidate
        self.staleIfError = staleIfError
        self.lock = lock
        self.logger = logger
        self.now = now
    }

    /// How many times this service has run a summary's SQL (tests and metrics).
    public var sqlExecutions: Int { executions.withLock { $0 } }

    /// What the Router needs to respond: the cached bytes and how they were obtained.
    public struct Answer: Sendable {
        public let payload: [UInt8]
        public let cacheHit: Bool
        /// Served past its freshness (revalidating, or because the database failed).
        public let stale: Bool
        public let ageSeconds: Int
        public let ttlSeconds: Int
        /// Seconds of freshness left, for `Cache-Control: max-age`.
        public let remainingSeconds: Int
        public let cacheMilliseconds: Double
        /// Nil on a hit, or when this request joined another's SQL.
        public let sqlMilliseconds: Double?
    }

    public func answer(_ request: SummaryRequest, user: String) async throws(SummaryError) -> Answer {
        let key = request.key(user: user)
        let clock = ContinuousClock()
        let start = clock.now
        var cached: CacheEntry? = nil
        do {
            cached = try await cache.get(key)
        } catch {
            // A failing cache degrades to SQL: slower, still right.
            logger.debug("summary cache read failed", metadata: ["error": "\(error)"])
        }
        let cacheMs = Self.ms(clock.now - start)
        let t = now()
        if let cached {
            let age = t - cached.createdAt
            if age < Double(cached.ttl) {
                return Self.answer(cached, hit: true, stale: false, now: t, cacheMs: cacheMs, sqlMs: nil)
            }
            if age < Double(cached.ttl + staleWhileRevalidate) {
                revalidate(request, key: key)
                return Self.answer(cached, hit: true, stale: true, now: t, cacheMs: cacheMs, sqlMs: nil)
            }
        }
        let sqlStart = clock.now
        do {
            let (entry, ranSQL) = try await flights.run(key.flat) { [self] in try await self.load(request, key: key) }
            return Self.answer(
                entry, hit: false, stale: false, now: now(), cacheMs: cacheMs, sqlMs: ranSQL ? Self.ms(clock.now - sqlStart) : nil
            )
        } catch {
            if let cached, t - cached.createdAt < Double(cached.ttl + staleIfError) {
                logger.warning("database failed: serving a stale summary", metadata: ["error": "\(error)"])
                return Self.answer(cached, hit: true, stale: true, now: t, cacheMs: cacheMs, sqlMs: nil)
            }
            if let error = error as? SummaryError { throw error }
            throw .storeUnavailable(String(describing: error))
        }
    }

    private static func answer(_ e: CacheEntry, hit: Bool, stale: Bool, now: Double, cacheMs: Double, sqlMs: Double?) -> Answer {
        Answer(
            payload: e.payload, cacheHit: hit, stale: stale, ageSeconds: e.age(now: now), ttlSeconds: e.ttl,
            remainingSeconds: e.remaining(now: now), cacheMilliseconds: cacheMs, sqlMilliseconds: sqlMs
        )
    }

    /// One background refresh per key; the request that noticed staleness does not wait for it.
    private func revalidate(_ request: SummaryRequest, key: CacheKey) {
        Task { [self] in
            do {
                _ = try await flights.run(key.flat) { [self] in try await self.load(request, key: key) }
            } catch {
                logger.debug("background refresh failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Runs the SQL (once across instances when a lock is configured), encodes, stores.
    private func load(_ request: SummaryRequest, key: CacheKey) async throws -> CacheEntry {
        guard let lock else { return try await runAndStore(request, key: key) }
        if let lease = await lock.acquire(key, for: .seconds(5)) {
            defer { Task { await lock.release(lease) } }
            // Another instance may have finished between our miss and our lease.
            if let entry = try? await cache.get(key), entry.isFresh(now: now()) { return entry }
            return try await runAndStore(request, key: key)
        }
        // Another instance is loading this key: wait briefly for its entry.
        let clock = ContinuousClock()
        let giveUp = clock.now + .seconds(2)
        while clock.now < giveUp {
            try await Task.sleep(for: .milliseconds(10))
            if let entry = try? await cache.get(key), entry.isFresh(now: now()) { return entry }
        }
        return try await runAndStore(request, key: key)
    }

    private func runAndStore(_ request: SummaryRequest, key: CacheKey) async throws -> CacheEntry {
        executions.withLock { $0 += 1 }
        let started = now()
        let result: SummaryEngine.Result
        let sqlStart = ContinuousClock.now
        do {
            result = try await engine.run(request, user: key.user)
        } catch {
            throw SummaryError.storeUnavailable(String(describing: error))
        }
        CacheMetrics.sql(request.kind, ContinuousClock.now - sqlStart)
        let payload: [UInt8]
        do {
            payload = try AnswerPayload.encode(answer: result.answer, data: result.data)
        } catch {
            throw SummaryError.encodingFailed(String(describing: error))
        }
        let entry = CacheEntry(payload: payload, createdAt: now(), ttl: ttls[request.kind])
        let changed = max(invalidatedAt.withLock { $0[key.user] } ?? 0, invalidatedEverythingAt.withLock { $0 })
        guard changed < started else { return entry }
        do {
            try await cache.set(key, entry: entry)
        } catch {
            logger.debug("summary cache write failed", metadata: ["error": "\(error)"])
        }
        return entry
    }

    private func noteInvalidation(of user: String?) {
        let t = now()
        guard let user else {
            invalidatedEverythingAt.withLock { $0 = t }
            return
        }
        invalidatedAt.withLock { map in
            map[user] = t
            // Only loads in flight can be affected: forget changes older than a minute.
            if map.count > 10_000 { map = map.filter { t - $0.value < 60 } }
        }
    }

    /// Drops a user's cached answers (their data changed).
    public func invalidate(user: String) async {
        noteInvalidation(of: user)
        do {
            try await cache.invalidate(user: user)
        } catch {
            logger.warning("summary cache invalidation failed", metadata: ["error": "\(error)"])
        }
    }

    /// Drops every cached answer.
    public func invalidateAll() async {
        noteInvalidation(of: nil)
        do {
            try await cache.invalidateAll()
        } catch {
            logger.warning("summary cache invalidation failed", metadata: ["error": "\(error)"])
        }
    }

    static func ms(_ d: Duration) -> Double {
        let (s, a) = d.components
        return Double(s) * 1000 + Double(a) / 1e15
    }
}
