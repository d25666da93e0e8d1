import Foundation
import JWTKit
import Testing

@testable import Router

/// RS256, ES256 and JWKS keys, and the time, issuer and audience checks with clock skew.
@Suite struct TokenTests {
    static func key(_ name: String) throws -> String {
        try String(contentsOf: TestEnvironment.fixture("keys/\(name)"), encoding: .utf8)
    }

    static func claims(
        sub: String = "u001", exp: TimeInterval = 600, nbf: TimeInterval? = nil, iat: TimeInterval? = nil, iss: String? = nil,
        aud: [String]? = nil
    ) -> UserClaims {
        let now = Date()
        return UserClaims(
            sub: SubjectClaim(value: sub), exp: ExpirationClaim(value: now.addingTimeInterval(exp)),
            iat: iat.map { IssuedAtClaim(value: now.addingTimeInterval($0)) }, nbf: nbf.map { NotBeforeClaim(value: now.addingTimeInterval($0)) },
            iss: iss.map { IssuerClaim(value: $0) }, aud: aud.map { AudienceClaim(value: $0) }
        )
    }

    static func rs256(_ claims: UserClaims, kid: String? = nil) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(rsa: try Insecure.RSA.PrivateKey(pem: try key("rsa-private.pem")), digestAlgorithm: .sha256, kid: kid.map { JWKIdentifier(string: $0) })
        return try await keys.sign(claims, kid: kid.map { JWKIdentifier(string: $0) })
    }

    static func es256(_ claims: UserClaims, kid: String? = nil, key pem: String? = nil) async throws -> String {
        let keys = JWTKeyCollection()
        let privateKey = try pem.map { try ES256PrivateKey(pem: $0) } ?? ES256PrivateKey(pem: try key("ec-private.pem"))
        await keys.add(ecdsa: privateKey, kid: kid.map { JWKIdentifier(string: $0) })
        return try await keys.sign(claims, kid: kid.map { JWKIdentifier(string: $0) })
    }

    /// The reason a token is refused, or nil when it is accepted.
    static func refusal(_ verifier: TokenVerifier, _ token: String) async -> String? {
        do throws(RouterError) {
            _ = try await verifier.user(authorization: "Bearer " + token)
            return nil
        } catch {
            guard case .unauthorized(let why) = error else { return "not a 401: \(error)" }
            return why
        }
    }

    @Test func rs256AndES256PublicKeys() async throws {
        let rsa = try await TokenVerifier.publicKey(pem: try Self.key("rsa-public.pem"))
        let ec = try await TokenVerifier.publicKey(pem: try Self.key("ec-public.pem"))
        #expect(try await rsa.user(authorization: "Bearer " + (try await Self.rs256(Self.claims()))) == "u001")
        #expect(try await ec.user(authorization: "Bearer " + (try await Self.es256(Self.claims()))) == "u001")
        // Each accepts only its own algorithm.
        #expect(await Self.refusal(rsa, try await Self.es256(Self.claims()))?.contains("algorithm 'ES256'") == true)
        #expect(await Self.refusal(ec, try await Self.rs256(Self.claims()))?.contains("algorithm 'RS256'") == true)
        // A key of the right type that is not the configured one.
        let stranger = ES256PrivateKey()
        #expect(await Self.refusal(ec, try await Self.es256(Self.claims(), key: stranger.pemRepresentation)) != nil)
        await #expect(throws: ConfigurationError.self) { _ = try await TokenVerifier.publicKey(pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----") }
    }

    @Test func algorithmConfusionIsRefused() async throws {
        // An HS256 token "signed" with the RSA public key as the HMAC secret: the classic swap.
        let publicPEM = try Self.key("rsa-public.pem")
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: publicPEM), digestAlgorithm: .sha256)
        let forged = try await keys.sign(Self.claims())
        let rsa = try await TokenVerifier.publicKey(pem: publicPEM)
        #expect(await Self.refusal(rsa, forged)?.contains("algorithm 'HS256'") == true)
        let jwks = try await TokenVerifier.jwks(json: try Self.key("jwks.json"))
        #expect(await Self.refusal(jwks, forged)?.contains("algorithm 'HS256'") == true)
    }

    @Test func jwksChoosesTheKeyByKid() async throws {
        let verifier = try await TokenVerifier.jwks(json: try Self.key("jwks.json"))
        #expect(try await verifier.user(authorization: "Bearer " + (try await Self.rs256(Self.claims(sub: "u002"), kid: "rsa-1"))) == "u002")
        #expect(try await verifier.user(authorization: "Bearer " + (try await Self.es256(Self.claims(sub: "u003"), kid: "ec-1"))) == "u003")
        #expect(await Self.refusal(verifier, try await Self.rs256(Self.claims(), kid: "unknown-kid")) != nil)
        // The right kid on a token signed by another key.
        #expect(await Self.refusal(verifier, try await Self.es256(Self.claims(), kid: "ec-1", key: ES256PrivateKey().pemRepresentation)) != nil)
        await #expect(throws: ConfigurationError.self) { _ = try await TokenVerifier.jwks(json: #"{"keys":[]}"#) }
        await #expect(throws: ConfigurationError.self) { _ = try await TokenVerifier.jwks(json: "not json") }
    }

    @Test func timeClaimsAllowTheConfiguredSkewAndNoMore() async throws {
        let verifier = try await TokenVerifier.publicKey(pem: try Self.key("ec-public.pem"), policy: TokenPolicy(leeway: 30))
        let cases: [(String, UserClaims, String?)] = [
            ("expired 10 s ago, within skew", Self.claims(exp: -10), nil),
            ("expired 2 min ago", Self.claims(exp: -120), "expired"),
            ("nbf in 10 s, within skew", Self.claims(nbf: 10), nil),
            ("nbf in 5 min", Self.claims(nbf: 300), "nbf"),
            ("nbf passed", Self.claims(nbf: -60), nil),
            ("issued in 5 min", Self.claims(iat: 300), "iat"),
        ]
        for (name, claims, reason) in cases {
            let refusal = await Self.refusal(verifier, try await Self.es256(claims))
            if let reason {
                #expect(refusal?.contains(reason) == true, "\(name): \(refusal ?? "accepted")")
            } else {
                #expect(refusal == nil, "\(name): \(refusal ?? "")")
            }
        }
        let strict = try await TokenVerifier.publicKey(pem: try Self.key("ec-public.pem"), policy: TokenPolicy(leeway: 0))
        #expect(await Self.refusal(strict, try await Self.es256(Self.claims(exp: -10)))?.contains("expired") == true)
    }

    @Test func issuerAndAudienceAreRequiredWhenConfigured() async throws {
        let policy = TokenPolicy(issuer: "https://auth.example", audience: "edge-router")
        let verifier = try await TokenVerifier.publicKey(pem: try Self.key("rsa-public.pem"), policy: policy)
        let cases: [(String, UserClaims, String?)] = [
            ("both right", Self.claims(iss: "https://auth.example", aud: ["edge-router"]), nil),
            ("audience among several", Self.claims(iss: "https://auth.example", aud: ["billing", "edge-router"]), nil),
            ("no issuer", Self.claims(aud: ["edge-router"]), "iss"),
            ("other issuer", Self.claims(iss: "https://evil.example", aud: ["edge-router"]), "iss"),
            ("no audience", Self.claims(iss: "https://auth.example"), "aud"),
            ("other audience", Self.claims(iss: "https://auth.example", aud: ["billing"]), "aud"),
        ]
        for (name, claims, reason) in cases {
            let refusal = await Self.refusal(verifier, try await Self.rs256(claims))
            if let reason {
                #expect(refusal?.contains(reason) == true, "\(name): \(refusal ?? "accepted")")
            } else {
                #expect(refusal == nil, "\(name): \(refusal ?? "")")
            }
        }
    }

    @Test func configurationReadsTheTokenSettings() throws {
        let c = try RouterConfiguration.fromEnvironment([
            "ROUTER_JWT_JWKS_FILE": "/etc/jwks.json", "ROUTER_JWT_ISSUER": "https://auth.example", "ROUTER_JWT_AUDIENCE": "edge-router",
            "ROUTER_JWT_LEEWAY_S": "10",
        ])
        #expect(c.jwksFile == "/etc/jwks.json" && c.tokenPolicy == TokenPolicy(issuer: "https://auth.example", audience: "edge-router", leeway: 10))
        #expect(throws: ConfigurationError.self) { _ = try RouterConfiguration.fromEnvironment(["ROUTER_JWT_LEEWAY_S": "3600"]) }
        #expect(throws: ConfigurationError.self) {
            _ = try RouterConfiguration.fromEnvironment(["ROUTER_JWT_JWKS_FILE": "a", "ROUTER_JWT_PUBLIC_KEY_FILE": "b"])
        }
    }
}
