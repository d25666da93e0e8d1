import Crypto
import Foundation

/// HS256 bearer tokens for the demo users, minted with the router's secret (`ROUTER_JWT_SECRET`):
/// claims `sub`, `iat` and `exp`, like `scripts/run_eval.py` makes them.
enum Token {
    static func hs256(subject: String, secret: String, lifetime: TimeInterval = 86_400, now: Date = Date()) -> String {
        let iat = Int(now.timeIntervalSince1970)
        let header = base64URL(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let claims = base64URL(Data(#"{"exp":\#(iat + Int(lifetime)),"iat":\#(iat),"sub":"\#(subject)"}"#.utf8))
        let input = "\(header).\(claims)"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "\(input).\(base64URL(Data(mac)))"
    }

    static func base64URL(_ data: Data) -> String {
        var s = data.base64EncodedString()
        s = s.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while s.hasSuffix("=") { s.removeLast() }
        return s
    }
}
