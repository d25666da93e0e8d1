import Foundation
import JWTKit

/// Verifies bearer JWTs and yields the user. Only the algorithms configured here are accepted,
/// whatever a token's header claims (so `alg: none` and algorithm swaps fail before any key is used).
public struct TokenVerifier: Sendable {
    private let keys: JWTKeyCollection
    private let algorithms: Set<String>

    /// HS256 with a shared secret of at least 32 bytes.
    public static func hs256(secret: String) async throws -> TokenVerifier {
        guard secret.utf8.count >= 32 else { throw ConfigurationError.weakSecret }
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return TokenVerifier(keys: keys, algorithms: ["HS256"])
    }

    /// The user a request's `Authorization` header proves, or why it does not.
    public func user(authorization header: String?) async throws(RouterError) -> String {
        guard let header, !header.isEmpty else {
            throw .unauthorized("Missing Authorization header: send 'Authorization: Bearer <JWT>'.")
        }
        guard header.utf8.count <= 8192 else { throw .unauthorized("Authorization header is too long.") }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw .unauthorized("Authorization must use the Bearer scheme.")
        }
        let token = String(parts[1]).trimmingCharacters(in: .whitespaces)
        guard let alg = Self.algorithm(of: token) else { throw .unauthorized("Malformed token.") }
        guard algorithms.contains(alg) else { throw .unauthorized("Token algorithm '\(alg.prefix(16))' is not accepted.") }
        let claims: UserClaims
        do {
            claims = try await keys.verify(token, as: UserClaims.self)
        } catch let error as JWTError where error.errorType == .claimVerificationFailure {
            throw .unauthorized("Token expired.")
        } catch {
            throw .unauthorized("Invalid token: signature or claims do not verify.")
        }
        let user = claims.sub.value
        guard !user.isEmpty, user.utf8.count <= 128, user.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
            throw .unauthorized("Token subject is empty or malformed.")
        }
        return user
    }

    /// A signed token for `user`, valid for `lifetime` seconds (demo mode and tests).
    public func token(for user: String, lifetime: TimeInterval = 86_400) async throws -> String {
        let now = Date()
        let claims = UserClaims(
            sub: SubjectClaim(value: user), exp: ExpirationClaim(value: now.addingTimeInterval(lifetime)),
            iat: IssuedAtClaim(value: now)
        )
        return try await keys.sign(claims)
    }

    /// The `alg` of a compact JWS header, without trusting anything else in it.
    static func algorithm(of token: String) -> String? {
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3, segments.allSatisfy({ !$0.isEmpty }) || segments[2].isEmpty else { return nil }
        var base64 = segments[0].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let alg = object["alg"] as? String
        else { return nil }
        return alg
    }
}

/// A configuration the router refuses to start with.
public enum ConfigurationError: Error, CustomStringConvertible {
    case weakSecret
    case invalid(String)

    public var description: String {
        switch self {
        case .weakSecret: return "ROUTER_JWT_SECRET must be at least 32 bytes (HS256 needs a key as long as its hash)."
        case .invalid(let what): return what
        }
    }
}
