import Foundation
import Logging

/// Answers summaries through the cache: hit → cached bytes; miss → SQL once per key
/// (single-flight), encoded once, stored with the summary's TTL.
public final class SummaryService: Sendable {
    public let engine: SummaryEngine
    public let cache: any SummaryCacheStore
    public let ttls: SummaryTTLs
    private let flights = SingleFlight<CacheEntry>()
    private let now: @Sendable () -> Double
    private let logger: Logger

    public init(
        engine: SummaryEngine, cache: any SummaryCacheStore, ttls: SummaryTTLs = SummaryTTLs(),
        logger: Logger = Logger(label: "tier1"), now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        self.engine = engine
        self.cache = cache
        self.ttls = ttls
        self.logger = logger
        self.now = now
    }

    /// What the Router needs to respond: the cached bytes and how they were obtained.
    public struct Answer: Sendable {
        public let payload: [UInt8]
        public let cacheHit: Bool
        public let ageSeconds: Int
        public let ttlSeconds: Int
        /// Seconds of freshness left, for `Cache-Control: max-age`.
        public let remainingSeconds: Int
        public let cacheMilliseconds: Double
        /// Nil on a hit, or when this request joined another's SQL.
        public let sqlMilliseconds: Double?
    }

    public func answer(_ request: SummaryRequest, user: String) async throws(SummaryError) -> Answer {
        let key = request.cacheKey(user: user)
        let clock = ContinuousClock()
        let start = clock.now
        var cached: CacheEntry? = nil
        do {
            cached = try await cache.get(key)
        } catch {
            // A failing cache degrades to SQL: slower, still right.
            logger.warning("summary cache read failed", metadata: ["error": "\(error)"])
        }
        let t = now()
        if let cached, cached.isFresh(now: t) {
            return Answer(
                payload: cached.payload, cacheHit: true, ageSeconds: cached.age(now: t), ttlSeconds: cached.ttl,
                remainingSeconds: cached.remaining(now: t), cacheMilliseconds: Self.ms(clock.now - start),
                sqlMilliseconds: nil
            )
        }
        let cacheMs = Self.ms(clock.now - start)
        let sqlStart = clock.now
        let entry: CacheEntry
        let ranSQL: Bool
        do {
            (entry, ranSQL) = try await flights.run(key) { [self] in
                try await self.load(request, user: user, key: key)
            }
        } catch let error as SummaryError {
            throw error
        } catch {
            throw .storeUnavailable(String(describing: error))
        }
        return Answer(
            payload: entry.payload, cacheHit: false, ageSeconds: 0, ttlSeconds: entry.ttl,
            remainingSeconds: entry.remaining(now: now()), cacheMilliseconds: cacheMs,
            sqlMilliseconds: ranSQL ? Self.ms(clock.now - sqlStart) : nil
        )
    }

    /// Runs the SQL, encodes, stores. Only one runs per key at a time.
    private func load(_ request: SummaryRequest, user: String, key: String) async throws -> CacheEntry {
        let result: SummaryEngine.Result
        do {
            result = try await engine.run(request, user: user)
        } catch {
            throw SummaryError.storeUnavailable(String(describing: error))
        }
        let payload: [UInt8]
        do {
            payload = try AnswerPayload.encode(answer: result.answer, data: result.data)
        } catch {
            throw SummaryError.encodingFailed(String(describing: error))
        }
        let entry = CacheEntry(payload: payload, createdAt: now(), ttl: ttls[request.kind])
        do {
            try await cache.set(key, user: user, entry: entry)
        } catch {
            logger.warning("summary cache write failed", metadata: ["error": "\(error)"])
        }
        return entry
    }

    /// Drops a user's cached answers (their data changed).
    public func invalidate(user: String) async {
        do {
            try await cache.invalidate(user: user)
        } catch {
            logger.warning("summary cache invalidation failed", metadata: ["error": "\(error)"])
        }
    }

    static func ms(_ d: Duration) -> Double {
        let (s, a) = d.components
        return Double(s) * 1000 + Double(a) / 1e15
    }
}
