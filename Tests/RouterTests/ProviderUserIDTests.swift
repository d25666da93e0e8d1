import FakeAnthropic
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import Tier3AI

@testable import Router

/// The provider's `metadata.user_id` is a keyed hash (HMAC-SHA256 under a server key): stable
/// for a key, unlinkable to the user id without it.
@Suite struct ProviderUserIDTests {
    @Test func itIsHMACSHA256TruncatedTo128Bits() {
        // RFC 2104 / Wikipedia's HMAC-SHA256 example: key "key", the quick brown fox.
        let id = ProviderUserID(key: Array("key".utf8))("The quick brown fox jumps over the lazy dog")
        #expect(id == "u-f7bc83f430538424b13298e6aa6fb143")
    }

    @Test func stableForAKeyDifferentAcrossKeys() {
        let key = Array(String(repeating: "k", count: 32).utf8)
        let a = ProviderUserID(key: key)
        #expect(a("u001") == ProviderUserID(key: key)("u001"))
        #expect(a("u001") != a("u002"))
        #expect(a("u001") != ProviderUserID(key: Array(String(repeating: "j", count: 32).utf8))("u001"))
        #expect(ProviderUserID.random()("u001") != ProviderUserID.random()("u001"))
        #expect(a("u001").count == 34 && a("u001").dropFirst(2).allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(!a("u001").contains("u001"))
    }

    @Test func theKeyIsSetDerivedFromTheJWTSecretOrMadePerProcess() throws {
        let base = ["ANTHROPIC_API_KEY": "k"]
        let explicit = String(repeating: "x", count: 32)
        let set = try RouterConfiguration.fromEnvironment(base.merging(["ROUTER_AI_USER_ID_KEY": explicit]) { $1 })
        #expect(set.anthropic?.metadataUserIDKey == Array(explicit.utf8))
        #expect(throws: ConfigurationError.self) {
            try RouterConfiguration.fromEnvironment(base.merging(["ROUTER_AI_USER_ID_KEY": "short"]) { $1 })
        }
        let secret = String(repeating: "s", count: 32)
        let derived = try RouterConfiguration.fromEnvironment(base.merging(["ROUTER_JWT_SECRET": secret]) { $1 })
        let key = try #require(derived.anthropic?.metadataUserIDKey)
        #expect(key == ProviderUserID.derivedKey(fromJWTSecret: secret))
        #expect(key != Array(secret.utf8) && key.count == 32)
        // The explicit key wins over the JWT secret.
        let both = try RouterConfiguration.fromEnvironment(base.merging(["ROUTER_JWT_SECRET": secret, "ROUTER_AI_USER_ID_KEY": explicit]) { $1 })
        #expect(both.anthropic?.metadataUserIDKey == Array(explicit.utf8))
        #expect(try RouterConfiguration.fromEnvironment(base).anthropic?.metadataUserIDKey == nil)
    }

    @Test func theProviderSeesTheKeyedHash() async throws {
        let key = Array(String(repeating: "z", count: 40).utf8)
        try await AITierTests.withRouter(configure: { $0.metadataUserIDKey = key }) { client, fake in
            #expect(try await AITierTests.query(client, "Why is my food spending so high lately?", user: "u001").status == .ok)
            let body = String(decoding: try #require(await fake.state.requests().first).body, as: UTF8.self)
            #expect(body.contains(#""metadata":{"user_id":"\#(ProviderUserID(key: key)("u001"))"}"#))
        }
    }
}
