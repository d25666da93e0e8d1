import Domain
import Foundation
import QueryClassifier
import Tier1Cache
import Tier2Compute
import Tier3AI

/// The tier 1 and tier 2 routes as Claude's tools: fixed, ordered bundles per domain, and an
/// executor bound to one verified user and one `as_of` date. A tool runs exactly what the
/// dashboard endpoints run, through the same cache; the user never comes from the model.
struct ToolBox: Sendable {
    let services: RouterServices

    static let periodText =
        "A period: today, yesterday, this_week, last_week, this_month, last_month, a month name (october), a month of a year (2025-03), this_year, last_year, last_N_days, last_N_weeks, last_N_months, or all_time. Leave it out together with from/to for the summary's default."

    static var period: ToolSpec.Property { .init(name: "period", kind: .string, description: periodText, maxLength: 40) }
    static var from: ToolSpec.Property { .init(name: "from", kind: .string, description: "First day of a custom period, YYYY-MM-DD (use with to).", maxLength: 10) }
    static var to: ToolSpec.Property { .init(name: "to", kind: .string, description: "Last day of a custom period, YYYY-MM-DD (use with from).", maxLength: 10) }
    static var category: ToolSpec.Property {
        .init(name: "category", kind: .string, description: "One spending category; leave it out for all.", allowed: Category.allCases.map(\.rawValue))
    }
    static func place(_ name: String, _ what: String) -> ToolSpec.Property {
        .init(name: name, kind: .string, description: "\(what): a city or town, optionally with its US state or Canadian province (\"Moab, UT\").", maxLength: 100)
    }
    static let mpg = ToolSpec.Property(name: "mpg", kind: .number, description: "Vehicle efficiency in miles per US gallon (default: the configured 10 mpg).", minimum: 0.1, maximum: 500)
    static let lPer100 = ToolSpec.Property(name: "l_per_100km", kind: .number, description: "Efficiency in litres per 100 km, instead of mpg.", minimum: 0.1, maximum: 500)
    static let pricePerGallon = ToolSpec.Property(name: "price_per_gallon", kind: .number, description: "Fuel price in dollars per US gallon (default: the configured $3.50).", minimum: 0.01, maximum: 100)
    static let pricePerLiter = ToolSpec.Property(name: "price_per_liter", kind: .number, description: "Fuel price per litre, instead of per gallon.", minimum: 0.01, maximum: 100)
    static let distance = ToolSpec.Property(name: "distance", kind: .number, description: "A distance, in distance_unit.", minimum: 0, maximum: 100_000)
    static let distanceUnit = ToolSpec.Property(name: "distance_unit", kind: .string, description: "mi (default) or km.", allowed: ["mi", "km"])

    /// Every tool, in the order bundles list them.
    static let all: [ToolSpec] = [
        ToolSpec(
            name: "summary_spend", route: .summary(.spend),
            description: "The user's total spending in a period (default this month), overall with a breakdown by category, or for one category. Amounts are in cents.",
            properties: [period, from, to, category], required: []
        ),
        ToolSpec(
            name: "summary_budget_status", route: .summary(.budgetStatus),
            description: "The user's monthly budget for one month (default this month): limit, spent and remaining per category, categories over budget, days left and the daily allowance. Budgets are monthly, so the period must be a month. Amounts are in cents.",
            properties: [period, category], required: []
        ),
        ToolSpec(
            name: "summary_savings", route: .summary(.savings),
            description: "Money the user saved in a period (default all time), in cents, and the number of savings entries.",
            properties: [period, from, to], required: []
        ),
        ToolSpec(
            name: "summary_recent_expenses", route: .summary(.recentExpenses),
            description: "The user's newest expenses, newest first, optionally of one category: date, amount in cents, category, description.",
            properties: [
                .init(name: "limit", kind: .integer, description: "How many expenses, 1 to 50 (default 5).", minimum: 1, maximum: 50), category,
            ],
            required: []
        ),
        ToolSpec(
            name: "summary_fuel_stats", route: .summary(.fuelStats),
            description: "The user's fuel log for a period (default this month): fill-ups, gallons, cost in cents, average price per gallon in cents, miles driven and measured mpg.",
            properties: [period, from, to], required: []
        ),
        ToolSpec(
            name: "compute_distance", route: .compute(.distance),
            description: "Great-circle distance between two places from the gazetteer, with an estimated road distance (1.2 times) and driving hours at the default speed.",
            properties: [place("from", "Where the trip starts"), place("to", "Where it ends")], required: ["from", "to"]
        ),
        ToolSpec(
            name: "compute_trip_cost", route: .compute(.tripCost),
            description: "Fuel needed and its cost for driving between two places, on the estimated road distance.",
            properties: [place("from", "Where the trip starts"), place("to", "Where it ends"), mpg, lPer100, pricePerGallon, pricePerLiter],
            required: ["from", "to"]
        ),
        ToolSpec(
            name: "compute_fuel_cost", route: .compute(.fuelCost),
            description: "Fuel needed and its cost for a given distance.",
            properties: [distance, distanceUnit, mpg, lPer100, pricePerGallon, pricePerLiter], required: ["distance"]
        ),
        ToolSpec(
            name: "compute_drive_time", route: .compute(.driveTime),
            description: "Driving hours for a distance, or between two places, at a speed (default 55 mph).",
            properties: [
                distance, distanceUnit, place("from", "Start, instead of a distance"), place("to", "End, with from"),
                .init(name: "speed_mph", kind: .number, description: "Average speed in mph.", minimum: 1, maximum: 200),
            ],
            required: []
        ),
        ToolSpec(
            name: "compute_convert", route: .compute(.convert),
            description: "Converts a value between units: mi/km, mph/km/h, gal/L, mpg and L/100km, F/C, ft/in/m, lb/kg.",
            properties: [
                .init(name: "value", kind: .number, description: "The value to convert.", minimum: -1e9, maximum: 1e9),
                .init(name: "from_unit", kind: .string, description: "Unit of value, e.g. mi, km, gal, L, mpg, L/100km, F, C, ft, in, m, lb, kg.", maxLength: 20),
                .init(name: "to_unit", kind: .string, description: "Unit to convert to.", maxLength: 20),
            ],
            required: ["value", "from_unit", "to_unit"]
        ),
        ToolSpec(
            name: "compute_mpg", route: .compute(.mpg),
            description: "Miles per gallon from miles driven and gallons used.",
            properties: [
                .init(name: "miles", kind: .number, description: "Miles driven.", minimum: 0, maximum: 1_000_000),
                .init(name: "gallons", kind: .number, description: "Gallons used.", minimum: 0.001, maximum: 100_000),
            ],
            required: ["miles", "gallons"]
        ),
        ToolSpec(
            name: "compute_split", route: .compute(.split),
            description: "Splits an amount of money evenly between people.",
            properties: [
                .init(name: "amount", kind: .number, description: "The amount in dollars.", minimum: 0, maximum: 1e9),
                .init(name: "people", kind: .integer, description: "How many people.", minimum: 1, maximum: 1000),
            ],
            required: ["amount", "people"]
        ),
    ]

