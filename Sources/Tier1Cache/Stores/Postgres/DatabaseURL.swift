import Foundation
import PostgresNIO

/// `DATABASE_URL` (`postgres://user:pass@host:port/db`) into a PostgresNIO client configuration.
public enum DatabaseURL {
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// - Parameters:
    ///   - readOnly: connections default to read-only transactions (the router's summary pool);
    ///     `migrate` and `seed` pass false.
    ///   - statementTimeout: every statement on these connections is cancelled after this long.
    public static func configuration(
        _ url: String, readOnly: Bool, statementTimeout: Duration = .seconds(2), maximumConnections: Int = 20
    ) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
            scheme == "postgres" || scheme == "postgresql", let host = components.host, !host.isEmpty
        else {
            throw Invalid(description: "DATABASE_URL must look like postgres://user:pass@host:port/db")
        }
        let sslmode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        guard sslmode == "disable" || sslmode == "prefer" else {
            throw Invalid(description: "DATABASE_URL: only sslmode=disable (loopback or private network) is supported")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: database.isEmpty ? nil : database, tls: .disable
        )
        configuration.options.connectTimeout = .seconds(2)
        configuration.options.maximumConnections = maximumConnections
        let (s, a) = statementTimeout.components
        let milliseconds = s * 1000 + a / 1_000_000_000_000_000
        configuration.options.additionalStartupParameters = [("statement_timeout", String(milliseconds))]
        if readOnly {
            configuration.options.additionalStartupParameters.append(("default_transaction_read_only", "on"))
        }
        return configuration
    }
}
