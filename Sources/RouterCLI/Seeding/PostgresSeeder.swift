import Logging
import PostgresNIO
import Tier1Cache

/// `router seed`: loads rows into the catalogue's tables with batched, parameterised inserts.
public struct PostgresSeeder: Sendable {
    public let client: PostgresClient
    public let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// How each CSV column is bound: text, integer, or text cast in SQL (dates, numerics).
    enum Column {
        case text, integer, date, numeric
    }

    static let layouts: [String: [(String, Column)]] = [
        "users": [("id", .text), ("display_name", .text), ("home_city", .text), ("vehicle_mpg", .numeric)],
        "expenses": [
            ("id", .integer), ("user_id", .text), ("amount_cents", .integer), ("category", .text), ("description", .text),
            ("spent_on", .date),
        ],
        "budgets": [("user_id", .text), ("category", .text), ("monthly_limit_cents", .integer)],
        "fuel_logs": [
            ("id", .integer), ("user_id", .text), ("filled_on", .date), ("gallons", .numeric),
            ("price_per_gallon_cents", .integer), ("odometer_miles", .integer),
        ],
        "savings": [("id", .integer), ("user_id", .text), ("amount_cents", .integer), ("source", .text), ("saved_on", .date)],
        "trips": [
            ("id", .integer), ("user_id", .text), ("name", .text), ("origin", .text), ("destination", .text),
            ("start_on", .date), ("end_on", .date), ("status", .text),
        ],
    ]

    /// Empties the tables (TRUNCATE notifies every router instance to drop its cache).
    public func truncate() async throws {
        try await client.query(
            "TRUNCATE users, expenses, budgets, fuel_logs, savings, trips", logger: logger)
    }

    /// Inserts `rows` (CSV field order as in the demo files) into `table`, 1,000 rows a statement.
    public func insert(table: String, rows: [[String]]) async throws {
        guard let layout = Self.layouts[table] else { throw DemoDatasetError.missing(table) }
        let columns = layout.map(\.0).joined(separator: ", ")
        for start in stride(from: 0, to: rows.count, by: 1000) {
            let batch = rows[start..<min(start + 1000, rows.count)]
            var bindings = PostgresBindings(capacity: batch.count * layout.count)
            var values: [String] = []
            values.reserveCapacity(batch.count)
            var n = 0
            for row in batch {
                guard row.count == layout.count else { throw DemoDatasetError.malformed(table, row.joined(separator: ",")) }
                var placeholders: [String] = []
                for (value, (_, column)) in zip(row, layout) {
                    n += 1
                    switch column {
                    case .text:
                        bindings.append(value)
                        placeholders.append("$\(n)")
                    case .integer:
                        guard let v = Int64(value) else { throw DemoDatasetError.malformed(table, value) }
                        bindings.append(v)
                        placeholders.append("$\(n)")
                    case .date:
                        bindings.append(value)
                        placeholders.append("$\(n)::date")
                    case .numeric:
                        if value.isEmpty { bindings.appendNull() } else { bindings.append(value) }
                        placeholders.append("$\(n)::numeric")
                    }
                }
                values.append("(" + placeholders.joined(separator: ", ") + ")")
            }
            let sql = "INSERT INTO \(table) (\(columns)) VALUES " + values.joined(separator: ", ")
            try await client.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        }
    }

    /// The bundled demo data, replacing whatever is there.
    public func seedDemo(_ dataset: DemoDataset) async throws {
        try await truncate()
        for table in dataset.tables {
            try await insert(table: table.name, rows: table.rows)
        }
    }
}
