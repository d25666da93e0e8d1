/// The `data` objects of the tier 1 routes, field for field as CATALOG.md names them.

/// `summary.spend`.
public struct SpendData: Sendable, Equatable, Encodable {
    public let from: String?
    public let to: String
    public let category: String?
    public let totalCents: Int64
    public let count: Int64
    /// Only without a category.
    public let byCategory: [String: Int64]?

    enum CodingKeys: String, CodingKey {
        case from, to, category, totalCents = "total_cents", count, byCategory = "by_category"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(category, forKey: .category)
        try c.encode(totalCents, forKey: .totalCents)
        try c.encode(count, forKey: .count)
        try c.encodeIfPresent(byCategory, forKey: .byCategory)
    }
}

/// `summary.budget_status`.
public struct BudgetStatusData: Sendable, Equatable, Encodable {
    public struct Line: Sendable, Equatable, Encodable {
        public let category: String
        public let limitCents: Int64
        public let spentCents: Int64
        public let remainingCents: Int64

        enum CodingKeys: String, CodingKey {
            case category, limitCents = "limit_cents", spentCents = "spent_cents", remainingCents = "remaining_cents"
        }
    }

    public let month: String
    public let from: String
    public let to: String
    public let categories: [Line]
    public let totalLimitCents: Int64
    public let totalSpentCents: Int64
    public let totalRemainingCents: Int64
    public let overBudget: [String]
    public let daysLeft: Int
    public let dailyAllowanceCents: Int64

    enum CodingKeys: String, CodingKey {
        case month, from, to, categories
        case totalLimitCents = "total_limit_cents", totalSpentCents = "total_spent_cents"
        case totalRemainingCents = "total_remaining_cents", overBudget = "over_budget"
        case daysLeft = "days_left", dailyAllowanceCents = "daily_allowance_cents"
    }
}

/// `summary.savings`.
public struct SavingsData: Sendable, Equatable, Encodable {
    public let from: String?
    public let to: String
    public let totalCents: Int64
    public let count: Int64

    enum CodingKeys: String, CodingKey {
        case from, to, totalCents = "total_cents", count
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(totalCents, forKey: .totalCents)
        try c.encode(count, forKey: .count)
    }
}

/// `summary.recent_expenses`.
public struct RecentExpensesData: Sendable, Equatable, Encodable {
    public let expenses: [Expense]
}

/// `summary.fuel_stats`.
public struct FuelStatsData: Sendable, Equatable, Encodable {
    public let from: String?
    public let to: String
    public let fillups: Int64
    /// Three decimals.
    public let gallons: Double
    public let costCents: Int64
    /// Null when there were no fill-ups.
    public let avgPricePerGallonCents: Int64?
    public let miles: Int64
    /// Two decimals; null when no fill-up in the period has an earlier one.
    public let mpg: Double?

    enum CodingKeys: String, CodingKey {
        case from, to, fillups, gallons, costCents = "cost_cents"
        case avgPricePerGallonCents = "avg_price_per_gallon_cents", miles, mpg
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(fillups, forKey: .fillups)
        try c.encode(gallons, forKey: .gallons)
        try c.encode(costCents, forKey: .costCents)
        try c.encode(avgPricePerGallonCents, forKey: .avgPricePerGallonCents)
        try c.encode(miles, forKey: .miles)
        try c.encode(mpg, forKey: .mpg)
    }
}
