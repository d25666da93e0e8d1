import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Router

/// The HTTP contract of API.md, end to end on the embedded demo data.
@Suite struct HTTPTests {
    func post(_ body: String, path: String = "/v1/query", user: String = "u007", extra: HTTPFields = [:],
              _ check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
        let app = try await TestEnvironment.app()
        let token = try await TestEnvironment.token(user)
        var merged = TestEnvironment.headers(token)
        merged.append(contentsOf: extra)
        let headers = merged
        try await app.test(.router) { client in
            try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)) { try check($0) }
        }
    }

    /// Each route in the catalogue has the fields the API description promises: `ttl_s` only on
    /// tier 1 routes (absent, never null, elsewhere), tier and name from the route itself.
    @Test func catalogRoutesMatchTheirDescription() async throws {
        let app = try await TestEnvironment.app()
        let token = try await TestEnvironment.token()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/v1/catalog", method: .get, headers: TestEnvironment.headers(token, json: false))
            let routes = try #require(TestEnvironment.json(response.body)["routes"] as? [[String: Any]])
            #expect(routes.count == 14)
            for route in routes {
                let name = route["name"] as? String ?? ""
                let tier = route["tier"] as? Int
                if name.hasPrefix("summary.") {
                    #expect(tier == 1 && route["ttl_s"] is Int, "\(name)")
                } else {
                    #expect(tier == (name == "ai" ? 3 : 2), "\(name)")
                    #expect(!route.keys.contains("ttl_s"), "\(name) has ttl_s: \(String(describing: route["ttl_s"]))")
                }
            }
        }
    }

    @Test func tierOneAnswer() async throws {
        try await post(#"{"query":"How much did I spend on gas this month?","as_of":"2026-11-21"}"#) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.routerTier] == "1")
            let body = TestEnvironment.json(response.body)
            #expect(body["tier"] as? Int == 1)
            #expect(body["route"] as? String == "summary.spend")
            let data = body["data"] as? [String: Any]
            #expect(data?["total_cents"] as? Int == 59475)
            #expect(data?["category"] as? String == "fuel")
            #expect((body["answer"] as? String)?.contains("$594.75") == true)
            #expect(body["cache"] is [String: Any])
            let timing = response.headers[.serverTiming] ?? ""
            let phases = timing.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).split(separator: ";").first.map(String.init) ?? "" }
            // The rate limit is taken from the headers, before the body is read.
            #expect(phases == ["auth", "limit", "body", "classify", "cache", "sql", "total"] || phases == ["auth", "limit", "body", "classify", "cache", "total"], "\(timing)")
            #expect(body["request_id"] as? String == response.headers[.requestID])
        }
    }

    @Test func tierTwoAnswer() async throws {
        try await post(#"{"query":"What's the fuel cost for 350 miles at 10 mpg with gas at $3.89?"}"#) { response in
            #expect(response.status == .ok)
            let body = TestEnvironment.json(response.body)
            #expect(body["route"] as? String == "compute.fuel_cost")
            let data = body["data"] as? [String: Any]
            #expect(data?["cost"] as? Double == 136.15)
            #expect(data?["gallons"] as? Double == 35)
            #expect(response.headers[.serverTiming]?.contains("compute;dur=") == true)
        }
    }

    @Test func tierThreeIsAnHonest503() async throws {
        try await post(#"{"query":"Plan a 2-week RV trip from San Francisco to Seattle under $2000"}"#) { response in
            #expect(response.status == .serviceUnavailable)
            let body = TestEnvironment.json(response.body)
            #expect((body["detail"] as? String)?.contains("AI tier not configured") == true)
            let c = body["classification"] as? [String: Any]
            #expect(c?["tier"] as? Int == 3)
            #expect((c?["reasons"] as? [String])?.isEmpty == false)
        }
    }

    @Test func maxTierRefusesEscalation() async throws {
        try await post(#"{"query":"Why is my fuel spending so high?","max_tier":2}"#) { response in
            #expect(response.status == .unprocessableContent)
            let body = TestEnvironment.json(response.body)
            #expect((body["detail"] as? String)?.contains("tier 3") == true)
        }
        try await post(#"{"query":"fuel cost for 100 miles","max_tier":1}"#) { response in
            #expect(response.status == .unprocessableContent)
        }
        try await post(#"{"query":"fuel cost for 100 miles","max_tier":2}"#) { response in
            #expect(response.status == .ok)
        }
    }

    @Test func classifyOnly() async throws {
        try await post(#"{"query":"distance from Denver to Seattle"}"#, path: "/v1/classify") { response in
            #expect(response.status == .ok)
            let body = TestEnvironment.json(response.body)
            #expect(body["tier"] as? Int == 2)
            #expect(body["route"] as? String == "compute.distance")
            #expect((body["params"] as? [String: Any])?["from"] as? String == "Denver")
            #expect(body["confidence"] is Double)
            #expect(body["domain"] as? String == "travel")
            #expect(body["reasons"] is [String])
            #expect(body["data"] == nil)
        }
    }

    @Test func requestIdIsEchoed() async throws {
        try await post(#"{"query":"hi"}"#, extra: [.requestID: "my-trace-123"]) { response in
            #expect(response.headers[.requestID] == "my-trace-123")
        }
    }

    @Test func streamsRouteThenDone() async throws {
        try await post(#"{"query":"How much have I saved?","stream":true}"#) { response in
            #expect(response.headers[.contentType] == "text/event-stream")
            let text = String(buffer: response.body)
            let route = try #require(text.range(of: "event: route"))
            let done = try #require(text.range(of: "event: done"))
            #expect(route.lowerBound < done.lowerBound)
            #expect(text.contains("summary.savings"))
        }
        try await post(#"{"query":"Suggest campgrounds near Moab"}"#, extra: [.accept: "text/event-stream"]) { response in
            let text = String(buffer: response.body)
            #expect(text.contains("event: route"))
            #expect(text.contains("event: error"))
            #expect(!text.contains("event: done"))
        }
    }

    @Test func dashboardETagRoundTrip() async throws {
        let app = try await TestEnvironment.app()
        let token = try await TestEnvironment.token("u012")
        try await app.test(.router) { client in
            let uri = "/v1/summaries/fuel_stats?period=this_month&as_of=2026-11-21"
            let etag = try await client.execute(uri: uri, method: .get, headers: TestEnvironment.headers(token, json: false)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl]?.hasPrefix("private, max-age=") == true)
                let data = TestEnvironment.json(response.body)["data"] as? [String: Any]
                #expect(data?["mpg"] as? Double == 10.57)
                return try #require(response.headers[.eTag])
            }
            var conditional = TestEnvironment.headers(token, json: false)
            conditional[.ifNoneMatch] = etag
            try await client.execute(uri: uri, method: .get, headers: conditional) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
                #expect(response.headers[.eTag] == etag)
            }
            // Another user never gets the first user's ETag.
            var other = TestEnvironment.headers(try await TestEnvironment.token("u013"), json: false)
            other[.ifNoneMatch] = etag
            try await client.execute(uri: uri, method: .get, headers: other) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] != etag)
            }
        }
    }

    @Test func queryAndDashboardShareTheCacheEntry() async throws {
        let app = try await TestEnvironment.app()
        let token = try await TestEnvironment.token("u044")
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/query", method: .post, headers: TestEnvironment.headers(token),
                                     body: ByteBuffer(string: #"{"query":"food spending last month","as_of":"2026-11-21"}"#)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/summaries/spend?period=last_month&category=food&as_of=2026-11-21", method: .get,
                                     headers: TestEnvironment.headers(token, json: false)) { response in
                let cache = TestEnvironment.json(response.body)["cache"] as? [String: Any]
                #expect(cache?["hit"] as? Bool == true)
            }
        }
    }

    @Test func computeEndpoint() async throws {
        let app = try await TestEnvironment.app()
        let token = try await TestEnvironment.token()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/compute/trip_cost?from=Denver&to=Moab&mpg=9", method: .get,
                                     headers: TestEnvironment.headers(token, json: false)) { response in
                #expect(response.status == .ok)
                let data = TestEnvironment.json(response.body)["data"] as? [String: Any]
                let cost = try #require(data?["cost"] as? Double)
                #expect(abs(cost - 120.17) / 120.17 < 0.005)
            }
        }
    }

    @Test func catalogListsEveryRoute() async throws {
        let app = try await TestEnvironment.app()
        let token = try await TestEnvironment.token()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/catalog", method: .get, headers: TestEnvironment.headers(token, json: false)) { response in
                let routes = (TestEnvironment.json(response.body)["routes"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
                #expect(routes.count == 14)
                #expect(routes.contains("summary.fuel_stats") && routes.contains("compute.split") && routes.contains("ai"))
            }
        }
    }
}
