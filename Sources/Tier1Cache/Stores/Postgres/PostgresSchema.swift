import Logging
import PostgresNIO

/// `router migrate`: the catalogue's tables (CATALOG.md "Data") and the triggers that tell every
/// router instance whose data changed. Idempotent: safe to run on every deploy.
public enum PostgresSchema {
    /// The channel the triggers notify; the payload is the user id, or empty after a TRUNCATE:
    /// "everyone" must be a payload no user id can be (token subjects are never empty; `*` is a
    /// subject like any other, and once meant everyone, which let one user drop every cache).
    public static let invalidationChannel = "router_invalidate"
    public static let version = 3

    static let statements: [String] = [
        "CREATE TABLE IF NOT EXISTS router_schema (version int NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
        """
        CREATE TABLE IF NOT EXISTS users (id text PRIMARY KEY, display_name text NOT NULL, home_city text NOT NULL,
          vehicle_mpg numeric)
        """,
        """
        CREATE TABLE IF NOT EXISTS expenses (id bigint PRIMARY KEY, user_id text NOT NULL, amount_cents bigint NOT NULL,
          category text NOT NULL, description text NOT NULL, spent_on date NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS expenses_user_day ON expenses (user_id, spent_on)",
        """
        CREATE TABLE IF NOT EXISTS budgets (user_id text NOT NULL, category text NOT NULL,
          monthly_limit_cents bigint NOT NULL, PRIMARY KEY (user_id, category))
        """,
        """
        CREATE TABLE IF NOT EXISTS fuel_logs (id bigint PRIMARY KEY, user_id text NOT NULL, filled_on date NOT NULL,
          gallons numeric(8,3) NOT NULL, price_per_gallon_cents int NOT NULL, odometer_miles int NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS fuel_logs_user_day ON fuel_logs (user_id, filled_on)",
        """
        CREATE TABLE IF NOT EXISTS savings (id bigint PRIMARY KEY, user_id text NOT NULL, amount_cents bigint NOT NULL,
          source text NOT NULL, saved_on date NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS savings_user_day ON savings (user_id, saved_on)",
        """
        CREATE TABLE IF NOT EXISTS trips (id bigint PRIMARY KEY, user_id text NOT NULL, name text NOT NULL,
          origin text NOT NULL, destination text NOT NULL, start_on date NOT NULL, end_on date NOT NULL,
          status text NOT NULL CHECK (status IN ('planned', 'active', 'completed')))
        """,
        // One row trigger per change: the old and the new owner are told (an UPDATE may move a row).
        // pg_notify folds identical payloads within a transaction, so a bulk write notifies once per user.
        """
        CREATE OR REPLACE FUNCTION router_notify_user_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP <> 'INSERT' THEN
            PERFORM pg_notify('router_invalidate', OLD.user_id);
          END IF;
          IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.user_id IS DISTINCT FROM OLD.user_id) THEN
            PERFORM pg_notify('router_invalidate', NEW.user_id);
          END IF;
          RETURN NULL;
        END $$
        """,
        // TRUNCATE fires no row trigger: tell every instance to drop everything (the empty payload).
        """
        CREATE OR REPLACE FUNCTION router_notify_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify('router_invalidate', '');
          RETURN NULL;
        END $$
        """,
    ] + ["expenses", "budgets", "fuel_logs", "savings"].flatMap { table in
        [
            "DROP TRIGGER IF EXISTS \(table)_router_notify ON \(table)",
            """
            CREATE TRIGGER \(table)_router_notify AFTER INSERT OR UPDATE OR DELETE ON \(table)
            FOR EACH ROW EXECUTE FUNCTION router_notify_user_change()
            """,
            "DROP TRIGGER IF EXISTS \(table)_router_truncate ON \(table)",
            """
            CREATE TRIGGER \(table)_router_truncate AFTER TRUNCATE ON \(table)
            FOR EACH STATEMENT EXECUTE FUNCTION router_notify_truncate()
            """,
        ]
    }

    /// Creates or updates the schema in one transaction, with the `also` statements of other
    /// parts of the application (the router's route log), idempotent like these.
    public static func migrate(client: PostgresClient, also: [String] = [], logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            // Serialise concurrent migrations (two instances starting at once).
            try await connection.query("SELECT pg_advisory_xact_lock(7274601)", logger: logger)
            for statement in statements + also {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await connection.query("DELETE FROM router_schema", logger: logger)
            try await connection.query("INSERT INTO router_schema (version) VALUES (\(version))", logger: logger)
        }
    }
}
