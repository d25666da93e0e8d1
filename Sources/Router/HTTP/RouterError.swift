import Hummingbird
import Tier2Compute

/// Every way a request can fail, each mapped to exactly one problem document (RFC 9457).
public enum RouterError: Error, Sendable {
    case unauthorized(String)
    case badRequest(String)
    case payloadTooLarge(limit: Int)
    case invalidField(field: String, detail: String)
    case notFound(String)
    case methodNotAllowed
    case tierNotAllowed(needed: Int, maxTier: Int, classification: Classification)
    case aiUnavailable(reason: String, classification: Classification)
    case compute(ComputeError, route: String)
    case summaryUnavailable(String)
    case internalError(String)

    var status: HTTPResponse.Status {
        switch self {
        case .unauthorized: return .unauthorized
        case .badRequest: return .badRequest
        case .payloadTooLarge: return .contentTooLarge
        case .invalidField, .tierNotAllowed, .compute: return .unprocessableContent
        case .notFound: return .notFound
        case .methodNotAllowed: return .methodNotAllowed
        case .aiUnavailable, .summaryUnavailable: return .serviceUnavailable
        case .internalError: return .internalServerError
        }
    }

    /// The last path segment of the problem `type`.
    var slug: String {
        switch self {
        case .unauthorized: return "unauthorized"
        case .badRequest: return "bad-request"
        case .payloadTooLarge: return "payload-too-large"
        case .invalidField: return "invalid-field"
        case .notFound: return "not-found"
        case .methodNotAllowed: return "method-not-allowed"
        case .tierNotAllowed: return "tier-not-allowed"
        case .aiUnavailable: return "ai-unavailable"
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
        case .invalidField: return "Invalid field"
        case .notFound: return "Not found"
        case .methodNotAllowed: return "Method not allowed"
        case .tierNotAllowed: return "Question needs a higher tier than max_tier allows"
        case .aiUnavailable: return "AI tier unavailable"
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
        case .invalidField(let field, let detail): return "\(field): \(detail)"
        case .notFound(let what): return what
        case .methodNotAllowed: return "This endpoint does not accept that method."
        case .tierNotAllowed(let needed, let maxTier, _):
            return "This question needs tier \(needed), but max_tier is \(maxTier)."
        case .aiUnavailable(let reason, _): return reason
        case .compute(let error, _): return error.detail
        case .summaryUnavailable(let why): return why
        case .internalError: return "The router failed to answer; the request id identifies it in the logs."
        }
    }

    /// Seconds after which a retry may succeed, for `Retry-After`.
    var retryAfter: Int? {
        switch self {
        case .summaryUnavailable: return 5
        default: return nil
        }
    }
}
