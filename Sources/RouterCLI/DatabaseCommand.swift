import ArgumentParser
import Foundation
import Logging
import PostgresNIO
import Resilience
import Router
import Tier1Cache

/// Options shared by the commands that write to PostgreSQL.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "postgres://user:pass@host:port/db (default: DATABASE_URL).")
    var databaseURL: String?

    /// Runs `body` with a read-write client whose pool runs for the duration of the call.
    func withClient(_ body: @Sendable (PostgresClient, Logger) async throws -> Void) async throws {
        guard let url = databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            throw ValidationError("set DATABASE_URL or pass --database-url")
        }
        let logger = Logger(label: "router")
        let client = PostgresClient(
            configuration: try DatabaseURL.configuration(url, readOnly: false, statementTimeout: .seconds(600)),
            backgroundLogger: logger
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            // An unreachable server makes PostgresNIO wait for a connection rather than fail.
            _ = try await withDeadline(.seconds(10)) { try await client.query("SELECT 1", logger: logger) }
            try await body(client, logger)
        }
    }
}

/// `router migrate`: tables, indexes and invalidation triggers.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update the PostgreSQL schema and its triggers.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await database.withClient { client, logger in
            try await PostgresSchema.migrate(client: client, also: RouteLog.schema, logger: logger)
            print("migrated: schema version \(PostgresSchema.version)")
        }
    }
}

/// `router seed --demo` or `router seed --synthetic --users N`.
struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the data with the demo dataset, or with a large deterministic synthetic one."
    )
    @OptionGroup var database: DatabaseOptions
    @Flag(help: "The bundled demo data (50 users).") var demo = false
    @Flag(help: "Generated data with the demo's shape.") var synthetic = false
    @Option(help: "Users to generate with --synthetic.") var users = 1000
    @Option(help: "Seed of the generator.") var seed: UInt64 = 42

    func validate() throws {
        guard demo != synthetic else { throw ValidationError("choose one of --demo or --synthetic") }
        guard (1...1_000_000).contains(users) else { throw ValidationError("--users must be 1...1000000") }
    }

    func run() async throws {
        let (demo, users, seed) = (self.demo, self.users, self.seed)
        try await database.withClient { client, logger in
            let seeder = PostgresSeeder(client: client, logger: logger)
            if demo {
                try await seeder.seedDemo(try DemoDataset.bundled())
                print("seeded the demo dataset")
                return
            }
            try await seeder.truncate()
            let generator = SyntheticDataset(seed: seed)
            var rows = 0
            for first in stride(from: 1, through: users, by: 25) {
                let chunk = generator.tables(users: first...min(first + 24, users))
                for table in chunk.tables {
                    try await seeder.insert(table: table.name, rows: table.rows)
                    rows += table.rows.count
                }
            }
            print("seeded \(users) synthetic users (\(rows) rows, seed \(seed))")
        }
    }
}
