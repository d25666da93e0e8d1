import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PromptGuard
import QueryClassifier

/// An RFC 9457 problem document, with the request id and, where it explains the error, the
/// classification.
struct Problem: Encodable {
    let type: String
    let title: String
    let status: Int
    let detail: String
    let requestID: String
    var classification: Classification?
    var retryAfter: Int?
    /// `prompt-rejected` only: the suspected threat, snake_case like every name in the API.
    var threat: String?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, requestID = "request_id", classification, retryAfter = "retry_after", threat
    }

    init(_ error: RouterError, requestID: String) {
        let entry = error.entry
        self.type = "/problems/" + entry.slug
        self.title = entry.title
        self.status = Int(entry.status.code)
        self.detail = entry.detail
        self.requestID = requestID
        self.retryAfter = entry.retryAfter
        self.classification = entry.classification
        self.threat = entry.threat?.wireName
    }

    func encoded() -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data(#"{"title":"Internal error","status":500}"#.utf8)
        return ByteBuffer(bytes: data)
    }

    static func response(_ error: RouterError, requestID: String, timing: String) -> Response {
        let entry = error.entry
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        headers[.serverTiming] = timing
        if let retry = entry.retryAfter { headers[.retryAfter] = String(retry) }
        // A problem about a classified question says which tier and route it was, like an answer.
        if let c = entry.classification {
            headers[.routerTier] = c.tier.description
            headers[.routerRoute] = c.route.name
        }
        if case .methodNotAllowed(let allowed) = error, !allowed.isEmpty {
            headers[.allow] = allowed.joined(separator: ", ")
        }
        if case .unauthorized = error {
            headers[.wwwAuthenticate] = #"Bearer realm="router", error="invalid_token""#
        }
        return Response(status: entry.status, headers: headers, body: .init(byteBuffer: Problem(error, requestID: requestID).encoded()))
    }
}

extension HTTPField.Name {
    // Literal, valid token names: these initialisers cannot fail.
    static let serverTiming = HTTPField.Name("Server-Timing")!
    static let requestID = HTTPField.Name("X-Request-Id")!
    static let routerTier = HTTPField.Name("X-Router-Tier")!
    static let routerRoute = HTTPField.Name("X-Router-Route")!
    /// On a tier 3 answer the injection pre-check flagged (`ROUTER_PROMPT_GUARD=flag`): the threat.
    static let routerPromptFlag = HTTPField.Name("X-Router-Prompt-Flag")!
}