    /// The fixed bundles. Order matters: it is part of the cached prompt prefix.
    static let bundleNames: [ToolDomain: [String]] = [
        .spending: [
            "summary_spend", "summary_budget_status", "summary_savings", "summary_recent_expenses", "summary_fuel_stats",
            "compute_split", "compute_convert",
        ],
        .travel: [
            "compute_distance", "compute_trip_cost", "compute_fuel_cost", "compute_drive_time", "compute_convert", "compute_mpg",
            "summary_fuel_stats", "summary_spend", "summary_budget_status",
        ],
        .general: all.map(\.name),
    ]

    static var bundles: [ToolDomain: [ToolDefinition]] {
        bundleNames.mapValues { names in names.compactMap { name in all.first { $0.name == name }?.definition } }
    }

    /// An executor that answers tool calls for `user` as of `asOf`, and only with `domain`'s tools.
    func executor(user: String, asOf: Day, domain: ToolDomain) -> ToolExecutor {
        let offered = Set(Self.bundleNames[domain] ?? [])
        let services = self.services
        return { name, input in
            guard offered.contains(name), let spec = Self.all.first(where: { $0.name == name }) else {
                return ToolOutcome(content: "There is no tool named '\(name.prefix(60))' here.", isError: true)
            }
            let parameters: [String: String]
            switch spec.parameters(from: input) {
            case .success(let p): parameters = p
            case .failure(let error): return ToolOutcome(content: "Invalid input: \(error.message).", isError: true)
            }
            do throws(RouterError) {
                let payload = try await Self.run(spec, parameters: parameters, user: user, asOf: asOf, services: services)
                return ToolOutcome(content: String(decoding: payload, as: UTF8.self))
            } catch {
                return ToolOutcome(content: "\(error.title): \(error.detail)", isError: true)
            }
        }
    }

    /// Runs a route for the bound user: the same parsing and the same cache entries as the
    /// dashboard endpoints.
    static func run(_ spec: ToolSpec, parameters p: [String: String], user: String, asOf: Day, services: RouterServices)
        async throws(RouterError) -> [UInt8]
    {
        let classification: Classification
        switch spec.route {
        case .summary(let kind):
            let request = SummaryRequest(
                kind: kind, period: try SummaryQueryParameters.period(p), category: try SummaryQueryParameters.category(p["category"]),
                limit: try SummaryQueryParameters.limit(p["limit"]), asOf: asOf
            )
            guard let request else {
                throw .invalidField(
                    field: "period",
                    detail: kind == .budgetStatus ? "budgets are monthly: give a month (this_month, last_month, a month name)." : "the period lies after as_of."
                )
            }
            classification = Classification(target: .summary(request), confidence: 1, domain: .general, reasons: ["tool call"])
        case .compute(let route):
            do throws(ComputeError) {
                classification = Classification(
                    target: .compute(try ComputeRequest(route: route, parameters: p)), confidence: 1, domain: .general, reasons: ["tool call"]
                )
            } catch {
                throw .compute(error, route: route)
            }
        case .ai:
            throw .internalError("tool \(spec.name) names no tier 1 or 2 route")
        }
        var timing = ServerTiming()
        return try await Answering(services: services).answer(classification, user: user, timing: &timing).payload
    }
}
