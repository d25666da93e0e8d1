import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Router

/// Bad input gets a clear 4xx problem document, never a 500, never a crash.
@Suite struct BadInputTests {
    static func post(_ body: ByteBuffer, path: String = "/v1/query") async throws -> (HTTPResponse.Status, [String: Any], HTTPFields) {
        let app = try await TestEnvironment.app()
        let token = try await TestEnvironment.token()
        let response = try await app.test(.router) { client in
            try await client.execute(uri: path, method: .post, headers: TestEnvironment.headers(token), body: body) { $0 }
        }
        return (response.status, TestEnvironment.json(response.body), response.headers)
    }

    static func get(_ uri: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        let app = try await TestEnvironment.app()
        let token = try await TestEnvironment.token()
        let response = try await app.test(.router) { client in
            try await client.execute(uri: uri, method: .get, headers: TestEnvironment.headers(token, json: false)) { $0 }
        }
        #expect(response.headers[.contentType] == "application/problem+json")
        return (response.status, TestEnvironment.json(response.body))
    }

    static func expectProblem(_ r: (HTTPResponse.Status, [String: Any], HTTPFields), _ status: HTTPResponse.Status, _ mention: String? = nil) {
        #expect(r.0 == status)
        #expect(r.2[.contentType] == "application/problem+json")
        #expect(r.1["status"] as? Int == Int(status.code))
        #expect((r.1["type"] as? String)?.hasPrefix("/problems/") == true)
        #expect(r.1["request_id"] is String)
        if let mention { #expect((r.1["detail"] as? String)?.contains(mention) == true, "\(r.1)") }
    }

    @Test func emptyBody() async throws {
        Self.expectProblem(try await Self.post(ByteBuffer()), .badRequest, "empty")
    }

    @Test func emptyQuery() async throws {
        Self.expectProblem(try await Self.post(ByteBuffer(string: #"{"query":"   "}"#)), .unprocessableContent, "query")
    }

    @Test func fiveThousandCharacters() async throws {
        let long = String(repeating: "a", count: 5000)
        Self.expectProblem(try await Self.post(ByteBuffer(string: #"{"query":"\#(long)"}"#)), .unprocessableContent, "4000")
    }

    @Test func bodyOverLimit() async throws {
        let huge = String(repeating: "a", count: 20_000)
        Self.expectProblem(try await Self.post(ByteBuffer(string: #"{"query":"\#(huge)"}"#)), .contentTooLarge)
    }

    @Test func binaryBody() async throws {
        var bytes: [UInt8] = []
        var g = SystemRandomNumberGenerator()
        for _ in 0..<512 { bytes.append(g.next()) }
        bytes[0] = 0xFF
        let r = try await Self.post(ByteBuffer(bytes: bytes))
        #expect(r.0 == .badRequest)
        #expect(r.2[.contentType] == "application/problem+json")
    }

    @Test func invalidUTF8() async throws {
        let bytes: [UInt8] = Array(#"{"query":""#.utf8) + [0xC3, 0x28, 0xFF] + Array(#""}"#.utf8)
        Self.expectProblem(try await Self.post(ByteBuffer(bytes: bytes)), .badRequest, "UTF-8")
    }

    @Test func notJSON() async throws {
        Self.expectProblem(try await Self.post(ByteBuffer(string: "query=hello")), .badRequest, "JSON")
        Self.expectProblem(try await Self.post(ByteBuffer(string: #"["hello"]"#)), .badRequest, "object")
    }

    @Test(arguments: [
        (#"{"query": 42}"#, "query"), (#"{"query": null}"#, "query"), (#"{}"#, "query"),
        (#"{"query": "hi", "as_of": 20261121}"#, "as_of"), (#"{"query": "hi", "as_of": "2026-02-30"}"#, "as_of"),
        (#"{"query": "hi", "max_tier": "2"}"#, "max_tier"), (#"{"query": "hi", "max_tier": 7}"#, "max_tier"),
        (#"{"query": "hi", "stream": "yes"}"#, "stream"), (#"{"query": "hi", "conversation_id": 5}"#, "conversation_id"),
        (#"{"query": "a\u0000b"}"#, "query"), (#"{"query": "a\u0085b"}"#, "query"), (#"{"query": "a\u001b[31mb"}"#, "query"),
        (#"{"query": "hi", "conversation_id": "a\u0000b"}"#, "conversation_id"),
        (#"{"query": "hi", "conversation_id": "a\nb"}"#, "conversation_id"),
        (#"{"query": "hi", "conversation_id": ""}"#, "conversation_id"),
        (#"{"query": "hi", "as_of": "2026-11-21T00:00:00Z"}"#, "as_of"), (#"{"query": "hi", "as_of": "1969-12-31"}"#, "as_of"),
        (#"{"query": "hi", "max_tier": 2.5}"#, "max_tier"), (#"{"query": "hi", "max_tier": 0}"#, "max_tier"),
    ])
    func wrongTypesName422TheField(_ body: String, _ field: String) async throws {
        Self.expectProblem(try await Self.post(ByteBuffer(string: body)), .unprocessableContent, field)
    }

    @Test func deepNestingIsRefusedNotFollowed() async throws {
        for (open, close) in [("[", "]"), (#"{"a":"#, "}")] {
            let depth = 5_000
            let body = #"{"query":"hi","x":"# + String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth) + "}"
            let r = try await Self.post(ByteBuffer(string: String(body.prefix(16_000))))
            #expect(r.0 == .badRequest || r.0 == .contentTooLarge)
            let nested = #"{"query":"hi","x":"# + String(repeating: open, count: 1_000) + "1" + String(repeating: close, count: 1_000) + "}"
            Self.expectProblem(try await Self.post(ByteBuffer(string: nested)), .badRequest, "JSON")
        }
    }

    @Test func oversizedHeadersAre431() async throws {
        let app = try await TestEnvironment.app()
        let token = try await TestEnvironment.token()
        try await app.test(.router) { client in
            var headers = TestEnvironment.headers(token, json: false)
            headers[HTTPField.Name("X-Padding")!] = String(repeating: "a", count: 17_000)
            let big = try await client.execute(uri: "/v1/catalog", method: .get, headers: headers)
            #expect(big.status == .requestHeaderFieldsTooLarge)
            #expect(big.headers[.contentType] == "application/problem+json")
            #expect(TestEnvironment.json(big.body)["type"] as? String == "/problems/headers-too-large")
            // Many small headers count together; the limit applies before authentication.
            var many = HTTPFields()
            for n in 0..<1_000 { many.append(HTTPField(name: HTTPField.Name("X-H\(n)")!, value: "0123456789")) }
            #expect(try await client.execute(uri: "/healthz", method: .get, headers: many).status == .requestHeaderFieldsTooLarge)
            headers[HTTPField.Name("X-Padding")!] = String(repeating: "a", count: 8_000)
            #expect(try await client.execute(uri: "/v1/catalog", method: .get, headers: headers).status == .ok)
        }
    }

    @Test func unknownFieldsAreIgnored() async throws {
        let r = try await Self.post(ByteBuffer(string: #"{"query":"hi","colour":"blue","nested":{"a":[1,2]}}"#))
        #expect(r.0 == .ok)
    }

    @Test func unknownRouteNames() async throws {
        let s = try await Self.get("/v1/summaries/nope")
        #expect(s.0 == .notFound)
        let c = try await Self.get("/v1/compute/teleport?distance=3")
        #expect(c.0 == .notFound)
        let p = try await Self.get("/v1/nothing-here")
        #expect(p.0 == .notFound)
    }

    @Test func unknownPlaces() async throws {
        Self.expectProblem(try await Self.post(ByteBuffer(string: #"{"query":"distance from Narnia to Denver"}"#)), .unprocessableContent, "Narnia")
        let r = try await Self.get("/v1/compute/distance?from=Denver&to=Narnia")
        #expect(r.0 == .unprocessableContent)
        #expect((r.1["detail"] as? String)?.contains("Narnia") == true)
    }

    @Test(arguments: [
        #"{"query":"fuel cost for -100 miles at 10 mpg"}"#,
        #"{"query":"fuel cost for 300 miles at 0 mpg"}"#,
        #"{"query":"fuel cost for 10^12 miles"}"#,
        #"{"query":"fuel cost for 1000000000000 miles at 10 mpg"}"#,
        #"{"query":"how long to drive 400 miles at 0 mph"}"#,
        #"{"query":"split $100 between 0 people"}"#,
        #"{"query":"convert -500 F to C"}"#,
        #"{"query":"fuel cost for 300 miles at 0.0000000001 mpg"}"#,
        #"{"query":"fuel cost for 300 miles at 1e-300 mpg"}"#,
        #"{"query":"how long to drive 500 miles at 1e-300 mph"}"#,
        #"{"query":"convert 1e-300 mpg to L/100km"}"#,
        #"{"query":"I drove 300 miles on 1e-300 gallons, what's my mpg?"}"#,
        #"{"query":"fuel cost for 1e308 miles"}"#,
        #"{"query":"convert 1e400 km to miles"}"#,
    ])
    func absurdNumbers(_ body: String) async throws {
        let r = try await Self.post(ByteBuffer(string: body))
        Self.expectProblem(r, .unprocessableContent)
    }

    @Test(arguments: [
        "/v1/compute/fuel_cost?distance=-5", "/v1/compute/fuel_cost?distance=300&mpg=0", "/v1/compute/fuel_cost?distance=1e12",
        "/v1/compute/fuel_cost?distance=abc", "/v1/compute/fuel_cost", "/v1/compute/convert?value=3&from_unit=mi&to_unit=kg",
        "/v1/summaries/spend?period=next_century", "/v1/summaries/spend?category=yachts", "/v1/summaries/recent_expenses?limit=0",
        "/v1/summaries/recent_expenses?limit=51", "/v1/summaries/spend?as_of=yesterday", "/v1/summaries/budget_status?period=this_week",
        "/v1/summaries/spend?from=2026-05-01&to=2026-04-01",
        "/v1/compute/fuel_cost?distance=300&mpg=1e-300", "/v1/compute/drive_time?distance=300&speed_mph=1e-300",
        "/v1/compute/convert?value=1e-300&from_unit=mpg&to_unit=L/100km", "/v1/compute/mpg?miles=300&gallons=1e-300",
        "/v1/compute/split?amount=100&people=1e30", "/v1/compute/convert?value=nan&from_unit=mi&to_unit=km",
    ])
    func badDashboardParameters(_ uri: String) async throws {
        let r = try await Self.get(uri)
        #expect(r.0 == .unprocessableContent, "\(uri): \(r.1)")
    }
}
