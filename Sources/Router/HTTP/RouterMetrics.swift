import Hummingbird
import Metrics
import Tier1Cache
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

    static func requestStarted() {
        Meter(label: "router_requests_in_flight").increment()
    }

    /// One finished request: its count, its duration, and, for an error, the reason.
    static func requestFinished(path: String, response: Response, problem: String?, duration: Duration) {
        Meter(label: "router_requests_in_flight").decrement()
        let tier = response.headers[.routerTier] ?? "none"
        let route = response.headers[.routerRoute].flatMap { knownRoutes.contains($0) ? $0 : nil } ?? endpoint(path)
        Counter(label: "router_requests_total", dimensions: [("tier", tier), ("route", route), ("status", String(response.status.code))])
            .increment()
        Timer(label: "router_request_duration_seconds", dimensions: [("tier", tier), ("route", route)])
            .recordNanoseconds(nanoseconds(duration))
        if let problem {
            Counter(label: "router_rejections_total", dimensions: [("reason", problem)]).increment()
        }
        // Questions answered without Claude: the point of the product.
        if path == "/v1/query", response.status == .ok, tier == "1" || tier == "2" {
            Counter(label: "router_ai_calls_avoided_total", dimensions: [("tier", tier)]).increment()
        }
    }

    static func classified(_ c: Classification, endpoint: String) {
        Counter(label: "router_classifications_total", dimensions: [("tier", String(c.tier)), ("route", c.route), ("endpoint", endpoint)])
            .increment()
    }

    /// Breaker states as gauges (0 closed, 1 half-open, 2 open), read when `/metrics` is scraped.
    static func recordBreakers(_ services: RouterServices) async {
        for dependency in services.dependencies {
            guard let breaker = dependency.breaker else { continue }
            let value: Double
            switch breaker.state {
            case .closed: value = 0
            case .halfOpen: value = 1
            case .open: value = 2
            }
            Gauge(label: "router_breaker_state", dimensions: [("dependency", dependency.name)]).record(value)
        }
        if let ai = services.ai {
            let value: Double
            switch await ai.assistant.breaker.state {
            case .closed: value = 0
            case .halfOpen: value = 1
            case .open: value = 2
            }
            Gauge(label: "router_breaker_state", dimensions: [("dependency", "ai")]).record(value)
        }
    }

    static let knownRoutes: Set<String> = Set(SummaryKind.allCases.map(\.rawValue) + ComputeRequest.routes + ["ai"])

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

    static func nanoseconds(_ d: Duration) -> Int64 {
        let (s, a) = d.components
        return s * 1_000_000_000 + a / 1_000_000_000
    }
}
