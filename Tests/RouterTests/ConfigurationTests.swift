import Testing
import Tier3AI

@testable import Router

/// Safe defaults: demo authentication only where it cannot be a forgotten production key, and
/// the API key in clear text only to this machine.
@Suite struct ConfigurationTests {
    @Test func demoModeOnlyWithTheEmbeddedStoreOrWhenAskedFor() throws {
        let embedded = try RouterConfiguration.fromEnvironment([:])
        #expect(try embedded.authentication(demo: false) == .demo)

        let database = try RouterConfiguration.fromEnvironment(["DATABASE_URL": "postgres://router@db.internal:5432/router"])
        #expect(throws: ConfigurationError.self) { try database.authentication(demo: false) }
        do {
            _ = try database.authentication(demo: false)
        } catch {
            #expect("\(error)".contains("ROUTER_JWT_SECRET"), "the message names the missing setting")
        }
        #expect(try database.authentication(demo: true) == .demo)

        let keyed = try RouterConfiguration.fromEnvironment([
            "DATABASE_URL": "postgres://router@db.internal:5432/router", "ROUTER_JWT_SECRET": String(repeating: "k", count: 32),
        ])
        #expect(try keyed.authentication(demo: false) == .configured)
    }

    @Test(arguments: [
        ("http://127.0.0.1:8089", true), ("http://localhost:8089/", true), ("http://[::1]:8089", true),
        ("http://127.10.0.3", true), ("http://user:pw@127.0.0.1:1/x", true), ("http://api.example.com", false),
        ("http://127.0.0.1.example.com", false), ("http://10.0.0.1:8089", false), ("http://localhost.evil.com", false),
    ])
    func knowsLoopback(_ url: String, _ loopback: Bool) {
        #expect(RouterConfiguration.isLoopback(url: url) == loopback)
    }

    @Test func plainHTTPToTheProviderOnlyOnLoopbackUnlessAllowed() throws {
        let key = ["ANTHROPIC_API_KEY": "k"]
        #expect(throws: ConfigurationError.self) {
            try RouterConfiguration.fromEnvironment(key.merging(["ANTHROPIC_BASE_URL": "http://api.example.com"]) { $1 })
        }
        let local = try RouterConfiguration.fromEnvironment(key.merging(["ANTHROPIC_BASE_URL": "http://127.0.0.1:8089"]) { $1 })
        #expect(local.anthropic?.baseURL == "http://127.0.0.1:8089")
        let allowed = try RouterConfiguration.fromEnvironment(
            key.merging(["ANTHROPIC_BASE_URL": "http://proxy.internal:8080", "ROUTER_AI_ALLOW_HTTP": "1"]) { $1 }
        )
        #expect(allowed.anthropic?.baseURL == "http://proxy.internal:8080")
        let tls = try RouterConfiguration.fromEnvironment(key.merging(["ANTHROPIC_BASE_URL": "https://api.example.com/"]) { $1 })
        #expect(tls.anthropic?.baseURL == "https://api.example.com")
    }
}
