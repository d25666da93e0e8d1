import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import Router
import ServiceLifecycle
import Tier3AI

/// `router serve`: zero configuration runs the embedded demo data with an in-process cache.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP router (environment: ROUTER_*, see README).")

    @Option(help: "Listen address (overrides ROUTER_HOST).") var host: String?
    @Option(help: "Listen port (overrides ROUTER_PORT; 0 picks a free one).") var port: Int?
    @Flag(help: "Demo authentication (a secret made for this run, printed with a token) even with DATABASE_URL set.")
    var demo = false

    func run() async throws {
        // First, before the server's threads allocate: see MallocArenas.
        let arenas = MallocArenas.limit(environment: ProcessInfo.processInfo.environment)
        var configuration = try RouterConfiguration.fromEnvironment(ProcessInfo.processInfo.environment)
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        // Refuse before anything starts: a database with no key is a deployment that forgot its key.
        do {
            _ = try configuration.authentication(demo: demo)
        } catch {
            FileHandle.standardError.write(Data("router serve: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let format = configuration.logFormat
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler
            switch format {
            case .plain: handler = PlainLogHandler(label: label)
            case .json: handler = JSONLogHandler(label: label)
            }
            handler.logLevel = level
            return handler
        }
        // Log lines are written in batches: the last ones go out however `serve` ends.
        defer { LogOutput.standardError.flush() }
        let logger = Logger(label: "router")
        logger.debug("malloc arenas", metadata: ["limit": "\(arenas.map(String.init) ?? "glibc default")"])
        // Counters, gauges and timers go to the registry that GET /metrics shows.
        MetricsSystem.bootstrap(RouterApplication.metricsFactory(registry: PrometheusMetricsFactory.defaultRegistry))

        let demoSecret: String?
        let verifier: TokenVerifier
        if let path = configuration.jwksFile {
            verifier = try await TokenVerifier.jwks(json: try String(contentsOfFile: path, encoding: .utf8), policy: configuration.tokenPolicy)
            demoSecret = nil
        } else if let path = configuration.jwtPublicKeyFile {
            verifier = try await TokenVerifier.publicKey(pem: try String(contentsOfFile: path, encoding: .utf8), policy: configuration.tokenPolicy)
            demoSecret = nil
        } else if let configured = configuration.jwtSecret {
            verifier = try await TokenVerifier.hs256(secret: configured, policy: configuration.tokenPolicy)
            demoSecret = nil
        } else {
            let secret = Self.randomSecret()
            verifier = try await TokenVerifier.hs256(secret: secret, policy: configuration.tokenPolicy)
            demoSecret = secret
        }
        let runtime = try await RouterRuntime.make(configuration: configuration, verifier: verifier, logger: logger)
        let demoToken = demoSecret == nil ? nil : try await verifier.token(for: "u001")
        let host = configuration.host
        let anthropic = configuration.anthropic
        if let a = configuration.anthropic {
            logger.info("tier 3 on", metadata: ["model": "\(a.model)", "base_url": "\(a.baseURL)", "max_concurrent": "\(a.maxConcurrent)"])
        } else {
            logger.info("tier 3 off: no ANTHROPIC_API_KEY; questions that need it get 503 ai-unavailable")
        }
        let app = RouterApplication.make(
            services: runtime.services, configuration: configuration, logger: logger, background: runtime.background
        ) { port in
            if let demoSecret, let demoToken {
                Self.printDemoBanner(host: host, port: port, secret: demoSecret, token: demoToken, ai: anthropic)
            }
        }
        try await RouterApplication.serviceGroup(app, configuration: configuration, logger: logger).run()
        logger.info("stopped")
    }

    static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", generator.next() as UInt8) }.joined()
    }

    static func printDemoBanner(host: String, port: Int, secret: String, token: String, ai: AnthropicConfiguration?) {
        let url = "http://\(host):\(port)"
        let tier3 = ai.map { "on (\($0.model) at \($0.baseURL))" } ?? "off (set ANTHROPIC_API_KEY; README: \"Trying tier 3\")"
        let banner = (
            """

            ================================================================================
             DEMO MODE: no ROUTER_JWT_SECRET was set, so this run made its own secret.
             Tokens signed with it stop working when the router stops. Do not use in production.

             ROUTER_JWT_SECRET for this run: \(secret)
             Token for demo user u001 (valid 24 h):

               export TOKEN=\(token)

             Try it:

               curl -s \(url)/v1/query -H "Authorization: Bearer $TOKEN" \\
                 -H 'Content-Type: application/json' \\
                 -d '{"query": "How much did I spend on gas this month?", "as_of": "2026-11-21"}'

             Tier 3: \(tier3)
            ================================================================================

            """
        )
        // Unbuffered, so a script waiting for the banner sees it at once.
        FileHandle.standardOutput.write(Data(banner.utf8))
    }
}
