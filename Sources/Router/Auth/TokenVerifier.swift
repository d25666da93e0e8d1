import Foundation
import JWTKit

/// Verifies bearer JWTs and yields the user. Only the algorithms of the configured keys are
/// accepted, whatever a token's header claims: `alg: none` and algorithm swaps (an HS256 token
/// "signed" with an RSA public key) fail before any key is used.
package struct TokenVerifier: Sendable {
    private let keys: JWTKeyCollection
    private let algorithms: Set<String>
    package let policy: TokenPolicy
    /// With a JWKS: the key ids a token must name (JWTKit would otherwise fall back to a default key).
    private var kids: Set<String>? = nil
    /// Tokens already verified, until their `exp`.
    let verified = VerifiedTokens()

    /// HS256 with a shared secret of at least 32 bytes.
    package static func hs256(secret: String, policy: TokenPolicy = TokenPolicy()) async throws -> TokenVerifier {
        guard secret.utf8.count >= 32 else { throw ConfigurationError.weakSecret }
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return TokenVerifier(keys: keys, algorithms: ["HS256"], policy: policy)
    }

    /// RS256 or ES256 with one public key in PEM (`-----BEGIN PUBLIC KEY-----`): the key's type
    /// decides the one algorithm accepted.
    package static func publicKey(pem: String, policy: TokenPolicy = TokenPolicy()) async throws -> TokenVerifier {
        let keys = JWTKeyCollection()
        if let rsa = try? Insecure.RSA.PublicKey(pem: pem) {
            await keys.add(rsa: rsa, digestAlgorithm: .sha256)
            return TokenVerifier(keys: keys, algorithms: ["RS256"], policy: policy)
        }
        if let ec = try? ES256PublicKey(pem: pem) {
            await keys.add(ecdsa: ec)
            return TokenVerifier(keys: keys, algorithms: ["ES256"], policy: policy)
        }
        throw ConfigurationError.invalid("the public key is neither an RSA key of 2048 bits or more nor a P-256 EC key (PEM)")
    }

    /// RS256 and ES256 keys from a JWKS document (`{"keys": [...]}`), chosen by the token's `kid`.
    package static func jwks(json: String, policy: TokenPolicy = TokenPolicy()) async throws -> TokenVerifier {
        let keys = JWTKeyCollection()
        let document: JWKS
        do {
            document = try JSONDecoder().decode(JWKS.self, from: Data(json.utf8))
        } catch {
            throw ConfigurationError.invalid("the JWKS file is not a JSON Web Key Set: \(error)")
        }
        var algorithms: Set<String> = []
        for key in document.keys {
            switch key.keyType {
            case .rsa: algorithms.insert("RS256")
            case .ecdsa: algorithms.insert("ES256")
            default: throw ConfigurationError.invalid("the JWKS holds a key type other than RSA or EC")
            }
            if let alg = key.algorithm?.rawValue, alg != "RS256", alg != "ES256" {
                throw ConfigurationError.invalid("the JWKS holds a key for \(alg); only RS256 and ES256 are accepted")
            }
        }
        guard !document.keys.isEmpty else { throw ConfigurationError.invalid("the JWKS has no keys") }
        do {
            try await keys.add(jwks: document)
        } catch {
            throw ConfigurationError.invalid("a JWKS key could not be used: \(error)")
        }
        let kids = Set(document.keys.compactMap { $0.keyIdentifier?.string })
        guard kids.count == document.keys.count else { throw ConfigurationError.invalid("every JWKS key needs its own kid") }
        return TokenVerifier(keys: keys, algorithms: algorithms, policy: policy, kids: kids)
    }

    /// The user a request's `Authorization` header proves, or why it does not.
    package func user(authorization header: String?) async throws(RouterError) -> String {
        guard let header, !header.isEmpty else {
            throw .unauthorized("Missing Authorization header: send 'Authorization: Bearer <JWT>'.")
        }
        guard header.utf8.count <= 8192 else { throw .unauthorized("Authorization header is too long.") }
        guard let bearer = Self.bearerToken(header) else { throw .unauthorized("Authorization must use the Bearer scheme.") }
        let now = Date()
        if let user = verified.user(bearer, now: now.timeIntervalSince1970) { return user }
        let token = String(bearer)
        guard let header = Self.header(of: token), let alg = header["alg"] as? String else { throw .unauthorized("Malformed token.") }
        guard algorithms.contains(alg) else { throw .unauthorized("Token algorithm '\(alg.prefix(16))' is not accepted.") }
        if let kids {
            guard let kid = header["kid"] as? String, kids.contains(kid) else { throw .unauthorized("Token key id (kid) is missing or unknown.") }
        }
        let claims: UserClaims
        do {
            claims = try await keys.verify(token, as: UserClaims.self)
        } catch {
            throw .unauthorized("Invalid token: signature or claims do not verify.")
        }
        try check(claims, now: now)
        let user = claims.sub.value
        guard Self.isAcceptableSubject(user) else {
            throw .unauthorized("Token subject is empty or malformed.")
        }
        verified.insert(bearer, user: user, expires: claims.exp.value.timeIntervalSince1970, now: now.timeIntervalSince1970)
        return user
    }

    /// The token of `Bearer <token>` (the scheme in any case, spaces or tabs around the token),
    /// read from the bytes: this runs on every request.
    static func bearerToken(_ header: String) -> Substring? {
        let utf8 = header.utf8
        var i = utf8.startIndex
        for expected in "bearer".utf8 {
            guard i != utf8.endIndex, utf8[i] | 0x20 == expected else { return nil }
            i = utf8.index(after: i)
        }
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard i != utf8.endIndex, utf8[i] == UInt8(ascii: " ") else { return nil }
        while i != utf8.endIndex, isBlank(utf8[i]) { i = utf8.index(after: i) }
        var end = utf8.endIndex
        while end > i, isBlank(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        guard i < end else { return nil }
        return header[i..<end]
    }

    /// A subject is a key in caches, logs, rate limits and budgets: at most 128 bytes, and no
    /// character that could end a log line or a field, or hide itself: no controls (C0, DEL, C1
    /// such as NEL), no line or paragraph separators, no format characters (bidi overrides,
    /// zero-width), nothing unassigned or private.
    static func isAcceptableSubject(_ user: String) -> Bool {
        guard !user.isEmpty, user.utf8.count <= 128 else { return false }
        return user.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator, .format, .unassigned, .privateUse, .surrogate: return false
            default: return true
            }
        }
    }

    /// The time, issuer and audience checks, each with its own reason.
    func check(_ claims: UserClaims, now: Date) throws(RouterError) {
        let leeway = policy.leeway
        guard claims.exp.value.timeIntervalSince(now) > -leeway else { throw .unauthorized("Token expired.") }
        if let nbf = claims.nbf, nbf.value.timeIntervalSince(now) > leeway { throw .unauthorized("Token not valid yet (nbf).") }
        if let iat = claims.iat, iat.value.timeIntervalSince(now) > leeway { throw .unauthorized("Token issued in the future (iat).") }
        if let issuer = policy.issuer, claims.iss?.value != issuer { throw .unauthorized("Token issuer (iss) is not accepted.") }
        if let audience = policy.audience, !(claims.aud?.value.contains(audience) ?? false) {
            throw .unauthorized("Token audience (aud) does not include this service.")
        }
    }

    /// A signed token for `user`, valid for `lifetime` seconds (demo mode and tests).
    package func token(for user: String, lifetime: TimeInterval = 86_400) async throws -> String {
        let now = Date()
        let claims = UserClaims(
            sub: SubjectClaim(value: user), exp: ExpirationClaim(value: now.addingTimeInterval(lifetime)),
            iat: IssuedAtClaim(value: now), iss: policy.issuer.map { IssuerClaim(value: $0) },
            aud: policy.audience.map { AudienceClaim(value: [$0]) }
        )
        return try await keys.sign(claims)
    }

    /// The `alg` of a compact JWS header, without trusting anything else in it.
    static func algorithm(of token: String) -> String? {
        header(of: token)?["alg"] as? String
    }

    /// The decoded header of a compact JWS, unverified.
    static func header(of token: String) -> [String: Any]? {
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3, segments.allSatisfy({ !$0.isEmpty }) || segments[2].isEmpty else { return nil }
        var base64 = segments[0].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), data.count <= 2048 else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }
}

/// A configuration the router refuses to start with.
package enum ConfigurationError: Error, CustomStringConvertible {
    case weakSecret
    case invalid(String)

    package var description: String {
        switch self {
        case .weakSecret: return "ROUTER_JWT_SECRET must be at least 32 bytes (HS256 needs a key as long as its hash)."
        case .invalid(let what): return what
        }
    }
}
