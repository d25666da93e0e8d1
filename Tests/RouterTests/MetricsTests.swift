import FakeAnthropic
import Foundation
import Hummingbird
import HummingbirdTesting
import Metrics
import NIOCore
import Prometheus
import Testing

@testable import Router

/// `/metrics` in the Prometheus text format, with the metrics a router operator needs. The test
/// process bootstraps swift-metrics once, as `router serve` does; counters are shared by tests
/// running in parallel, so checks compare before and after and never expect exact totals.
@Suite struct MetricsTests {
    static let bootstrapped: Void = {
        MetricsSystem.bootstrap(RouterApplication.metricsFactory(registry: PrometheusMetricsFactory.defaultRegistry))
    }()

    /// The value of the first sample of `name` whose labels include all of `labels`, or 0.
    static func value(_ text: String, _ name: String, _ labels: [String: String] = [:]) -> Double {
        for line in text.split(separator: "\n") where line.hasPrefix(name + "{") || line.hasPrefix(name + " ") {
            let labelText = line.split(separator: "}").first.map(String.init) ?? ""
            guard labels.allSatisfy({ labelText.contains("\($0.key)=\"\($0.value)\"") }) else { continue }
            return Double(line.split(separator: " ").last ?? "") ?? 0
        }
        return 0
    }

    static func scrape(_ client: any TestClientProtocol) async throws -> String {
        let response = try await client.execute(uri: "/metrics", method: .get)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
        return String(buffer: response.body)
    }

    @Test func requestsTiersCacheAndRejectionsAreCounted() async throws {
        _ = Self.bootstrapped
        let app = try await TestEnvironment.app()
        let token = try await TestEnvironment.token("u031")
        try await app.test(.router) { client in
            let before = try await Self.scrape(client)
            let tier1 = #"{"query":"how much did I spend on groceries last month?","as_of":"2026-11-21"}"#
            for body in [tier1, tier1, #"{"query":"fuel cost for 120 miles at 30 mpg"}"#, #"{"query":""}"#] {
                _ = try await client.execute(uri: "/v1/query", method: .post, headers: TestEnvironment.headers(token), body: ByteBuffer(string: body))
            }
            _ = try await client.execute(uri: "/v1/nowhere", method: .get, headers: TestEnvironment.headers(token))
            let after = try await Self.scrape(client)

            func grew(_ name: String, _ labels: [String: String], by n: Double = 1) {
                let delta = Self.value(after, name, labels) - Self.value(before, name, labels)
                #expect(delta >= n, "\(name) \(labels): +\(delta)")
            }
            grew("router_requests_total", ["tier": "1", "route": "summary.spend", "status": "200"], by: 2)
            grew("router_requests_total", ["tier": "2", "route": "compute.fuel_cost", "status": "200"])
            grew("router_requests_total", ["route": "query", "status": "422"])
            grew("router_request_duration_seconds_count", ["tier": "1", "route": "summary.spend"], by: 2)
            #expect(after.contains(#"router_request_duration_seconds_bucket{tier="1",route="summary.spend",le="0.0001"}"#) || after.contains(#"le="0.0001""#))
            grew("router_ai_calls_avoided_total", ["tier": "1"], by: 2)
            grew("router_ai_calls_avoided_total", ["tier": "2"])
            grew("router_classifications_total", ["tier": "1", "route": "summary.spend", "endpoint": "query"], by: 2)
            grew("router_rejections_total", ["reason": "invalid-field"])
            grew("router_rejections_total", ["reason": "not-found"])
            // The second identical question is an in-process hit; the first ran SQL once.
            grew("router_cache_lookups_total", ["level": "memory", "result": "hit"])
            grew("router_cache_lookups_total", ["level": "memory", "result": "miss"])
            grew("router_sql_duration_seconds_count", ["summary": "spend"])
            #expect(after.contains("router_requests_in_flight"))
            // Label values never come from request data: the unknown path is "other".
            #expect(!after.contains("nowhere"))
            grew("router_requests_total", ["route": "other", "status": "404"])
        }
    }

    @Test func tier3TokensCostAndTheBreakerAreExported() async throws {
        _ = Self.bootstrapped
        try await AITierTests.withRouter { client, _ in
            let before = try await Self.scrape(client)
            let response = try await AITierTests.query(client, "Why is my food spending so high lately?", user: "u032")
            #expect(response.status == .ok)
            let after = try await Self.scrape(client)
            for kind in ["input", "output"] {
                #expect(Self.value(after, "router_ai_tokens_total", ["kind": kind]) > Self.value(before, "router_ai_tokens_total", ["kind": kind]))
            }
            #expect(Self.value(after, "router_ai_cost_microdollars_total") > Self.value(before, "router_ai_cost_microdollars_total"))
            #expect(after.contains(#"router_breaker_state{dependency="ai"} 0"#))
            #expect(Self.value(after, "router_requests_total", ["tier": "3", "route": "ai", "status": "200"]) >= 1)
        }
    }
}
