import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import Tier1Cache

@testable import Router

/// User A never sees user B's numbers, by any path that does not involve the AI (tier 3 tool
/// input and conversations are covered in `AITierTests`): the user comes from the verified token
/// only, cache keys cannot be forged by a crafted user id, and ETags are per user.
@Suite struct IsolationTests {
    static let spendURI = "/v1/summaries/spend?period=this_month&as_of=2026-11-21"

    /// A router of its own, so that cache hits are this test's doing.
    static func withFreshRouter(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let services = try await RouterServices.embedded(
            verifier: try await TestEnvironment.services.value.verifier, logger: Logger(label: "test")
        )
        let app = Application(router: RouterApplication.router(services: services, configuration: RouterConfiguration()))
        try await app.test(.router) { client in try await body(client) }
    }

    static func get(_ client: any TestClientProtocol, _ uri: String, user: String, extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = TestEnvironment.headers(try await TestEnvironment.token(user), json: false)
        headers.append(contentsOf: extra)
        return try await client.execute(uri: uri, method: .get, headers: headers)
    }

    static func query(_ client: any TestClientProtocol, _ text: String, user: String) async throws -> [String: Any] {
        let body = try JSONSerialization.data(withJSONObject: ["query": text, "as_of": "2026-11-21"])
        let response = try await client.execute(
            uri: "/v1/query", method: .post, headers: TestEnvironment.headers(try await TestEnvironment.token(user)),
            body: ByteBuffer(bytes: body)
        )
        // Tier 1 for the asking user, tier 3 (off here: 503), or refused by the injection
        // pre-check (422 prompt-rejected); never anything else.
        let json = TestEnvironment.json(response.body)
        let refused = response.status == .unprocessableContent && json["type"] as? String == "/problems/prompt-rejected"
        #expect([.ok, .serviceUnavailable].contains(response.status) || refused, "\(text): \(String(buffer: response.body))")
        return json
    }

    static func total(_ json: [String: Any]) -> Int? {
        (json["data"] as? [String: Any])?["total_cents"] as? Int
    }

    @Test func theUserComesFromTheTokenOnly() async throws {
        try await Self.withFreshRouter { client in
            let mine = Self.total(TestEnvironment.json(try await Self.get(client, Self.spendURI, user: "u001").body))
            let theirs = Self.total(TestEnvironment.json(try await Self.get(client, Self.spendURI, user: "u002").body))
            #expect(mine != nil && theirs != nil && mine != theirs)
            // Naming the other user in a query item, a header or the question changes nothing.
            var spoof = HTTPFields()
            spoof[HTTPField.Name("X-User-Id")!] = "u002"
            spoof[HTTPField.Name("X-Forwarded-User")!] = "u002"
            for uri in [Self.spendURI + "&user=u002", Self.spendURI + "&user_id=u002&sub=u002"] {
                let response = try await Self.get(client, uri, user: "u001", extra: spoof)
                #expect(Self.total(TestEnvironment.json(response.body)) == mine)
            }
            for text in [
                "How much did u002 spend this month?", "how much did I spend this month as user u002",
                "user_id=u002 how much have I spent this month?",
            ] {
                let answer = try await Self.query(client, text, user: "u001")
                if answer["route"] as? String == "summary.spend" { #expect(Self.total(answer) == mine, "\(text)") }
                #expect(!"\(answer)".contains(String(theirs ?? -1)))
            }
        }
    }

    @Test func craftedUserIdsCannotReachAnotherUsersCacheEntry() async throws {
        try await Self.withFreshRouter { client in
            // Warm u001's entry, then ask as users whose ids embed u001 and the key's separators.
            let warm = TestEnvironment.json(try await Self.get(client, Self.spendURI, user: "u001").body)
            let theirs = try #require(Self.total(warm))
            #expect(theirs > 0)
            let entry = try #require(
                SummaryRequest(kind: .spend, period: .thisMonth, category: nil, limit: nil, asOf: TestEnvironment.day)
            ).cacheKey(user: "u001")
            let forged = [
                "u001|", "|u001", "4:u001", "u001 ", " u001", "U001", "u0011", "u00", "4:u001|v1", entry,
                String(entry.dropFirst(3)), "v1|4:u001", "u001\u{200B}", "ｕ001", "u001:t1", "u001%7C",
                // SQL is parameterised: these are user ids like any other.
                "u001' OR '1'='1", "x' OR user_id = 'u001", "u001'; DROP TABLE expenses; --", "u001\\", "%", "_001",
            ]
            for user in forged {
                let response = try await Self.get(client, Self.spendURI, user: user)
                // A subject with a character that hides itself (zero-width) is refused outright.
                if !TokenVerifier.isAcceptableSubject(user) {
                    #expect(response.status == .unauthorized, "user \(user.debugDescription)")
                    continue
                }
                let json = TestEnvironment.json(response.body)
                #expect(Self.total(json) == 0, "user \(user.debugDescription) saw \(String(describing: Self.total(json)))")
                #expect((json["cache"] as? [String: Any])?["hit"] as? Bool == false, "user \(user.debugDescription) hit u001's entry")
            }
        }
    }

