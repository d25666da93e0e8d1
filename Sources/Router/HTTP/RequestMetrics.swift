import Hummingbird
import Metrics
import Synchronization

/// The metrics of every request: in flight, count and duration by tier, route and status,
/// rejections by reason, AI calls avoided. Handles are made once per label set and kept (making
/// one asks the registry, under its lock, on every request otherwise). Labels come from small
/// fixed sets (tiers, route names, statuses, problem types), so the table stays small.
///
/// One per application, made when its middleware is: after `MetricsSystem.bootstrap`.
final class RequestMetrics: Sendable {
    struct Key: Hashable {
        let tier: String
        let route: String
        let status: Int
    }

    struct Handles {
        let requests: Counter
        let duration: Timer
        /// Tier 1 and 2 answers to `/v1/query`: questions answered without Claude.
        let avoided: Counter?
    }

    private let inFlight = Meter(label: "router_requests_in_flight")
    private let handles = Mutex<[Key: Handles]>([:])
    private let rejections = Mutex<[String: Counter]>([:])

    func started() {
        inFlight.increment()
    }

    /// One finished request: its count, its duration, and, for an error, the reason.
    func finished(path: String, response: Response, problem: String?, duration: Duration) {
        inFlight.decrement()
        let tier = response.headers[.routerTier] ?? "none"
        let route = RouterMetrics.routeLabel(response.headers[.routerRoute], path: path)
        let status = Int(response.status.code)
        let key = Key(tier: tier, route: route, status: status)
        let h = handles.withLock { table in
            if let h = table[key] { return h }
            let h = Handles(
                requests: Counter(label: "router_requests_total", dimensions: [("tier", tier), ("route", route), ("status", String(status))]),
                duration: Timer(label: "router_request_duration_seconds", dimensions: [("tier", tier), ("route", route)]),
                avoided: status == 200 && (tier == "1" || tier == "2") ? Counter(label: "router_ai_calls_avoided_total", dimensions: [("tier", tier)]) : nil
            )
            table[key] = h
            return h
        }
        h.requests.increment()
        h.duration.record(duration: duration)
        if let problem {
            rejections.withLock { table in
                if let c = table[problem] { return c }
                let c = Counter(label: "router_rejections_total", dimensions: [("reason", problem)])
                table[problem] = c
                return c
            }.increment()
        }
        if path == "/v1/query", let avoided = h.avoided { avoided.increment() }
    }
}
