import Domain
import Logging
import NIOCore
import SQLiteNIO

/// The zero-setup store: an in-memory SQLite database built from the bundled demo CSVs.
///
/// Gallons are stored in thousandths (integers) so that fuel sums and their rounding are exact,
/// matching PostgreSQL's `numeric`.
public final class SQLiteSummaryStore: SummaryStore {
    private let connection: SQLiteConnection

    private init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// A store dropped without `close()` (a router stopping, a test's own router) still closes
    /// its database: SQLiteNIO requires it, and the pending close keeps the connection alive
    /// until it is done. Closing twice is harmless (`sqlite3_close(NULL)` does nothing).
    deinit {
        let closing: EventLoopFuture<Void> = connection.close()
        closing.whenFailure { _ in }
    }

    /// Opens an in-memory database and loads `dataset` into it.
    public static func load(_ dataset: DemoDataset, logger: Logger) async throws -> SQLiteSummaryStore {
        let connection = try await SQLiteConnection.open(storage: .memory, logger: logger)
        let store = SQLiteSummaryStore(connection: connection)
        do {
            try await store.createSchema()
            try await store.insert(dataset)
        } catch {
            try? await connection.close()
            throw error
        }
        return store
    }

    public func close() async throws {
        try await connection.close()
    }

    private func createSchema() async throws {
        let statements = [
            "CREATE TABLE users (id TEXT PRIMARY KEY, display_name TEXT NOT NULL, home_city TEXT NOT NULL, vehicle_mpg REAL)",
            """
            CREATE TABLE expenses (id INTEGER PRIMARY KEY, user_id TEXT NOT NULL, amount_cents INTEGER NOT NULL,
              category TEXT NOT NULL, description TEXT NOT NULL, spent_on TEXT NOT NULL)
            """,
            "CREATE INDEX expenses_user_day ON expenses (user_id, spent_on)",
            """
            CREATE TABLE budgets (user_id TEXT NOT NULL, category TEXT NOT NULL, monthly_limit_cents INTEGER NOT NULL,
              PRIMARY KEY (user_id, category))
            """,
            """
            CREATE TABLE fuel_logs (id INTEGER PRIMARY KEY, user_id TEXT NOT NULL, filled_on TEXT NOT NULL,
              milli_gallons INTEGER NOT NULL, price_per_gallon_cents INTEGER NOT NULL, odometer_miles INTEGER NOT NULL)
            """,
            "CREATE INDEX fuel_logs_user_day ON fuel_logs (user_id, filled_on)",
            """
            CREATE TABLE savings (id INTEGER PRIMARY KEY, user_id TEXT NOT NULL, amount_cents INTEGER NOT NULL,
              source TEXT NOT NULL, saved_on TEXT NOT NULL)
            """,
            "CREATE INDEX savings_user_day ON savings (user_id, saved_on)",
            """
            CREATE TABLE trips (id INTEGER PRIMARY KEY, user_id TEXT NOT NULL, name TEXT NOT NULL, origin TEXT NOT NULL,
              destination TEXT NOT NULL, start_on TEXT NOT NULL, end_on TEXT NOT NULL, status TEXT NOT NULL)
            """,
        ]
        for sql in statements { _ = try await connection.query(sql) }
    }

    /// Column types per table: how each CSV field becomes an SQLite value.
    private enum Field { case text, integer, real, thousandths }

    private static let layouts: [String: (columns: String, fields: [Field])] = [
        "users": ("id, display_name, home_city, vehicle_mpg", [.text, .text, .text, .real]),
        "expenses": ("id, user_id, amount_cents, category, description, spent_on", [.integer, .text, .integer, .text, .text, .text]),
        "budgets": ("user_id, category, monthly_limit_cents", [.text, .text, .integer]),
        "fuel_logs": (
            "id, user_id, filled_on, milli_gallons, price_per_gallon_cents, odometer_miles",
            [.integer, .text, .text, .thousandths, .integer, .integer]
        ),
        "savings": ("id, user_id, amount_cents, source, saved_on", [.integer, .text, .integer, .text, .text]),
        "trips": (
            "id, user_id, name, origin, destination, start_on, end_on, status",
            [.integer, .text, .text, .text, .text, .text, .text, .text]
        ),
    ]

    private func insert(_ dataset: DemoDataset) async throws {
        _ = try await connection.query("BEGIN")
        for table in dataset.tables {
            guard let layout = Self.layouts[table.name] else { continue }
            let width = layout.fields.count
            let placeholders = "(" + Array(repeating: "?", count: width).joined(separator: ",") + ")"
            for batch in stride(from: 0, to: table.rows.count, by: 500) {
                let rows = table.rows[batch..<min(batch + 500, table.rows.count)]
                var binds: [SQLiteData] = []
                binds.reserveCapacity(rows.count * width)
                for row in rows {
                    for (value, field) in zip(row, layout.fields) {
                        binds.append(try Self.value(value, as: field, table: table.name))
                    }
                }
                let sql = "INSERT INTO \(table.name) (\(layout.columns)) VALUES "
                    + Array(repeating: placeholders, count: rows.count).joined(separator: ",")
                _ = try await connection.query(sql, binds)
            }
        }
        _ = try await connection.query("COMMIT")
    }

    private static func value(_ text: String, as field: Field, table: String) throws -> SQLiteData {
        switch field {
        case .text: return .text(text)
        case .integer:
            guard let v = Int64(text) else { throw DemoDatasetError.malformed(table, text) }
            return .integer(Int(v))
        case .real:
            if text.isEmpty { return .null }
            guard let v = Double(text) else { throw DemoDatasetError.malformed(table, text) }
            return .float(v)
        case .thousandths:
            guard let v = thousandths(text) else { throw DemoDatasetError.malformed(table, text) }
            return .integer(Int(v))
        }
    }

