import Crypto

/// The provider's `metadata.user_id` (fact sheet §1.2: an opaque id, no PII): HMAC-SHA256 of the
/// user id under a server key, the first 128 bits in hex. Keyed, because an unkeyed hash of a
/// known prefix and a guessable user id is reversed by hashing guesses; without the key nobody
/// who sees the ids (the provider, a log) can test one.
struct ProviderUserID: Sendable {
    private let key: SymmetricKey

    init(key: [UInt8]) {
        self.key = SymmetricKey(data: key)
    }

    private init(key: SymmetricKey) {
        self.key = key
    }

    /// A key of this process only: ids change at restart and differ between instances.
    static func random() -> ProviderUserID {
        ProviderUserID(key: SymmetricKey(size: .bits256))
    }

    /// The key `ROUTER_JWT_SECRET` implies when `ROUTER_AI_USER_ID_KEY` is not set: an HMAC of a
    /// fixed label, so the JWT secret itself keys nothing else and cannot be learnt from the ids.
    package static func derivedKey(fromJWTSecret secret: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array("edge-router provider user id v1".utf8), using: SymmetricKey(data: Array(secret.utf8))))
    }

    func callAsFunction(_ user: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(user.utf8), using: key)
        return "u-" + mac.prefix(16).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
