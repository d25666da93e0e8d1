import Domain
import Logging
import PostgresNIO

/// Summaries from PostgreSQL, through a connection pool whose sessions default to read-only
/// transactions with a statement timeout (see `DatabaseURL`). Each method is one parameterised
/// statement, so each runs as one read-only transaction on one snapshot.
public final class PostgresSummaryStore: SummaryStore {
    private let client: PostgresClient
    private let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    private static let beginning = "0001-01-01"

    private func from(_ range: DateRange) -> String { range.from?.description ?? Self.beginning }

    public func spendByCategory(user: String, range: DateRange, category: Category?) async throws -> [CategoryTotal] {
        let rows: PostgresRowSequence
        if let category {
            rows = try await client.query(
                """
                SELECT category, SUM(amount_cents)::bigint, COUNT(*)::bigint FROM expenses
                WHERE user_id = \(user) AND spent_on >= \(from(range))::date AND spent_on <= \(range.to.description)::date
                  AND category = \(category.rawValue)
                GROUP BY category ORDER BY category
                """, logger: logger)
        } else {
            rows = try await client.query(
                """
                SELECT category, SUM(amount_cents)::bigint, COUNT(*)::bigint FROM expenses
                WHERE user_id = \(user) AND spent_on >= \(from(range))::date AND spent_on <= \(range.to.description)::date
                GROUP BY category ORDER BY category
                """, logger: logger)
        }
        var out: [CategoryTotal] = []
        for try await (category, cents, count) in rows.decode((String, Int64, Int64).self) {
            out.append(CategoryTotal(category: category, cents: cents, count: count))
        }
        return out
    }

    public func budgetLines(user: String, range: DateRange, category: Category?) async throws -> [BudgetLine] {
        // An empty string matches no category, so one statement serves both cases.
        let only = category?.rawValue ?? ""
        let rows = try await client.query(
            """
            SELECT b.category, b.monthly_limit_cents, COALESCE(SUM(e.amount_cents), 0)::bigint
            FROM budgets b LEFT JOIN expenses e
              ON e.user_id = b.user_id AND e.category = b.category
             AND e.spent_on >= \(from(range))::date AND e.spent_on <= \(range.to.description)::date
            WHERE b.user_id = \(user) AND (\(only) = '' OR b.category = \(only))
            GROUP BY b.category, b.monthly_limit_cents ORDER BY b.category
            """, logger: logger)
        var out: [BudgetLine] = []
        for try await (category, limit, spent) in rows.decode((String, Int64, Int64).self) {
            out.append(BudgetLine(category: category, limitCents: limit, spentCents: spent))
        }
        return out
    }

    public func savings(user: String, range: DateRange) async throws -> Total {
        let rows = try await client.query(
            """
            SELECT COALESCE(SUM(amount_cents), 0)::bigint, COUNT(*)::bigint FROM savings
            WHERE user_id = \(user) AND saved_on >= \(from(range))::date AND saved_on <= \(range.to.description)::date
            """, logger: logger)
        for try await (cents, count) in rows.decode((Int64, Int64).self) {
            return Total(cents: cents, count: count)
        }
        return Total(cents: 0, count: 0)
    }

    public func recentExpenses(user: String, asOf: Day, limit: Int, category: Category?) async throws -> [Expense] {
        let only = category?.rawValue ?? ""
        let rows = try await client.query(
            """
            SELECT id, spent_on::text, amount_cents, category, description FROM expenses
            WHERE user_id = \(user) AND spent_on <= \(asOf.description)::date AND (\(only) = '' OR category = \(only))
            ORDER BY spent_on DESC, id DESC LIMIT \(limit)
            """, logger: logger)
        var out: [Expense] = []
        for try await (id, spentOn, cents, category, description) in rows.decode((Int64, String, Int64, String, String).self) {
            out.append(Expense(id: id, spentOn: spentOn, amountCents: cents, category: category, description: description))
        }
        return out
    }

    public func fuel(user: String, range: DateRange) async throws -> FuelAggregate {
        // LAG runs over every fill-up up to `to`, so the first fill-up of the period still finds
        // its predecessor before the period. numeric keeps every sum and rounding exact.
        let rows = try await client.query(
            """
            WITH f AS (
              SELECT filled_on, gallons, price_per_gallon_cents,
                     odometer_miles - LAG(odometer_miles) OVER (ORDER BY filled_on, id) AS delta
              FROM fuel_logs WHERE user_id = \(user) AND filled_on <= \(range.to.description)::date
            )
            SELECT COUNT(*)::bigint,
                   COALESCE(SUM(gallons) * 1000, 0)::bigint,
                   COALESCE(SUM(round(gallons * price_per_gallon_cents)), 0)::bigint,
                   COALESCE(SUM(delta), 0)::bigint,
                   COALESCE(SUM(gallons) FILTER (WHERE delta IS NOT NULL) * 1000, 0)::bigint
            FROM f WHERE filled_on >= \(from(range))::date
            """, logger: logger)
        for try await (n, mg, cost, miles, mpgMg) in rows.decode((Int64, Int64, Int64, Int64, Int64).self) {
            return FuelAggregate(fillups: n, milliGallons: mg, costCents: cost, miles: miles, mpgMilliGallons: mpgMg)
        }
        return FuelAggregate(fillups: 0, milliGallons: 0, costCents: 0, miles: 0, mpgMilliGallons: 0)
    }
}
