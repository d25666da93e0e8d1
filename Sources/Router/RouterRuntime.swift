import Logging
import PostgresNIO
import ServiceLifecycle
import Tier1Cache
import Tier2Compute
import Resilience
import RedisDriver
import QueryClassifier

/// Composes the router from its configuration: the embedded store or PostgreSQL, the
/// in-process cache or two levels with Redis, and the background services they need
/// (the PostgreSQL pool, the invalidation listener).
public struct RouterRuntime: Sendable {
    public let services: RouterServices
    /// To run next to the HTTP server (in its service group).
    public let background: [any Service]

    public static func make(configuration c: RouterConfiguration, verifier: TokenVerifier, logger: Logger) async throws -> RouterRuntime {
        guard c.databaseURL != nil || c.redisURL != nil else {
            let ai = c.anthropic.map {
                AITier.make(
                    configuration: $0, keepAlive: .milliseconds(c.keepAliveMilliseconds), budget: InProcessSpendingBudget(limits: c.aiBudget),
                    logger: logger
                )
            }
            let services = try await RouterServices.embedded(
                verifier: verifier, ttls: c.ttls, defaults: c.computeDefaults, cacheCapacity: c.cacheCapacity, ai: ai,
                rateLimits: c.rateLimits, logger: logger
            )
            return RouterRuntime(services: services, background: ai.map { [$0.shutdownService] } ?? [])
        }
        var background: [any Service] = []
        var budget: any SpendingBudget = InProcessSpendingBudget(limits: c.aiBudget)
        var limiter: any RateLimiter = InProcessRateLimiter(limits: c.rateLimits)
        var dependencies: [Dependency] = []

        // Truth: PostgreSQL (read-only sessions, statement timeout, breaker) or the embedded demo store.
        let store: any SummaryStore
        var postgres: PostgresClient? = nil
        var routeLog: RouteLog? = nil
        if let url = c.databaseURL {
            let timeout = Duration.milliseconds(c.databaseTimeoutMilliseconds)
            let client = PostgresClient(
                configuration: try DatabaseURL.configuration(
                    url, readOnly: true, statementTimeout: timeout, maximumConnections: c.databasePoolSize
                ),
                backgroundLogger: logger
            )
            postgres = client
            background.append(client)
            let breaker = CircuitBreaker(name: "database")
            store = GuardedSummaryStore(
                base: PostgresSummaryStore(client: client, logger: logger), breaker: breaker, deadline: timeout + .milliseconds(500)
            )
            dependencies.append(
                Dependency(name: "database", kind: "postgresql", breaker: breaker, essential: true) {
                    (try? await withDeadline(.seconds(1)) { try await client.query("SELECT 1", logger: logger) }) != nil
                }
            )
            if c.routeLogCapacity > 0 {
                // Its own small pool: the summaries' sessions are read-only, and log writes never
                // take a connection an answer is waiting for.
                let writer = PostgresClient(
                    configuration: try DatabaseURL.configuration(url, readOnly: false, statementTimeout: .seconds(5), maximumConnections: 2),
                    backgroundLogger: logger
                )
                let log = RouteLog(client: writer, capacity: c.routeLogCapacity, logger: logger)
                routeLog = log
                // Shut down in reverse order: the log flushes before its pool closes.
                background.append(writer)
                background.append(log)
            }
        } else {
            store = try await SQLiteSummaryStore.load(try DemoDataset.bundled(), logger: logger)
            dependencies.append(Dependency(name: "database", kind: "sqlite (embedded demo data)", breaker: nil, essential: true) { true })
        }

        // Cache: two levels with Redis, or in-process only.
        let cache: any SummaryCacheStore
        var lock: (any FlightLock)? = nil
        var local: InProcessSummaryCache? = nil
        if let url = c.redisURL {
            let redis = RedisClient(configuration: try RedisConfiguration(url: url), logger: logger)
            let breaker = CircuitBreaker(name: "cache")
            let near = InProcessSummaryCache(capacity: min(c.cacheCapacity, 4096))
            local = near
            let retention = (c.ttls.seconds.values.max() ?? 900) + max(c.staleWhileRevalidate, c.staleIfError)
            cache = TwoLevelSummaryCache(
                local: near, shared: RedisSummaryCache(client: redis, retention: retention), breaker: breaker
            )
            lock = RedisFlightLock(client: redis, breaker: breaker)
            budget = RedisSpendingBudget(client: redis, limits: c.aiBudget)
            limiter = RedisRateLimiter(client: redis, limits: c.rateLimits, breaker: breaker, logger: logger)
            dependencies.append(
                Dependency(name: "cache", kind: "redis + in-process", breaker: breaker, essential: false) {
                    (try? await withDeadline(.milliseconds(500)) { try await redis.send("PING") }) != nil
                }
            )
        } else {
            let near = InProcessSummaryCache(capacity: c.cacheCapacity)
            local = near
            cache = near
            dependencies.append(Dependency(name: "cache", kind: "in-process", breaker: nil, essential: false) { true })
        }

        let summaries = SummaryService(
            engine: SummaryEngine(store: store), cache: cache, ttls: c.ttls, staleWhileRevalidate: c.staleWhileRevalidate,
            staleIfError: c.staleIfError, lock: lock, logger: logger
        )
        if let postgres {
            let near = local
            background.append(
                InvalidationListener(client: postgres, summaries: summaries, logger: logger) {
                    await near?.invalidateAll()
                }
            )
        }
        let ai = c.anthropic.map {
            AITier.make(configuration: $0, keepAlive: .milliseconds(c.keepAliveMilliseconds), budget: budget, logger: logger)
        }
        if let ai { background.append(ai.shutdownService) }
        let gazetteer = Gazetteer.bundled
        let services = RouterServices(
            classifier: Classifier(gazetteer: gazetteer), summaries: summaries,
            calculator: Calculator(gazetteer: gazetteer, defaults: c.computeDefaults), verifier: verifier,
            dependencies: dependencies, ai: ai, limiter: limiter, routeLog: routeLog
        )
        return RouterRuntime(services: services, background: background)
    }
}
