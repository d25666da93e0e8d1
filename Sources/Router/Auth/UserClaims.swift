import Foundation
import JWTKit

/// The claims the router reads from a bearer token: who (`sub`) and until when (`exp`).
/// A token without `exp` is refused: an unexpiring credential for financial data is a liability.
struct UserClaims: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim?

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}
