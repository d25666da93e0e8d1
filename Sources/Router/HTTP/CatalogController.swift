import Domain
import Hummingbird
import NIOCore
import QueryClassifier
import Resilience
import Tier1Cache
import Tier2Compute
import Tier3AI

/// `GET /v1/catalog`, `/healthz`, `/readyz`.
struct CatalogController: Sendable {
    let services: RouterServices

    struct RouteInfo: Encodable {
        let route: Route
        let params: [String]
        let ttlSeconds: Int?
        let description: String

        enum CodingKeys: String, CodingKey { case name, tier, params, ttlSeconds = "ttl_s", description }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(route.name, forKey: .name)
            try c.encode(route.tier.rawValue, forKey: .tier)
            try c.encode(params, forKey: .params)
            try c.encodeIfPresent(ttlSeconds, forKey: .ttlSeconds)
            try c.encode(description, forKey: .description)
        }
    }

    struct ToolInfo: Encodable {
        let name: String
        let route: String
        let description: String

        init(_ spec: ToolSpec) {
            name = spec.name
            route = spec.route.name
            description = spec.description
        }
    }

    struct Catalog: Encodable {
        let routes: [RouteInfo]
        /// What tier 3 may call: every summary and computation but smalltalk, always for the asking user.
        let tools: [ToolInfo]
        let categories: [String]
        let periods: [String]
        let aiConfigured: Bool
        let model: String?

        enum CodingKeys: String, CodingKey { case routes, tools, categories, periods, aiConfigured = "ai_configured", model }
    }

    func catalog() -> Catalog {
        let ttl = services.summaries.ttls
        let summaries: [RouteInfo] = [
            RouteInfo(route: .summary(.spend), params: ["period", "category?"], ttlSeconds: ttl[.spend], description: "Total spending in a period, by category."),
            RouteInfo(route: .summary(.budgetStatus), params: ["period (a month)", "category?"], ttlSeconds: ttl[.budgetStatus], description: "Budget limits, spending and what is left for a month."),
            RouteInfo(route: .summary(.savings), params: ["period (default all time)"], ttlSeconds: ttl[.savings], description: "Money saved in a period."),
            RouteInfo(route: .summary(.recentExpenses), params: ["limit (1-50, default 5)", "category?"], ttlSeconds: ttl[.recentExpenses], description: "The newest expenses."),
            RouteInfo(route: .summary(.fuelStats), params: ["period"], ttlSeconds: ttl[.fuelStats], description: "Fill-ups, gallons, cost, average price and mpg."),
        ]
        let compute: [RouteInfo] = [
            RouteInfo(route: .compute(.fuelCost), params: ["distance", "distance_unit?", "mpg|l_per_100km?", "price_per_gallon|price_per_liter?"], ttlSeconds: nil, description: "Fuel needed and its cost for a distance."),
            RouteInfo(route: .compute(.distance), params: ["from", "to"], ttlSeconds: nil, description: "Great-circle and estimated road distance between two places."),
            RouteInfo(route: .compute(.tripCost), params: ["from", "to", "mpg|l_per_100km?", "price_per_gallon|price_per_liter?"], ttlSeconds: nil, description: "Fuel cost of driving between two places."),
            RouteInfo(route: .compute(.driveTime), params: ["distance + distance_unit?, or from + to", "speed_mph?"], ttlSeconds: nil, description: "Driving hours."),
            RouteInfo(route: .compute(.convert), params: ["value", "from_unit", "to_unit"], ttlSeconds: nil, description: "Unit conversion: mi/km, mph/km/h, gal/L, mpg/L per 100 km, °F/°C, ft/in/m, lb/kg."),
            RouteInfo(route: .compute(.mpg), params: ["miles", "gallons"], ttlSeconds: nil, description: "Miles per gallon."),
            RouteInfo(route: .compute(.split), params: ["amount", "people"], ttlSeconds: nil, description: "An amount split evenly."),
            RouteInfo(route: .compute(.smalltalk), params: ["kind", "language?"], ttlSeconds: nil, description: "Greetings, thanks, help."),
        ]
        let ai = RouteInfo(route: .ai, params: ["query"], ttlSeconds: nil, description: "Questions that need judgement, answered by Claude with the tier 1 and 2 routes as tools.")
        return Catalog(
            routes: summaries + compute + [ai], tools: ToolBox.all.map(ToolInfo.init),
            categories: Category.allCases.map(\.rawValue),
            periods: ["today", "yesterday", "this_week", "last_week", "this_month", "last_month", "<month name>", "YYYY-MM",
                      "this_year", "last_year", "last_N_days", "last_N_weeks", "last_N_months", "all_time", "from/to"],
            aiConfigured: services.ai != nil, model: services.ai?.assistant.configuration.model
        )
    }

    struct DependencyReport: Encodable {
        let kind: String
        let state: String
        let breaker: String?
        let lastError: String?

        enum CodingKeys: String, CodingKey { case kind, state, breaker, lastError = "last_error" }
    }

    struct Readiness: Encodable {
        let status: String
        let dependencies: [String: DependencyReport]
    }

    /// Probes every dependency concurrently. Not ready (503) when an essential one (the database)
    /// is down; "degraded" when only the cache is: answers stay correct, just slower.
    func readiness() async throws -> Response {
        var reports: [String: DependencyReport] = [:]
        var down: [Dependency] = []
        await withTaskGroup(of: (Dependency, Bool).self) { group in
            for dependency in services.dependencies {
                group.addTask { (dependency, await dependency.probe()) }
            }
            for await (dependency, up) in group {
                if !up { down.append(dependency) }
                reports[dependency.name] = DependencyReport(
                    kind: dependency.kind, state: up ? "up" : "down", breaker: dependency.breaker?.state.rawValue,
                    lastError: up ? nil : dependency.breaker?.lastError
                )
            }
        }
        if let ai = services.ai {
            // Not probed (a call costs money): the breaker's state is the evidence. Tier 3 being
            // down never makes the router unready; tiers 1 and 2 still answer.
            let state = await ai.assistant.breaker.state
            reports["ai"] = DependencyReport(
                kind: "anthropic (\(ai.assistant.configuration.model))", state: state == .closed ? "up" : "down", breaker: state.rawValue,
                lastError: nil
            )
        } else {
            reports["ai"] = DependencyReport(kind: "anthropic", state: "not_configured", breaker: nil, lastError: nil)
        }
        let essentialDown = down.contains { $0.essential }
        let body = Readiness(status: essentialDown ? "unready" : (down.isEmpty ? "ready" : "degraded"), dependencies: reports)
        return Response(
            status: essentialDown ? .serviceUnavailable : .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: AnswerBody.json(body)))
        )
    }

    static func alive() -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
    }

    func addRoutes(to router: Router<AppContext>, v1: RouterGroup<AppContext>) {
        v1.get("catalog") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: AnswerBody.json(self.catalog()))))
        }
        router.get("healthz") { _, _ in Self.alive() }
        router.get("readyz") { _, _ in try await self.readiness() }
        // Load balancers probe with HEAD: the same status and headers, no body.
        router.head("healthz") { _, _ in Self.alive().withoutBody() }
        router.head("readyz") { _, _ in try await self.readiness().withoutBody() }
        router.get("openapi.json") { _, _ in try APIDescription.response() }
    }
}

extension Response {
    /// The answer to a HEAD request: this response's status and headers, without its body.
    func withoutBody() -> Response {
        var headers = self.headers
        headers[.contentLength] = nil
        return Response(status: status, headers: headers, body: .init())
    }
}
