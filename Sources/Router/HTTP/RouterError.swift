import Domain
import Hummingbird
import PromptGuard
import QueryClassifier
import Tier2Compute
import Tier3AI

/// Every way a request can fail, each mapped to exactly one problem document (RFC 9457).
package enum RouterError: Error, Sendable {
    case unauthorized(String)
    case badRequest(String)
    case payloadTooLarge(limit: Int)
    case headersTooLarge(limit: Int)
    case invalidField(field: String, detail: String)
    case notFound(String)
    /// The path exists, the method does not: 405 with `Allow`.
    case methodNotAllowed(allowed: [String])
    case tierNotAllowed(needed: Tier, maxTier: Tier, classification: Classification)
    /// Tier 3 cannot answer now (not configured, breaker open, saturated, provider failing):
    /// 503, with Retry-After when one is known.
    case aiUnavailable(reason: String, retryAfter: Int? = nil, classification: Classification)
    /// The user's or the service's daily AI budget is spent (429 until the next UTC day).
    case aiBudgetExceeded(scope: BudgetScope, retryAfter: Int, classification: Classification)
    /// The budget is not spent, but answers under way hold what is left of it: 503 for a few
    /// seconds, until their holds turn into (much smaller) spending.
    case aiBudgetHeld(scope: BudgetScope, retryAfter: Int, classification: Classification)
    /// The user sent more requests of a tier than its rate limit allows (429 with Retry-After).
    case rateLimited(tier: Tier, retryAfter: Int)
    /// The instance already has as many requests in hand as it accepts (`ROUTER_MAX_IN_FLIGHT`).
    case overloaded(retryAfter: Int)
    /// This user already has as many requests in hand as one user may (`ROUTER_MAX_IN_FLIGHT_PER_USER`):
    /// one client cannot take the instance's places from everyone else.
    case tooManyInFlight(limit: Int)
    /// The prompt-injection pre-check suspects the question (`ROUTER_PROMPT_GUARD=refuse`): 422,
    /// nothing sent to the provider, nothing spent.
    case promptRejected(threat: PromptThreat, evidence: String, classification: Classification)
    /// The provider refused the request or the model did not finish (502): retrying will not help.
    case aiFailed(reason: String, classification: Classification)
    case compute(ComputeError, route: ComputeRoute)
    case summaryUnavailable(String)
    case internalError(String)

    /// What a client is told about a case: one entry per case in one table, so a new case cannot
    /// get a status without a type, title and detail.
    struct Entry {
        let status: HTTPResponse.Status
        /// The last path segment of the problem `type`.
        let slug: String
        let title: String
        let detail: String
        /// Seconds after which a retry may succeed, for `Retry-After`.
        var retryAfter: Int? = nil
        /// The classification, for problems about a classified question.
        var classification: Classification? = nil
        /// The suspected threat, for `prompt-rejected`.
        var threat: PromptThreat? = nil
    }

    var entry: Entry {
        switch self {
        case .unauthorized(let why):
            return Entry(status: .unauthorized, slug: "unauthorized", title: "Unauthorized", detail: why)
        case .badRequest(let why):
            return Entry(status: .badRequest, slug: "bad-request", title: "Malformed request", detail: why)
        case .payloadTooLarge(let limit):
            return Entry(
                status: .contentTooLarge, slug: "payload-too-large", title: "Request body too large",
                detail: "The request body is larger than \(limit) bytes."
            )
        case .headersTooLarge(let limit):
            return Entry(
                status: .requestHeaderFieldsTooLarge, slug: "headers-too-large", title: "Request headers too large",
                detail: "The request headers are larger than \(limit) bytes."
            )
        case .invalidField(let field, let detail):
            return Entry(status: .unprocessableContent, slug: "invalid-field", title: "Invalid field", detail: "\(field): \(detail)")
        case .notFound(let what):
            return Entry(status: .notFound, slug: "not-found", title: "Not found", detail: what)
        case .methodNotAllowed(let allowed):
            return Entry(
                status: .methodNotAllowed, slug: "method-not-allowed", title: "Method not allowed",
                detail: allowed.isEmpty
                    ? "This endpoint does not accept that method." : "This endpoint accepts \(allowed.joined(separator: ", ")) only."
            )
        case .tierNotAllowed(let needed, let maxTier, let c):
            return Entry(
                status: .unprocessableContent, slug: "tier-not-allowed", title: "Question needs a higher tier than max_tier allows",
                detail: "This question needs tier \(needed), but max_tier is \(maxTier).", classification: c
            )
        case .aiUnavailable(let reason, let retryAfter, let c):
            return Entry(
                status: .serviceUnavailable, slug: "ai-unavailable", title: "AI tier unavailable", detail: reason,
                retryAfter: retryAfter, classification: c
            )
        case .aiBudgetExceeded(let scope, let retryAfter, let c):
            let whose = scope.whose
            return Entry(
                status: .tooManyRequests, slug: "ai-budget-exceeded", title: "AI budget exceeded",
                detail: "\(whose.prefix(1).uppercased() + whose.dropFirst()) daily AI budget is spent; questions answered without the AI still work.",
                retryAfter: retryAfter, classification: c
            )
        case .aiBudgetHeld(let scope, let retryAfter, let c):
            let whose = scope.whose
            return Entry(
                status: .serviceUnavailable, slug: "ai-unavailable", title: "AI tier unavailable",
                detail: "Answers under way hold what is left of \(whose) daily AI budget, which is not spent; retry in \(retryAfter) s.",
                retryAfter: retryAfter, classification: c
            )
        case .rateLimited(let tier, let retryAfter):
            return Entry(
                status: .tooManyRequests, slug: "rate-limited", title: "Too many requests",
                detail: "Too many tier \(tier) requests; retry in \(retryAfter) s.", retryAfter: retryAfter
            )
        case .overloaded(let retryAfter):
            return Entry(
                status: .serviceUnavailable, slug: "overloaded", title: "Router overloaded",
                detail: "This instance is answering as many requests as it accepts; retry in \(retryAfter) s (or on another instance).",
                retryAfter: retryAfter
            )
        case .tooManyInFlight(let limit):
            return Entry(
                status: .tooManyRequests, slug: "too-many-in-flight", title: "Too many requests in flight",
                detail: "You already have \(limit) requests in progress on this instance; wait for one to finish.", retryAfter: 1
            )
        case .promptRejected(let threat, let evidence, let c):
            return Entry(
                status: .unprocessableContent, slug: "prompt-rejected", title: "Question rejected by the injection check",
                detail: "This question reads as \(threat.phrase) (\"\(evidence)\"), so it was not sent to the AI. "
                    + "Ask about your own records in your own words.",
                classification: c, threat: threat
            )
        case .aiFailed(let reason, let c):
            return Entry(status: .badGateway, slug: "ai-failed", title: "AI tier failed", detail: reason, classification: c)
        case .compute(let error, _):
            let (slug, title) = switch error {
            case .unknownPlace: ("unknown-place", "Unknown place")
            case .invalidValue: ("invalid-value", "Invalid value")
            case .missingParameter: ("missing-parameter", "Missing parameter")
            case .incompatibleUnits: ("incompatible-units", "Incompatible units")
            }
            return Entry(status: .unprocessableContent, slug: slug, title: title, detail: error.detail)
        case .summaryUnavailable(let why):
            return Entry(
                status: .serviceUnavailable, slug: "summary-unavailable", title: "Summary temporarily unavailable", detail: why, retryAfter: 5
            )
        case .internalError:
            return Entry(
                status: .internalServerError, slug: "internal-error", title: "Internal error",
                detail: "The router failed to answer; the request id identifies it in the logs."
            )
        }
    }

    var status: HTTPResponse.Status { entry.status }
    var slug: String { entry.slug }
    var title: String { entry.title }
    var detail: String { entry.detail }
    var retryAfter: Int? { entry.retryAfter }
}

extension BudgetScope {
    /// Whose budget, in a problem's detail.
    var whose: String {
        switch self {
        case .user: "your"
        case .global: "the service's"
        }
    }
}

extension RouterError {
    /// The one problem each budget refusal maps to: spending at the limit is a 429 until the next
    /// UTC day; anything else is transient.
    static func budget(_ refusal: BudgetRefusal, classification c: Classification) -> RouterError {
        switch refusal {
        case .exceeded(let scope, let seconds): return .aiBudgetExceeded(scope: scope, retryAfter: seconds, classification: c)
        case .held(let scope, let seconds): return .aiBudgetHeld(scope: scope, retryAfter: seconds, classification: c)
        case .unavailable:
            return .aiUnavailable(reason: "The AI budget store did not answer; tier 3 is paused.", retryAfter: 5, classification: c)
        }
    }

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
