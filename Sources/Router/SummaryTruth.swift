import Logging
import PostgresNIO
import Resilience
import ServiceLifecycle
import Tier1Cache

/// Where tier 1's answers come from: PostgreSQL (read-only sessions, statement timeout, breaker,
/// and the route log on a pool of its own) or the embedded demo data.
struct SummaryTruth {
    let store: any SummaryStore
    let dependency: Dependency
    /// The summaries' pool, for the invalidation listener; nil for the embedded store.
    let postgres: PostgresClient?
    let routeLog: RouteLog?
    let background: [any Service]

    static func make(configuration c: RouterConfiguration, logger: Logger) async throws -> SummaryTruth {
        guard let url = c.databaseURL else {
            return SummaryTruth(
                store: try await SQLiteSummaryStore.load(try DemoDataset.bundled(), logger: logger),
                dependency: Dependency(name: "database", kind: "sqlite (embedded demo data)", breaker: nil, essential: true) { true },
                postgres: nil, routeLog: nil, background: []
            )
        }
        let timeout = Duration.milliseconds(c.databaseTimeoutMilliseconds)
        let client = PostgresClient(
            configuration: try DatabaseURL.configuration(url, readOnly: true, statementTimeout: timeout, maximumConnections: c.databasePoolSize),
            backgroundLogger: logger
        )
        var background: [any Service] = [client]
        let breaker = CircuitBreaker(name: "database")
        let store = GuardedSummaryStore(
            base: PostgresSummaryStore(client: client, logger: logger), breaker: breaker, deadline: timeout + .milliseconds(500)
        )
        let dependency = Dependency(name: "database", kind: "postgresql", breaker: breaker, essential: true) {
            (try? await withDeadline(.seconds(1)) { try await client.query("SELECT 1", logger: logger) }) != nil
        }
        var routeLog: RouteLog? = nil
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
        return SummaryTruth(store: store, dependency: dependency, postgres: client, routeLog: routeLog, background: background)
    }
}
