import Logging
import RedisDriver
import Resilience
import Tier1Cache

/// What is shared between requests, and between instances when Redis is configured: the summary
/// cache (two levels, or in-process only), the single-flight lock, the AI budget and the rate
/// limiter. With Redis they all sit behind one breaker, so a Redis outage is noticed once.
struct CacheLayer {
    let cache: any SummaryCacheStore
    /// The in-process level (the whole cache without Redis), cleared when invalidations were lost.
    let local: InProcessSummaryCache
    let lock: (any FlightLock)?
    let budget: any SpendingBudget
    let limiter: any RateLimiter
    let dependency: Dependency

    static func make(configuration c: RouterConfiguration, logger: Logger) throws -> CacheLayer {
        guard let url = c.redisURL else {
            let local = InProcessSummaryCache(capacity: c.cacheCapacity)
            return CacheLayer(
                cache: local, local: local, lock: nil, budget: InProcessSpendingBudget(limits: c.aiBudget),
                limiter: InProcessRateLimiter(limits: c.rateLimits),
                dependency: Dependency(name: "cache", kind: "in-process", breaker: nil, essential: false) { true }
            )
        }
        let redis = RedisClient(configuration: try RedisConfiguration(url: url), logger: logger)
        let breaker = CircuitBreaker(name: "cache")
        let local = InProcessSummaryCache(capacity: min(c.cacheCapacity, 4096))
        let retention = (c.ttls.seconds.values.max() ?? 900) + max(c.staleWhileRevalidate, c.staleIfError)
        return CacheLayer(
            cache: TwoLevelSummaryCache(local: local, shared: RedisSummaryCache(client: redis, retention: retention), breaker: breaker),
            local: local, lock: RedisFlightLock(client: redis, breaker: breaker), budget: RedisSpendingBudget(client: redis, limits: c.aiBudget),
            limiter: LeasedRateLimiter(source: RedisRateLeases(client: redis), limits: c.rateLimits, breaker: breaker, logger: logger),
            dependency: Dependency(name: "cache", kind: "redis + in-process", breaker: breaker, essential: false) {
                (try? await withDeadline(.milliseconds(500)) { try await redis.send("PING") }) != nil
            }
        )
    }
}
