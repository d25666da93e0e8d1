import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import Testing

@testable import Router

/// Every token failure is a 401 problem document with `WWW-Authenticate`.
@Suite struct AuthTests {
    static func b64(_ s: String) -> String {
        Data(s.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func signed(_ claims: some JWTPayload, secret: String = TestEnvironment.secret) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return try await keys.sign(claims)
    }

    struct NoExpiry: JWTPayload {
        var sub: SubjectClaim
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    static func tokens() async throws -> [(String, String?)] {
        let future = Date().addingTimeInterval(3600)
        let payload = b64(#"{"sub":"u007","exp":\#(Int(future.timeIntervalSince1970))}"#)
        return [
            ("missing", nil),
            ("empty bearer", "Bearer "),
            ("wrong scheme", "Basic dTAwNzpwYXNz"),
            ("malformed", "Bearer not-a-jwt"),
            ("garbage segments", "Bearer a.b.c"),
            ("alg none", "Bearer " + b64(#"{"alg":"none","typ":"JWT"}"#) + "." + payload + "."),
            ("alg HS512 claimed", "Bearer " + b64(#"{"alg":"HS512","typ":"JWT"}"#) + "." + payload + ".c2ln"),
            ("wrong signature", "Bearer " + (try await signed(UserClaims(sub: "u007", exp: .init(value: future)), secret: "another-secret-another-secret-0000"))),
            ("expired", "Bearer " + (try await signed(UserClaims(sub: "u007", exp: .init(value: Date().addingTimeInterval(-60)))))),
            ("no expiry", "Bearer " + (try await signed(NoExpiry(sub: "u007")))),
            ("empty subject", "Bearer " + (try await signed(UserClaims(sub: "", exp: .init(value: future))))),
            ("tampered payload", "Bearer " + (try await signed(UserClaims(sub: "u007", exp: .init(value: future)))).split(separator: ".").enumerated().map { $0.offset == 1 ? Substring(b64(#"{"sub":"u001","exp":9999999999}"#)) : $0.element }.joined(separator: ".")),
        ]
    }

    @Test func everyBadTokenIs401() async throws {
        let app = try await TestEnvironment.app()
        let cases = try await Self.tokens()
        try await app.test(.router) { client in
            for (name, header) in cases {
                var headers = HTTPFields()
                headers[.contentType] = "application/json"
                if let header { headers[.authorization] = header }
                try await client.execute(uri: "/v1/query", method: .post, headers: headers, body: ByteBuffer(string: #"{"query":"hi"}"#)) { response in
                    #expect(response.status == .unauthorized, "\(name)")
                    #expect(response.headers[.contentType] == "application/problem+json", "\(name)")
                    #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true, "\(name)")
                    let body = TestEnvironment.json(response.body)
                    #expect(body["status"] as? Int == 401, "\(name)")
                    #expect(body["request_id"] as? String == response.headers[.requestID], "\(name)")
                }
            }
        }
    }

    @Test func validTokenIsAccepted() async throws {
        let app = try await TestEnvironment.app()
        let token = try await TestEnvironment.token()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/query", method: .post, headers: TestEnvironment.headers(token), body: ByteBuffer(string: #"{"query":"hi"}"#)) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func healthNeedsNoToken() async throws {
        let app = try await TestEnvironment.app()
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                let body = TestEnvironment.json(response.body)
                let deps = body["dependencies"] as? [String: Any]
                #expect(deps?["database"] != nil && deps?["cache"] != nil && deps?["ai"] != nil)
            }
        }
    }

    @Test func shortSecretIsRefused() async {
        await #expect(throws: ConfigurationError.self) { _ = try await TokenVerifier.hs256(secret: "short") }
    }
}
