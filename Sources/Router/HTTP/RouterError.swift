import Hummingbird
import Tier2Compute
import Tier3AI
import QueryClassifier

/// Every way a request can fail, each mapped to exactly one problem document (RFC 9457).
public enum RouterError: Error, Sendable {
    case unauthorized(String)
    case badRequest(String)
    case payloadTooLarge(limit: Int)
    case headersTooLarge(limit: Int)
    case invalidField(field: String, detail: String)
    case notFound(String)
    /// The path exists, the method does not: 405 with `Allow`.
    case methodNotAllowed(allowed: [String])
    case tierNotAllowed(needed: Int, maxTier: Int, classification: Classification)
    /// Tier 3 cannot answer now (not configured, breaker open, saturated, provider failing):
    /// 503, with Retry-After when one is known.
    case aiUnavailable(reason: String, retryAfter: Int? = nil, classification: Classification)
    /// The user's or the service's daily AI budget is spent (429 until the next UTC day).
    case aiBudgetExceeded(scope: String, retryAfter: Int, classification: Classification)
    /// The user sent more requests of a tier than its rate limit allows (429 with Retry-After).
    case rateLimited(tier: Int, retryAfter: Int)
    /// The instance already has as many requests in hand as it accepts (`ROUTER_MAX_IN_FLIGHT`).
    case overloaded(retryAfter: Int)
    /// The provider refused the request or the model did not finish (502): retrying will not help.
    case aiFailed(reason: String, classification: Classification)
    case compute(ComputeError, route: String)
    case summaryUnavailable(String)
    case internalError(String)

    var status: HTTPResponse.Status {
        switch self {
        case .unauthorized: return .unauthorized
        case .badRequest: return .badRequest
        case .payloadTooLarge: return .contentTooLarge
        case .headersTooLarge: return .requestHeaderFieldsTooLarge
        case .invalidField, .tierNotAllowed, .compute: return .unprocessableContent
        case .notFound: return .notFound
        case .methodNotAllowed: return .methodNotAllowed
        case .aiUnavailable, .summaryUnavailable, .overloaded: return .serviceUnavailable
        case .aiFailed: return .badGateway
        case .aiBudgetExceeded, .rateLimited: return .tooManyRequests
        case .internalError: return .internalServerError
        }
    }

    /// The last path segment of the problem `type`.
    var slug: String {
        switch self {
        case .unauthorized: return "unauthorized"
        case .badRequest: return "bad-request"
        case .payloadTooLarge: return "payload-too-large"
        case .headersTooLarge: return "headers-too-large"
        case .invalidField: return "invalid-field"
        case .notFound: return "not-found"
        case .methodNotAllowed: return "method-not-allowed"
        case .tierNotAllowed: return "tier-not-allowed"
        case .aiUnavailable: return "ai-unavailable"
        case .aiFailed: return "ai-failed"
        case .aiBudgetExceeded: return "ai-budget-exceeded"
        case .rateLimited: return "rate-limited"
        case .overloaded: return "overloaded"
        case .compute(let error, _):
            switch error {
            case .unknownPlace: return "unknown-place"
            case .invalidValue: return "invalid-value"
            case .missingParameter: return "missing-parameter"
            case .incompatibleUnits: return "incompatible-units"
            }
        case .summaryUnavailable: return "summary-unavailable"
        case .internalError: return "internal-error"
        }
    }

    var title: String {
        switch self {
        case .unauthorized: return "Unauthorized"
        case .badRequest: return "Malformed request"
        case .payloadTooLarge: return "Request body too large"
        case .headersTooLarge: return "Request headers too large"
        case .invalidField: return "Invalid field"
        case .notFound: return "Not found"
        case .methodNotAllowed: return "Method not allowed"
        case .tierNotAllowed: return "Question needs a higher tier than max_tier allows"
        case .aiUnavailable: return "AI tier unavailable"
        case .aiFailed: return "AI tier failed"
        case .aiBudgetExceeded: return "AI budget exceeded"
        case .rateLimited: return "Too many requests"
        case .overloaded: return "Router overloaded"
        case .compute(let error, _):
            switch error {
            case .unknownPlace: return "Unknown place"
            case .invalidValue: return "Invalid value"
            case .missingParameter: return "Missing parameter"
            case .incompatibleUnits: return "Incompatible units"
            }
        case .summaryUnavailable: return "Summary temporarily unavailable"
        case .internalError: return "Internal error"
        }
    }

