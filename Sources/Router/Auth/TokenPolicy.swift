import Foundation

/// What a verified token must also say: who issued it and for whom, and how much clock skew
/// between the issuer and this instance is tolerated on `exp`, `nbf` and `iat`.
public struct TokenPolicy: Sendable, Equatable {
    /// Required `iss`, if set.
    public var issuer: String?
    /// Required in `aud`, if set.
    public var audience: String?
    /// Seconds of tolerated clock skew.
    public var leeway: TimeInterval

    public init(issuer: String? = nil, audience: String? = nil, leeway: TimeInterval = 30) {
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway
    }
}
