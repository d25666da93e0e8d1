/// The tier 1 summaries, named as in the catalogue.
public enum SummaryKind: String, Sendable, CaseIterable, Hashable {
    case spend = "summary.spend"
    case budgetStatus = "summary.budget_status"
    case savings = "summary.savings"
    case recentExpenses = "summary.recent_expenses"
    case fuelStats = "summary.fuel_stats"

    /// The name without the `summary.` prefix, as in `/v1/summaries/{name}`.
    public var shortName: String { String(rawValue.dropFirst("summary.".count)) }

    public init?(shortName: String) {
        self.init(rawValue: "summary." + shortName)
    }

    /// The period used when a question names none.
    public var defaultPeriod: Period {
        switch self {
        case .savings: return .allTime
        default: return .thisMonth
        }
    }

    public var takesPeriod: Bool { self != .recentExpenses }
    public var takesCategory: Bool { self != .savings && self != .fuelStats }
}
