import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Router

/// The HTTP contract's corners: the OpenAPI document served and matching the routes, 405 with
/// `Allow`, `Server-Timing` phases on problems, weak ETag comparison.
@Suite struct ContractTests {
    static func document() throws -> [String: Any] {
        let buffer = try #require(APIDescription.document)
        return try #require(try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
    }

    @Test func theDocumentIsServedWithoutAToken() async throws {
        let app = try await TestEnvironment.app()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let served = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            #expect(served["openapi"] as? String == "3.1.0")
            #expect((served["paths"] as? [String: Any])?.keys.sorted() == (try Self.document()["paths"] as? [String: Any])?.keys.sorted())
        }
    }

    /// Every documented operation exists (neither 404 nor 405), every other method on a documented
    /// path is a 405 naming the documented ones, and the problem types the code can produce are
    /// all described.
    @Test func theDocumentMatchesTheRoutes() async throws {
        let paths: [String: Set<String>] = try #require(try Self.document()["paths"] as? [String: [String: Any]])
            .mapValues { Set($0.keys.map { $0.uppercased() }) }
        let app = try await TestEnvironment.app()
        let token = try await TestEnvironment.token()
        let methods: [HTTPRequest.Method] = [.get, .head, .post, .put, .delete, .patch]
        try await app.test(.router) { client in
            for (template, operations) in paths {
                let path = template.replacingOccurrences(of: "{name}", with: template.contains("summaries") ? "spend" : "fuel_cost")
                let documented = operations.intersection(methods.map(\.rawValue))
                #expect(!documented.isEmpty, "\(template)")
                for method in methods {
                    let response = try await client.execute(
                        uri: path, method: method, headers: TestEnvironment.headers(token),
                        body: method == .post ? ByteBuffer(string: #"{"query":"fuel cost for 100 miles"}"#) : nil
                    )
                    if documented.contains(method.rawValue) {
                        #expect(![.notFound, .methodNotAllowed].contains(response.status), "\(method) \(path): \(response.status)")
                    } else {
                        #expect(response.status == .methodNotAllowed, "\(method) \(path): \(response.status)")
                        #expect(response.headers[.allow] == documented.sorted().joined(separator: ", "), "\(method) \(path)")
                        #expect(response.headers[.contentType] == "application/problem+json")
                    }
                }
            }
            #expect(try await client.execute(uri: "/v1/summaries", method: .delete).status == .notFound)
        }
        let text = String(decoding: Data(try #require(APIDescription.document).readableBytesView), as: UTF8.self)
        for slug in [
            "unauthorized", "bad-request", "payload-too-large", "invalid-field", "not-found", "tier-not-allowed", "ai-unavailable",
            "ai-failed", "ai-budget-exceeded", "rate-limited", "unknown-place", "invalid-value", "missing-parameter",
            "summary-unavailable", "overloaded",
        ] {
            #expect(text.contains(slug), "the document does not mention the problem type \(slug)")
        }
    }

    @Test func problemsAfterClassificationCarryItsTiming() async throws {
        let app = try await TestEnvironment.app()
        let token = try await TestEnvironment.token()
        try await app.test(.router) { client in
            let capped = try await client.execute(
                uri: "/v1/query", method: .post, headers: TestEnvironment.headers(token),
                body: ByteBuffer(string: #"{"query":"plan a 2-week RV trip to Seattle under $2000","max_tier":2}"#)
            )
            #expect(capped.status == .unprocessableContent)
            let timing = capped.headers[.serverTiming] ?? ""
            // Every phase that ran, in order: token, rate limit, body, classification, then the total.
            let phases = timing.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).split(separator: ";").first.map(String.init) ?? "" }
            #expect(phases == ["auth", "limit", "body", "classify", "total"], "\(timing)")
            // Tier 3 off: a 503 that still says how long classification took.
            let off = try await client.execute(
                uri: "/v1/query", method: .post, headers: TestEnvironment.headers(token),
                body: ByteBuffer(string: #"{"query":"plan a 2-week RV trip to Seattle under $2000"}"#)
            )
            #expect(off.status == .serviceUnavailable)
            #expect(off.headers[.serverTiming]?.contains("classify;dur=") == true)
            #expect(off.headers[.serverTiming]?.contains("limit;dur=") == true)
            // The classification in the problem has the same params as /v1/classify gives.
            let problem = TestEnvironment.json(off.body)
            let params = (problem["classification"] as? [String: Any])?["params"] as? [String: String]
            #expect(params == ["domain": "travel"] || params?["domain"] != nil, "\(String(describing: params))")
        }
    }

    @Test func weakEntityTagsMatchForIfNoneMatch() async throws {
        let app = try await TestEnvironment.app()
        let token = try await TestEnvironment.token("u021")
        try await app.test(.router) { client in
            let uri = "/v1/summaries/savings?period=this_year&as_of=2026-11-21"
            let first = try await client.execute(uri: uri, method: .get, headers: TestEnvironment.headers(token, json: false))
            let etag = try #require(first.headers[.eTag])
            for header in ["W/\(etag)", "\"other\", W/\(etag)", "*"] {
                var conditional = TestEnvironment.headers(token, json: false)
                conditional[.ifNoneMatch] = header
                let response = try await client.execute(uri: uri, method: .get, headers: conditional)
                #expect(response.status == .notModified, "\(header)")
            }
            var stale = TestEnvironment.headers(token, json: false)
            stale[.ifNoneMatch] = "W/\"0000\""
            #expect(try await client.execute(uri: uri, method: .get, headers: stale).status == .ok)
        }
    }

    @Test(arguments: [
        ("/v1/summaries/spend?period=0001-01&as_of=2026-11-21", HTTPResponse.Status.unprocessableContent),
        ("/v1/summaries/spend?period=2101-01&as_of=2026-11-21", .unprocessableContent),
        ("/v1/summaries/spend?period=2026-10&as_of=2026-11-21", .ok),
        ("/v1/compute/fuel_cost?distance=100&distance_unit=KM", .ok),
        ("/v1/compute/trip_cost?from=Denver&to=Denver", .unprocessableContent),
    ])
    func parameterEdges(_ uri: String, _ status: HTTPResponse.Status) async throws {
        let app = try await TestEnvironment.app()
        let token = try await TestEnvironment.token()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: uri, method: .get, headers: TestEnvironment.headers(token, json: false))
            #expect(response.status == status, "\(uri): \(String(buffer: response.body))")
            if status != .ok, uri.contains("Denver") {
                #expect((TestEnvironment.json(response.body)["detail"] as? String)?.contains("same place") == true)
            }
        }
    }
}