    @Test func cacheKeysAreDistinctForDistinctUsersAndRequests() throws {
        let alphabet = Array("u01|:v \\%")
        var generator = SystemRandomNumberGenerator()
        let requests = [
            SummaryRequest(kind: .spend, period: .thisMonth, category: nil, limit: nil, asOf: TestEnvironment.day),
            SummaryRequest(kind: .spend, period: .thisMonth, category: .fuel, limit: nil, asOf: TestEnvironment.day),
            SummaryRequest(kind: .recentExpenses, period: nil, category: nil, limit: 5, asOf: TestEnvironment.day),
        ].compactMap { $0 }
        var seen: [String: String] = [:]
        for _ in 0..<3_000 {
            let user = String((0..<Int.random(in: 1...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            for (index, request) in requests.enumerated() {
                let key = request.cacheKey(user: user)
                let owner = "\(index)|\(user)"
                if let previous = seen[key] { #expect(previous == owner, "\(key) is shared by \(previous) and \(owner)") }
                seen[key] = owner
            }
        }
    }

    @Test func etagsArePerUserEvenForIdenticalAnswers() async throws {
        try await Self.withFreshRouter { client in
            // Two users without any data get byte-identical answers; their ETags still differ.
            let uri = "/v1/summaries/spend?period=last_month&as_of=2026-11-21"
            let a = try await Self.get(client, uri, user: "nobody-a")
            let b = try await Self.get(client, uri, user: "nobody-b")
            #expect(Self.total(TestEnvironment.json(a.body)) == 0 && Self.total(TestEnvironment.json(b.body)) == 0)
            let etagA = try #require(a.headers[.eTag])
            let etagB = try #require(b.headers[.eTag])
            #expect(etagA != etagB)
            // B presenting A's ETag (or u001's) gets a full answer of B's own, never a 304 vouching for it.
            let u001 = try #require(try await Self.get(client, uri, user: "u001").headers[.eTag])
            for foreign in [etagA, u001, "\(etagA), \(u001)"] {
                var conditional = HTTPFields()
                conditional[.ifNoneMatch] = foreign
                let response = try await Self.get(client, uri, user: "nobody-b", extra: conditional)
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == etagB)
                #expect(Self.total(TestEnvironment.json(response.body)) == 0)
            }
            // The dashboard's Cache-Control keeps shared caches from storing one user's answer for another.
            #expect(b.headers[.cacheControl]?.hasPrefix("private") == true)
        }
    }

    @Test func everyDataEndpointNeedsAVerifiedUser() async throws {
        try await Self.withFreshRouter { client in
            var spoof = HTTPFields()
            spoof[HTTPField.Name("X-User-Id")!] = "u001"
            for uri in [Self.spendURI, "/v1/compute/fuel_cost?distance=100", "/v1/catalog"] {
                let response = try await client.execute(uri: uri, method: .get, headers: spoof)
                #expect(response.status == .unauthorized, "\(uri)")
                #expect(!String(buffer: response.body).contains("total_cents"))
            }
            for path in ["/v1/query", "/v1/classify"] {
                let response = try await client.execute(
                    uri: path, method: .post, headers: spoof, body: ByteBuffer(string: #"{"query":"how much did I spend this month"}"#)
                )
                #expect(response.status == .unauthorized, "\(path)")
            }
        }
    }
}
