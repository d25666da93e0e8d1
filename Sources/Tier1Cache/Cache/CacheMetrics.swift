import Domain
import Metrics

/// What tier 1 reports to swift-metrics (exported by the router at `/metrics`): lookups per cache
/// level and their outcome, Redis and SQL latency. Metric objects are made per use so they bind to
/// whatever factory the process bootstrapped, also when that happened after this module loaded.
enum CacheMetrics {
    enum Outcome: String {
        case hit, stale, miss, error
    }

    /// One lookup in a level: `memory` (in-process) or `redis`.
    static func lookup(level: String, _ outcome: Outcome) {
        Counter(label: "router_cache_lookups_total", dimensions: [("level", level), ("result", outcome.rawValue)]).increment()
    }

    static func lookup(level: String, entry: CacheEntry?, now: Double) {
        guard let entry else { return lookup(level: level, .miss) }
        lookup(level: level, entry.isFresh(now: now) ? .hit : .stale)
    }

    static func redis(_ operation: String, _ duration: Duration) {
        Timer(label: "router_redis_duration_seconds", dimensions: [("op", operation)]).record(duration: duration)
    }

    static func sql(_ kind: SummaryKind, _ duration: Duration) {
        Timer(label: "router_sql_duration_seconds", dimensions: [("summary", kind.shortName)]).record(duration: duration)
    }
}