    var detail: String {
        switch self {
        case .unauthorized(let why): return why
        case .badRequest(let why): return why
        case .payloadTooLarge(let limit): return "The request body is larger than \(limit) bytes."
        case .headersTooLarge(let limit): return "The request headers are larger than \(limit) bytes."
        case .invalidField(let field, let detail): return "\(field): \(detail)"
        case .notFound(let what): return what
        case .methodNotAllowed(let allowed):
            return allowed.isEmpty
                ? "This endpoint does not accept that method."
                : "This endpoint accepts \(allowed.joined(separator: ", ")) only."
        case .tierNotAllowed(let needed, let maxTier, _):
            return "This question needs tier \(needed), but max_tier is \(maxTier)."
        case .aiUnavailable(let reason, _, _): return reason
        case .aiFailed(let reason, _): return reason
        case .aiBudgetExceeded(let scope, _, _):
            return scope == "user"
                ? "Your daily AI budget is spent; questions answered without the AI still work."
                : "The service's daily AI budget is spent; questions answered without the AI still work."
        case .rateLimited(let tier, let retryAfter):
            return "Too many tier \(tier) requests; retry in \(retryAfter) s."
        case .overloaded(let retryAfter):
            return "This instance is answering as many requests as it accepts; retry in \(retryAfter) s (or on another instance)."
        case .compute(let error, _): return error.detail
        case .summaryUnavailable(let why): return why
        case .internalError: return "The router failed to answer; the request id identifies it in the logs."
        }
    }

    /// Seconds after which a retry may succeed, for `Retry-After`.
    var retryAfter: Int? {
        switch self {
        case .summaryUnavailable: return 5
        case .aiUnavailable(_, let retryAfter, _): return retryAfter
        case .aiBudgetExceeded(_, let retryAfter, _): return retryAfter
        case .rateLimited(_, let retryAfter): return retryAfter
        case .overloaded(let retryAfter): return retryAfter
        default: return nil
        }
    }
}

extension RouterError {
    /// The one problem each tier 3 failure maps to (ARCHITECTURE.md: "Claude down → 503 with
    /// Retry-After"; a stream that breaks ends with an error, never a fake answer).
    static func ai(_ error: AIError, classification c: Classification) -> RouterError {
        switch error {
        case .notConfigured:
            return .aiUnavailable(reason: "AI tier not configured: this question needs tier 3 (Claude), and no ANTHROPIC_API_KEY is set.", classification: c)
        case .saturated(let seconds):
            return .aiUnavailable(reason: "The AI tier is at capacity; try again shortly.", retryAfter: seconds, classification: c)
        case .breakerOpen(let seconds):
            return .aiUnavailable(reason: "The AI provider has been failing; tier 3 is paused for \(seconds) s.", retryAfter: seconds, classification: c)
        case .upstream(let status, let type, let message, let retryAfter):
            if status == 408 || status == 409 || status == 429 || status >= 500 {
                return .aiUnavailable(
                    reason: "The AI provider is unavailable (HTTP \(status) \(type)).", retryAfter: retryAfter ?? 5, classification: c
                )
            }
            return .aiFailed(reason: "The AI provider refused the request (HTTP \(status) \(type): \(message.prefix(200))).", classification: c)
        case .connection(let why):
            return .aiUnavailable(reason: "The connection to the AI provider failed (\(why.prefix(160))).", retryAfter: 5, classification: c)
        case .streamError(let type, let message):
            return .aiUnavailable(reason: "The AI provider stopped mid-answer (\(type): \(message.prefix(160))).", retryAfter: 5, classification: c)
        case .timedOut(let seconds):
            return .aiUnavailable(reason: "The AI answer took longer than \(Int(seconds)) s.", retryAfter: 5, classification: c)
        case .toolRoundsExceeded(let rounds):
            return .aiFailed(reason: "The model kept asking for tools after \(rounds) rounds.", classification: c)
        case .invalidResponse(let why):
            return .aiFailed(reason: "The AI provider sent an invalid response (\(why.prefix(160))).", classification: c)
        case .cancelled:
            return .aiUnavailable(reason: "The request was cancelled.", classification: c)
        }
    }
}
