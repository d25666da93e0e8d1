import Foundation
import JWTKit
import Testing

@testable import Router

/// The cache of verified tokens: only successes, only until `exp`, bounded, and never more
/// lenient than a fresh check.
@Suite struct VerifiedTokensTests {
    @Test func aVerifiedTokenIsKeptUntilItsExpiry() {
        let cache = VerifiedTokens()
        cache.insert("a.b.c", user: "u001", expires: 1_000, now: 900)
        #expect(cache.user("a.b.c", now: 950) == "u001")
        #expect(cache.user("a.b.c", now: 1_000) == nil)
        // Gone once seen expired.
        #expect(cache.count == 0)
        // An already expired token (accepted within the leeway) is not kept.
        cache.insert("d.e.f", user: "u001", expires: 800, now: 900)
        #expect(cache.user("d.e.f", now: 900) == nil && cache.count == 0)
    }

    @Test func theTableStaysBounded() {
        let cache = VerifiedTokens(capacity: 64)
        for i in 0..<10_000 { cache.insert("t\(i)"[...], user: "u\(i)", expires: 2_000, now: 1_000) }
        #expect(cache.count <= 64)
        // The newest entry is always kept.
        #expect(cache.user("t9999", now: 1_000) == "u9999")
    }

    @Test func onlyTheTokenBytesAreTheKey() async throws {
        let verifier = try await TokenVerifier.hs256(secret: String(repeating: "s", count: 32))
        let token = try await verifier.token(for: "u007")
        #expect(try await verifier.user(authorization: "Bearer " + token) == "u007")
        #expect(verifier.verified.count == 1)
        // Same token, other spellings of the scheme and spacing: the same entry.
        #expect(try await verifier.user(authorization: "bearer  " + token + " ") == "u007")
        #expect(verifier.verified.count == 1)
        // A token one byte different is verified afresh, and refused.
        var tampered = Array(token.utf8)
        tampered[tampered.count - 2] = tampered[tampered.count - 2] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(await TokenTests.refusal(verifier, String(decoding: tampered, as: UTF8.self)) != nil)
        #expect(verifier.verified.count == 1)
    }

    @Test func refusedTokensAreNeverKept() async throws {
        let verifier = try await TokenVerifier.publicKey(pem: try TokenTests.key("ec-public.pem"), policy: TokenPolicy(leeway: 0))
        for claims in [TokenTests.claims(exp: -5), TokenTests.claims(nbf: 300), TokenTests.claims(sub: "")] {
            let token = try await TokenTests.es256(claims)
            #expect(await TokenTests.refusal(verifier, token) != nil)
            // Asked again, still refused (nothing was remembered).
            #expect(await TokenTests.refusal(verifier, token) != nil)
        }
        #expect(verifier.verified.count == 0)
    }

    @Test(arguments: [
        ("Bearer abc", "abc"), ("bearer abc", "abc"), ("BEARER  abc ", "abc"), ("Bearer \tabc\t", "abc"),
        ("Bearer", nil), ("Bearer ", nil), ("Bearerabc", nil), ("Basic abc", nil), ("Bear abc", nil), ("Bearer\tabc", nil), ("", nil),
    ] as [(String, String?)])
    func bearerTokenParsing(_ header: String, _ expected: String?) {
        #expect(TokenVerifier.bearerToken(header).map(String.init) == expected)
    }
}
