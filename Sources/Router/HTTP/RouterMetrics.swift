import Domain
import Hummingbird
import Metrics
import QueryClassifier
import Resilience
import Tier2Compute
import Tier3AI

/// The router's own metrics (tier 1 adds cache, Redis and SQL ones; tier 3 adds tokens and cost).
/// Label values come from small fixed sets (tiers, route names, problem types), never from request
/// data, so the number of series stays bounded whatever clients send.
enum RouterMetrics {
    /// Histogram buckets for request, SQL and Redis durations: tier 1 and 2 answers take tens of
    /// microseconds to a few milliseconds, tier 3 seconds.
    static let durationBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30), .seconds(90),
    ]

    static func classified(_ c: Classification, endpoint: String) {
        Counter(label: "router_classifications_total", dimensions: [("tier", c.tier.description), ("route", c.route.name), ("endpoint", endpoint)])
            .increment()
    }

    /// Breaker states as gauges (0 closed, 1 half-open, 2 open), read when `/metrics` is scraped.
    /// Both breaker types name their states alike (`closed`, `half_open`, `open`).
    static func recordBreakers(_ services: RouterServices) async {
        var states: [(String, String)] = services.dependencies.compactMap { d in d.breaker.map { (d.name, $0.state.rawValue) } }
        if let ai = services.ai { states.append(("ai", await ai.assistant.breaker.state.rawValue)) }
        for (dependency, state) in states {
            Gauge(label: "router_breaker_state", dimensions: [("dependency", dependency)])
                .record(state == "closed" ? 0 : state == "open" ? 2 : 1)
        }
    }

    static let knownRoutes: Set<String> = Set(SummaryKind.allCases.map(\.rawValue) + ComputeRoute.allCases.map(\.rawValue) + ["ai"])

    /// The route label of a request: its route when it is one of ours, else the endpoint it reached.
    static func routeLabel(_ route: String?, path: String) -> String {
        route.flatMap { knownRoutes.contains($0) ? $0 : nil } ?? endpoint(path)
    }

    /// A bounded label for requests that carry no route: the endpoint they reached.
    static func endpoint(_ path: String) -> String {
        switch path {
        case "/v1/query": return "query"
        case "/v1/classify": return "classify"
        case "/v1/catalog": return "catalog"
        case "/healthz": return "healthz"
        case "/readyz": return "readyz"
        case "/metrics": return "metrics"
        case "/openapi.json": return "openapi"
        default:
            if path.hasPrefix("/v1/summaries/") { return "summaries" }
            if path.hasPrefix("/v1/compute/") { return "compute" }
            return "other"
        }
    }
}
