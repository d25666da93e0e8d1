import Domain
import Foundation
import Logging
import Tier1Cache
import Tier2Compute
import Tier3AI

/// Settings of one router process, from the environment (API.md "Configuration") or flags.
package struct RouterConfiguration: Sendable {
    package var host = "127.0.0.1"
    package var port = 8080
    /// HS256 secret; nil means demo mode (a secret made per run, a token printed).
    package var jwtSecret: String?
    /// RS256/ES256 instead of HS256: a PEM public key file, or a JWKS file (keys chosen by `kid`).
    package var jwtPublicKeyFile: String?
    package var jwksFile: String?
    /// Required `iss` and `aud`, and the tolerated clock skew.
    package var tokenPolicy = TokenPolicy()
    /// Request body limit in bytes (413 above it).
    package var bodyLimit = 16 * 1024
    /// Request header limit in bytes, names and values together (431 above it). Past about 80 KiB
    /// the HTTP parser itself refuses the request with a bare 400 and closes the connection.
    package var headerLimit = 16 * 1024
    package var ttls = SummaryTTLs()
    package var computeDefaults = ComputeDefaults()
    /// In-process cache entries (the whole cache without Redis; the near level with it).
    package var cacheCapacity = 10_000
    /// `postgres://user:pass@host:port/db`; nil: the embedded SQLite demo store.
    package var databaseURL: String?
    /// `redis://[user:pass@]host:port[/db]`; nil: the in-process cache only.
    package var redisURL: String?
    /// Seconds past freshness a summary is served while one background refresh runs.
    package var staleWhileRevalidate = 300
    /// Seconds past freshness a summary is served when the database fails.
    package var staleIfError = 3600
    /// Statement timeout and per-call deadline for summary SQL, milliseconds.
    package var databaseTimeoutMilliseconds = 2000
    package var databasePoolSize = 20
    package var logFormat: LogFormat = .plain
    /// trace, debug, info (one access line per request), notice, warning, error, critical.
    package var logLevel: Logger.Level = .info

    /// Tier 3; nil (off) without `ANTHROPIC_API_KEY`.
    package var anthropic: AnthropicConfiguration?
    /// Daily AI spending limits, in dollars.
    package var aiBudget = BudgetLimits()
    /// Record every answered request in PostgreSQL's `route_log` (only with `DATABASE_URL`), through a
    /// buffer of this many records (drops beyond it are counted); 0 turns the route log off.
    package var routeLogCapacity = 20_000
    /// Requests in hand at once before new ones get 503 `overloaded` (0: no bound). Far above what
    /// the tier 1 knee needs (tens), low enough that the requests' memory stays small.
    package var maxInFlight = 1_024
    /// One user's requests in hand at once before new ones get 429 `too-many-in-flight` (0: no
    /// bound): a page of dashboard widgets fits; one client's slow bodies cannot fill `maxInFlight`.
    package var maxInFlightPerUser = 32
    /// Seconds a connection may stay without a complete request part: an idle keep-alive
    /// connection, or a request whose header is still arriving, is closed after it. Longer than
    /// nginx's upstream keep-alive (60 s), so a proxy closes its idle connections first.
    package var idleTimeoutSeconds = 75
    /// Seconds from a request's header to the end of its body; a body still arriving then closes
    /// the connection.
    package var bodyTimeoutSeconds = 10
    /// After SIGTERM or SIGINT: how long in-flight requests and streams may take to finish (the
    /// listener is closed at once), then they are cancelled.
    package var shutdownGraceSeconds = 25
    /// Per-user request rates per tier (`/v1/classify` counts as tier 1).
    package var rateLimits = RateLimits()
    /// SSE comment interval while a tier 3 stream is silent.
    package var keepAliveMilliseconds = 2000

    package enum LogFormat: String, Sendable { case plain, json }
    /// What happens to a tier 3 question the prompt-injection pre-check suspects.
    package var promptGuard: PromptScreeningMode = .refuse

    package init() {}

    /// Reads `ROUTER_*` variables; unset ones keep their defaults, malformed ones are errors.
    package static func fromEnvironment(_ env: [String: String]) throws -> RouterConfiguration {
        var c = RouterConfiguration()
        if let host = env["ROUTER_HOST"], !host.isEmpty { c.host = host }
        if let port = env["ROUTER_PORT"], !port.isEmpty {
            guard let p = Int(port), (0...65535).contains(p) else { throw ConfigurationError.invalid("ROUTER_PORT must be 0-65535") }
            c.port = p
        }
        if let secret = env["ROUTER_JWT_SECRET"], !secret.isEmpty {
            guard secret.utf8.count >= 32 else { throw ConfigurationError.weakSecret }
            c.jwtSecret = secret
        }
        if let v = env["ROUTER_JWT_PUBLIC_KEY_FILE"], !v.isEmpty { c.jwtPublicKeyFile = v }
        if let v = env["ROUTER_JWT_JWKS_FILE"], !v.isEmpty { c.jwksFile = v }
        if c.jwtPublicKeyFile != nil && c.jwksFile != nil {
            throw ConfigurationError.invalid("set ROUTER_JWT_PUBLIC_KEY_FILE or ROUTER_JWT_JWKS_FILE, not both")
        }
        if let v = env["ROUTER_JWT_ISSUER"], !v.isEmpty { c.tokenPolicy.issuer = v }
        if let v = env["ROUTER_JWT_AUDIENCE"], !v.isEmpty { c.tokenPolicy.audience = v }
        if let v = env["ROUTER_JWT_LEEWAY_S"], !v.isEmpty {
            guard let n = Int(v), (0...300).contains(n) else { throw ConfigurationError.invalid("ROUTER_JWT_LEEWAY_S must be 0-300 seconds") }
            c.tokenPolicy.leeway = TimeInterval(n)
        }
        if let limit = env["ROUTER_BODY_LIMIT"], !limit.isEmpty {
            guard let n = Int(limit), n >= 1024, n <= 1 << 20 else { throw ConfigurationError.invalid("ROUTER_BODY_LIMIT must be 1024-1048576") }
            c.bodyLimit = n
        }
        if let limit = env["ROUTER_HEADER_LIMIT"], !limit.isEmpty {
            guard let n = Int(limit), n >= 1024, n <= 65_536 else { throw ConfigurationError.invalid("ROUTER_HEADER_LIMIT must be 1024-65536") }
            c.headerLimit = n
        }
        for kind in SummaryKind.allCases {
            let key = "ROUTER_TTL_" + kind.shortName.uppercased()
            if let v = env[key], !v.isEmpty {
                guard let n = Int(v), n >= 1, n <= 86_400 else { throw ConfigurationError.invalid("\(key) must be 1-86400 seconds") }
                c.ttls.seconds[kind] = n
            }
        }
        func positive(_ key: String) throws -> Double? {
            guard let v = env[key], !v.isEmpty else { return nil }
            guard let d = Double(v), d > 0, d.isFinite else { throw ConfigurationError.invalid("\(key) must be a positive number") }
            return d
        }
        if let v = try positive("ROUTER_DEFAULT_SPEED_MPH") { c.computeDefaults.speedMph = v }
        if let v = try positive("ROUTER_DEFAULT_MPG") { c.computeDefaults.mpg = v }
        if let v = try positive("ROUTER_DEFAULT_FUEL_PRICE") { c.computeDefaults.pricePerGallon = v }
        if let v = env["ROUTER_LOG_FORMAT"], !v.isEmpty {
            guard let f = LogFormat(rawValue: v) else { throw ConfigurationError.invalid("ROUTER_LOG_FORMAT must be plain or json") }
            c.logFormat = f
        }
        if let v = env["ROUTER_PROMPT_GUARD"], !v.isEmpty {
            guard let m = PromptScreeningMode(rawValue: v) else { throw ConfigurationError.invalid("ROUTER_PROMPT_GUARD must be refuse, flag or off") }
            c.promptGuard = m
        }
        if let v = env["DATABASE_URL"], !v.isEmpty { c.databaseURL = v }
        if let v = env["REDIS_URL"], !v.isEmpty { c.redisURL = v }
        func integer(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let v = env[key], !v.isEmpty else { return nil }
            guard let n = Int(v), range.contains(n) else {
                throw ConfigurationError.invalid("\(key) must be a whole number in \(range.lowerBound)...\(range.upperBound)")
            }
            return n
        }
        if let n = try integer("ROUTER_STALE_WHILE_REVALIDATE", 0...86_400) { c.staleWhileRevalidate = n }
        if let n = try integer("ROUTER_STALE_IF_ERROR", 0...604_800) { c.staleIfError = n }
        if let n = try integer("ROUTER_CACHE_CAPACITY", 1...10_000_000) { c.cacheCapacity = n }
        if let n = try integer("ROUTER_DB_TIMEOUT_MS", 50...60_000) { c.databaseTimeoutMilliseconds = n }
        if let n = try integer("ROUTER_DB_POOL_SIZE", 1...500) { c.databasePoolSize = n }
        if let n = try integer("ROUTER_SSE_KEEPALIVE_MS", 50...60_000) { c.keepAliveMilliseconds = n }
        if let n = try integer("ROUTER_ROUTE_LOG_QUEUE", 0...10_000_000) { c.routeLogCapacity = n }
        if let n = try integer("ROUTER_MAX_IN_FLIGHT", 0...1_000_000) { c.maxInFlight = n }
        if let n = try integer("ROUTER_MAX_IN_FLIGHT_PER_USER", 0...1_000_000) { c.maxInFlightPerUser = n }
        if let n = try integer("ROUTER_IDLE_TIMEOUT_S", 1...3600) { c.idleTimeoutSeconds = n }
        if let n = try integer("ROUTER_BODY_TIMEOUT_S", 1...3600) { c.bodyTimeoutSeconds = n }
        if let n = try integer("ROUTER_SHUTDOWN_GRACE_S", 0...3600) { c.shutdownGraceSeconds = n }
        c.anthropic = try anthropic(env, integer: integer)
        if let v = try positive("ROUTER_AI_BUDGET_USER_USD") { c.aiBudget.perUser = v }
        if let v = try positive("ROUTER_AI_BUDGET_GLOBAL_USD") { c.aiBudget.global = v }
        for tier in Tier.allCases {
            let rate = "ROUTER_RATE_T\(tier)_PER_S", burst = "ROUTER_RATE_T\(tier)_BURST"
            if let v = env[rate], !v.isEmpty {
                guard let d = Double(v), d >= 0, d <= 1_000_000 else {
                    throw ConfigurationError.invalid("\(rate) must be a number of requests per second (0 turns the limit off)")
                }
                c.rateLimits[tier].perSecond = d
            }
            if let n = try integer(burst, 1...1_000_000) { c.rateLimits[tier].burst = n }
        }
        if let v = env["ROUTER_LOG_LEVEL"], !v.isEmpty {
            guard let level = Logger.Level(rawValue: v) else {
                throw ConfigurationError.invalid("ROUTER_LOG_LEVEL must be trace, debug, info, notice, warning, error or critical")
            }
            c.logLevel = level
        }
        return c
    }

    /// Whether an http(s) URL's host is this machine: localhost, 127.0.0.0/8 or [::1].
    static func isLoopback(url: String) -> Bool {
        guard let schemeEnd = url.range(of: "://") else { return false }
        var rest = url[schemeEnd.upperBound...]
        if let at = rest.firstIndex(of: "@") { rest = rest[rest.index(after: at)...] }  // user:pass@
        let host: Substring
        if rest.hasPrefix("[") {
            host = rest.dropFirst().prefix { $0 != "]" }
        } else {
            host = rest.prefix { $0 != ":" && $0 != "/" && $0 != "?" }
        }
        let lower = host.lowercased()
        if lower == "localhost" || lower == "::1" { return true }
        let octets = lower.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// How `router serve` authenticates: a configured key, or a demo secret made for the run.
    /// Demo mode is for the zero-setup router (the embedded store) or an explicit `--demo`: a
    /// deployment that names a database and forgot its key must not come up with a printed
    /// secret and token.
    package enum Authentication: Sendable, Equatable {
        case configured
        case demo
    }

    package func authentication(demo: Bool) throws(ConfigurationError) -> Authentication {
        if jwtSecret != nil || jwtPublicKeyFile != nil || jwksFile != nil { return .configured }
        if databaseURL == nil || demo { return .demo }
        throw .invalid(
            "DATABASE_URL is set but no token key is configured: set ROUTER_JWT_SECRET (HS256, at least 32 bytes), ROUTER_JWT_PUBLIC_KEY_FILE or ROUTER_JWT_JWKS_FILE, or pass --demo for a throwaway secret"
        )
    }

    /// `ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL`, `ROUTER_MODEL` and the `ROUTER_AI_*` limits.
    static func anthropic(
        _ env: [String: String], integer: (String, ClosedRange<Int>) throws -> Int?
    ) throws -> AnthropicConfiguration? {
        guard let key = env["ANTHROPIC_API_KEY"], !key.isEmpty else { return nil }
        var a = AnthropicConfiguration(apiKey: key)
        if let url = env["ANTHROPIC_BASE_URL"], !url.isEmpty {
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw ConfigurationError.invalid("ANTHROPIC_BASE_URL must start with http:// or https://")
            }
            // The API key travels in a header: in clear text only to this machine (a local fake or
            // proxy), unless an operator says otherwise.
            if url.hasPrefix("http://"), !Self.isLoopback(url: url), env["ROUTER_AI_ALLOW_HTTP"] != "1" {
                throw ConfigurationError.invalid(
                    "ANTHROPIC_BASE_URL uses plain http:// to a host that is not loopback; use https://, or set ROUTER_AI_ALLOW_HTTP=1 to send the API key unencrypted"
                )
            }
            a.baseURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        if let model = env["ROUTER_MODEL"], !model.isEmpty { a.model = model }
        if let v = env["ANTHROPIC_VERSION"], !v.isEmpty { a.version = v }
        if let n = try integer("ROUTER_AI_MAX_TOKENS", 1...128_000) { a.maxTokens = n }
        if let n = try integer("ROUTER_AI_TIMEOUT_MS", 1000...600_000) { a.requestDeadline = .milliseconds(n) }
        if let n = try integer("ROUTER_AI_IDLE_TIMEOUT_MS", 500...600_000) { a.idleTimeout = .milliseconds(n) }
        if let n = try integer("ROUTER_AI_CONNECT_TIMEOUT_MS", 100...60_000) { a.connectTimeout = .milliseconds(n) }
        if let n = try integer("ROUTER_AI_RETRIES", 0...10) { a.maxRetries = n }
        if let n = try integer("ROUTER_AI_MAX_ROUNDS", 1...20) { a.maxToolRounds = n }
        if let n = try integer("ROUTER_AI_CONCURRENCY", 1...10_000) { a.maxConcurrent = n }
        if let n = try integer("ROUTER_AI_QUEUE", 0...100_000) { a.maxQueued = n }
        if let n = try integer("ROUTER_AI_QUEUE_WAIT_MS", 0...60_000) { a.queueWait = .milliseconds(n) }
        if let n = try integer("ROUTER_AI_BREAKER_FAILURES", 1...1000) { a.breakerThreshold = n }
        if let n = try integer("ROUTER_AI_BREAKER_OPEN_MS", 100...3_600_000) { a.breakerOpenDuration = .milliseconds(n) }
        if let v = env["ROUTER_AI_PRICE"], !v.isEmpty {
            // input,output,cache_write_5m,cache_write_1h,cache_read in USD per million tokens.
            let fields = v.split(separator: ",", omittingEmptySubsequences: false)
            let p = fields.compactMap { Double($0.filter { $0 != " " }) }
            guard fields.count == 5, p.count == 5, p.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
                throw ConfigurationError.invalid("ROUTER_AI_PRICE must be input,output,cache_write_5m,cache_write_1h,cache_read (USD per million tokens)")
            }
            a.price = ModelPrice(input: p[0], output: p[1], cacheWrite5m: p[2], cacheWrite1h: p[3], cacheRead: p[4])
        }
        a.metadataUserIDKey = try metadataUserIDKey(env)
        return a
    }

    /// The key of the provider's user id hash: set, else derived from the JWT secret, else nil
    /// (a random key per process). `router prompt` reads it too, so it prints what `serve` sends.
    package static func metadataUserIDKey(_ env: [String: String]) throws -> [UInt8]? {
        if let v = env["ROUTER_AI_USER_ID_KEY"], !v.isEmpty {
            guard v.utf8.count >= 32 else { throw ConfigurationError.invalid("ROUTER_AI_USER_ID_KEY must be at least 32 bytes") }
            return Array(v.utf8)
        }
        if let secret = env["ROUTER_JWT_SECRET"], !secret.isEmpty { return ProviderUserID.derivedKey(fromJWTSecret: secret) }
        return nil
    }
}