    // MARK: SummaryStore

    private static let beginning = "0000-01-01"

    /// The user and the range, as ?1, ?2 and ?3.
    private static func binds(user: String, range: DateRange) -> [SQLiteData] {
        [.text(user), .text(range.from?.description ?? beginning), .text(range.to.description)]
    }

    /// Narrows the query to one category, as ?4, when one is given.
    private static func filter(_ sql: inout String, _ binds: inout [SQLiteData], column: String, to category: Category?) {
        guard let category else { return }
        sql += " AND \(column) = ?4"
        binds.append(.text(category.rawValue))
    }

    public func spendByCategory(user: String, range: DateRange, category: Category?) async throws -> [CategoryTotal] {
        var sql = """
            SELECT category, SUM(amount_cents) AS cents, COUNT(*) AS n FROM expenses
            WHERE user_id = ?1 AND spent_on >= ?2 AND spent_on <= ?3
            """
        var binds = Self.binds(user: user, range: range)
        Self.filter(&sql, &binds, column: "category", to: category)
        sql += " GROUP BY category ORDER BY category"
        return try await connection.query(sql, binds).map { row in
            CategoryTotal(
                category: row.column("category")?.string ?? "",
                cents: Int64(row.column("cents")?.integer ?? 0), count: Int64(row.column("n")?.integer ?? 0)
            )
        }
    }

    public func budgetLines(user: String, range: DateRange, category: Category?) async throws -> [BudgetLine] {
        var sql = """
            SELECT b.category AS category, b.monthly_limit_cents AS limit_cents, COALESCE(SUM(e.amount_cents), 0) AS spent
            FROM budgets b LEFT JOIN expenses e
              ON e.user_id = b.user_id AND e.category = b.category AND e.spent_on >= ?2 AND e.spent_on <= ?3
            WHERE b.user_id = ?1
            """
        var binds = Self.binds(user: user, range: range)
        Self.filter(&sql, &binds, column: "b.category", to: category)
        sql += " GROUP BY b.category, b.monthly_limit_cents ORDER BY b.category"
        return try await connection.query(sql, binds).map { row in
            BudgetLine(
                category: row.column("category")?.string ?? "", limitCents: Int64(row.column("limit_cents")?.integer ?? 0),
                spentCents: Int64(row.column("spent")?.integer ?? 0)
            )
        }
    }

    public func savings(user: String, range: DateRange) async throws -> Total {
        let rows = try await connection.query(
            """
            SELECT COALESCE(SUM(amount_cents), 0) AS cents, COUNT(*) AS n FROM savings
            WHERE user_id = ?1 AND saved_on >= ?2 AND saved_on <= ?3
            """,
            [.text(user), .text(range.from?.description ?? Self.beginning), .text(range.to.description)]
        )
        let row = rows.first
        return Total(cents: Int64(row?.column("cents")?.integer ?? 0), count: Int64(row?.column("n")?.integer ?? 0))
    }

    public func recentExpenses(user: String, asOf: Day, limit: Int, category: Category?) async throws -> [Expense] {
        var sql = """
            SELECT id, spent_on, amount_cents, category, description FROM expenses
            WHERE user_id = ?1 AND spent_on <= ?2
            """
        var binds: [SQLiteData] = [.text(user), .text(asOf.description), .integer(limit)]
        if let category {
            sql += " AND category = ?4"
            binds.append(.text(category.rawValue))
        }
        sql += " ORDER BY spent_on DESC, id DESC LIMIT ?3"
        return try await connection.query(sql, binds).map { row in
            Expense(
                id: Int64(row.column("id")?.integer ?? 0), spentOn: row.column("spent_on")?.string ?? "",
                amountCents: Int64(row.column("amount_cents")?.integer ?? 0),
                category: row.column("category")?.string ?? "", description: row.column("description")?.string ?? ""
            )
        }
    }

    public func fuel(user: String, range: DateRange) async throws -> FuelAggregate {
        // LAG runs over every fill-up up to `to`, so the first fill-up of the period still finds
        // its predecessor before the period.
        let rows = try await connection.query(
            """
            WITH f AS (
              SELECT filled_on, milli_gallons, price_per_gallon_cents,
                     odometer_miles - LAG(odometer_miles) OVER (ORDER BY filled_on, id) AS delta
              FROM fuel_logs WHERE user_id = ?1 AND filled_on <= ?3
            )
            SELECT COUNT(*) AS n, COALESCE(SUM(milli_gallons), 0) AS mg,
                   COALESCE(SUM((milli_gallons * price_per_gallon_cents + 500) / 1000), 0) AS cost,
                   COALESCE(SUM(delta), 0) AS miles,
                   COALESCE(SUM(CASE WHEN delta IS NOT NULL THEN milli_gallons END), 0) AS mpg_mg
            FROM f WHERE filled_on >= ?2
            """,
            [.text(user), .text(range.from?.description ?? Self.beginning), .text(range.to.description)]
        )
        let row = rows.first
        func int(_ name: String) -> Int64 { Int64(row?.column(name)?.integer ?? 0) }
        return FuelAggregate(
            fillups: int("n"), milliGallons: int("mg"), costCents: int("cost"), miles: int("miles"),
            mpgMilliGallons: int("mpg_mg")
        )
    }
}
