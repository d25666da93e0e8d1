import Domain
import Tier2Compute

/// The router's decision for one query: which tier and route answers it, with what parameters,
/// how sure it is, and why (`/v1/classify` shows all of it).
public struct Classification: Sendable {
    public enum Target: Sendable {
        case summary(SummaryRequest)
        case compute(ComputeRequest)
        case ai
    }

    /// What a question is about; tier 3 picks its tool bundle by it.
    public enum Domain: String, Sendable {
        case spending, travel, general
    }

    public let target: Target
    public let confidence: Double
    public let domain: Domain
    public let reasons: [String]
    /// The question as the classifier read it, after normalisation (spelled out only when asked
    /// for: the tokens are kept, the text is not built on the hot path).
    public var normalized: String { Normalized.text(of: normalizedTokens) }
    var normalizedTokens: [Token] = []
    /// What normalisation changed, in order.
    public var rewrites: [Rewrite] = []

    /// A decision made elsewhere (a dashboard's direct request, a tool call): no normalisation.
    package init(target: Target, confidence: Double, domain: Domain, reasons: [String]) {
        self.target = target
        self.confidence = confidence
        self.domain = domain
        self.reasons = reasons
    }

    public var tier: Tier { route.tier }

    public var route: Route {
        switch target {
        case .summary(let request): return .summary(request.kind)
        case .compute(let request): return .compute(request.route)
        case .ai: return .ai
        }
    }
}

extension Classification: Encodable {
    enum CodingKeys: String, CodingKey {
        case tier, route, params, confidence, domain, reasons, normalized, rewrites
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(tier.rawValue, forKey: .tier)
        try c.encode(route.name, forKey: .route)
        switch target {
        case .summary(let request): try c.encode(SummaryParams(request), forKey: .params)
        case .compute(let request): try c.encode(request, forKey: .params)
        case .ai: try c.encode(["domain": domain.rawValue], forKey: .params)  // as in the answer (AnswerBody.params)
        }
        try c.encode((confidence * 100).rounded() / 100, forKey: .confidence)
        try c.encode(domain.rawValue, forKey: .domain)
        try c.encode(reasons, forKey: .reasons)
        try c.encode(normalized, forKey: .normalized)
        try c.encode(rewrites, forKey: .rewrites)
    }
}

/// A summary request's parameters as `/v1/classify` and answers show them.
package struct SummaryParams: Encodable {
    let request: SummaryRequest

    package init(_ request: SummaryRequest) { self.request = request }

    enum CodingKeys: String, CodingKey { case from, to, month, category, limit, asOf = "as_of" }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch request.kind {
        case .recentExpenses:
            try c.encode(request.limit, forKey: .limit)
        case .budgetStatus:
            try c.encode(request.range.from?.monthString, forKey: .month)
            fallthrough
        default:
            try c.encode(request.range.from?.description, forKey: .from)
            try c.encode(request.range.to.description, forKey: .to)
        }
        if request.kind.takesCategory { try c.encode(request.category?.rawValue, forKey: .category) }
        try c.encode(request.asOf.description, forKey: .asOf)
    }

    /// The same JSON as `encode(to:)` under a sorted-keys `JSONEncoder`, written by hand: it is
    /// part of every tier 1 answer, cache hits included. Every value is a date, a month, a
    /// category name or a number, none of which needs escaping. A test compares the two.
    package var jsonBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(96)
        func key(_ name: String, first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: "\":".utf8)
        }
        func string(_ value: String?) {
            guard let value else { return out.append(contentsOf: "null".utf8) }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: value.utf8)
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "{"))
        // Sorted: as_of, category, from, limit, month, to.
        key("as_of", first: true)
        string(request.asOf.description)
        if request.kind.takesCategory {
            key("category")
            string(request.category?.rawValue)
        }
        switch request.kind {
        case .recentExpenses:
            key("limit")
            out.append(contentsOf: String(request.limit).utf8)
        case .budgetStatus:
            key("from")
            string(request.range.from?.description)
            key("month")
            string(request.range.from?.monthString)
            key("to")
            string(request.range.to.description)
        default:
            key("from")
            string(request.range.from?.description)
            key("to")
            string(request.range.to.description)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
