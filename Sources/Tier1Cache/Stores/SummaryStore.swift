import Domain

/// Read-only access to the source tables, one method per aggregate the summaries need.
///
/// Stores return raw aggregates; `SummaryEngine` turns them into the catalogue's `data`, so the
/// embedded SQLite store and PostgreSQL give byte-identical answers. Every query is parameterised.
public protocol SummaryStore: Sendable {
    /// Spending per category in [from, to] (from nil = since the beginning), optionally one category.
    func spendByCategory(user: String, range: DateRange, category: Category?) async throws -> [CategoryTotal]
    /// Each budgeted category (sorted by name, optionally only one) with its monthly limit and
    /// what was spent on it in `range`, read in one statement so both come from one snapshot.
    func budgetLines(user: String, range: DateRange, category: Category?) async throws -> [BudgetLine]
    func savings(user: String, range: DateRange) async throws -> Total
    /// Newest first (spent_on desc, id desc), none after `asOf`.
    func recentExpenses(user: String, asOf: Day, limit: Int, category: Category?) async throws -> [Expense]
    func fuel(user: String, range: DateRange) async throws -> FuelAggregate
}

public struct CategoryTotal: Sendable, Equatable {
    public let category: String
    public let cents: Int64
    public let count: Int64
}

public struct BudgetLine: Sendable, Equatable {
    public let category: String
    public let limitCents: Int64
    public let spentCents: Int64
}

public struct Total: Sendable, Equatable {
    public let cents: Int64
    public let count: Int64
}

public struct Expense: Sendable, Equatable, Encodable {
    public let id: Int64
    public let spentOn: String
    public let amountCents: Int64
    public let category: String
    public let description: String

    enum CodingKeys: String, CodingKey {
        case id, spentOn = "spent_on", amountCents = "amount_cents", category, description
    }
}

/// Fill-ups in a period. Gallons are kept in thousandths so that every sum is exact.
public struct FuelAggregate: Sendable, Equatable {
    public let fillups: Int64
    public let milliGallons: Int64
    /// Σ round(gallons × price_per_gallon_cents), rounded half up per fill-up.
    public let costCents: Int64
    /// Σ (odometer − previous odometer) over fill-ups that have an earlier one.
    public let miles: Int64
    /// Σ gallons (thousandths) of those same fill-ups.
    public let mpgMilliGallons: Int64
}
