import Foundation
import JWTKit

/// The claims the router reads from a bearer token: who (`sub`), until when (`exp`), and the
/// optional `nbf`, `iat`, `iss` and `aud`. A token without `exp` is refused: an unexpiring
/// credential for financial data is a liability. Time and audience checks are made by
/// `TokenVerifier` after the signature, with the configured clock skew.
struct UserClaims: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim?
    var nbf: NotBeforeClaim?
    var iss: IssuerClaim?
    var aud: AudienceClaim?

    init(sub: SubjectClaim, exp: ExpirationClaim, iat: IssuedAtClaim? = nil, nbf: NotBeforeClaim? = nil, iss: IssuerClaim? = nil, aud: AudienceClaim? = nil) {
        self.sub = sub
        self.exp = exp
        self.iat = iat
        self.nbf = nbf
        self.iss = iss
        self.aud = aud
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
