import Foundation

/// What a verified token must also say: who issued it and for whom, and how much clock skew
/// between the issuer and this instance is tolerated on `exp`, `nbf` and `iat`.
package struct TokenPolicy: Sendable, Equatable {
    /// Required `iss`, if set.
    package var issuer: String?
    /// Required in `aud`, if set.
    package var audience: String?
    /// Seconds of tolerated clock skew.
    package var leeway: TimeInterval

    package init(issuer: String? = nil, audience: String? = nil, leeway: TimeInterval = 30) {
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway
    }
}
