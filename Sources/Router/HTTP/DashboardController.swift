import Domain
import Foundation
import Hummingbird
import NIOCore
import QueryClassifier
import Synchronization
import Tier1Cache
import Tier2Compute

/// `GET /v1/summaries/{name}` (dashboard widgets, with ETag/304) and `GET /v1/compute/{name}`.
struct DashboardController: Sendable {
    let services: RouterServices

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("summaries/:name") { request, context in try await self.summary(request, context: context) }
        group.get("compute/:name") { request, context in try await self.compute(request, context: context) }
    }

    private func parameters(_ request: Request) throws(RouterError) -> [String: String] {
        var out: [String: String] = [:]
        for (key, value) in request.uri.queryParameters {
            guard key.utf8.count <= 64, value.utf8.count <= 256 else {
                throw .invalidField(field: String(key.prefix(64)), detail: "query parameter too long.")
            }
            out[String(key)] = String(value)
        }
        return out
    }

    func summary(_ request: Request, context: AppContext) async throws -> Response {
        guard let user = context.user else { throw RouterError.unauthorized("Authentication required.") }
        try await services.admit(user: user, tier: .summary, notes: context.notes)
        let name = context.parameters.get("name") ?? ""
        guard let kind = SummaryKind(shortName: name) ?? SummaryKind(rawValue: name) else {
            throw RouterError.notFound("No summary named '\(name.prefix(60))'. Summaries: \(SummaryKind.allCases.map(\.shortName).joined(separator: ", ")).")
        }
        let p = try parameters(request)
        let asOf = try p["as_of"].map { s throws(RouterError) in try QueryBody.validatedDay(s, field: "as_of") } ?? services.today()
        let period = try SummaryQueryParameters.period(p)
        let category = try SummaryQueryParameters.category(p["category"])
        let limit = try SummaryQueryParameters.limit(p["limit"])
        guard let summaryRequest = SummaryRequest(kind: kind, period: period, category: category, limit: limit, asOf: asOf) else {
            throw RouterError.invalidField(
                field: "period",
                detail: kind == .budgetStatus ? "budgets are monthly: give a month (this_month, last_month, a month name)." : "the period lies after as_of."
            )
        }
        let c = Classification(
            target: .summary(summaryRequest), confidence: 1, domain: kind == .fuelStats ? .travel : .spending,
            reasons: ["dashboard request"]
        )
        var timing = context.notes.timing
        let result = try await Answering(services: services).answer(c, user: user, timing: &timing)
        context.notes.cacheHit = result.cache?.cacheHit
        let etag = ETag.make(user: user, key: summaryRequest.cacheKey(user: user), payload: result.payload)
        var headers = HTTPFields()
        headers[.eTag] = etag
        headers[.cacheControl] = "private, max-age=\(result.cache?.remainingSeconds ?? 0)"
        headers[.serverTiming] = timing.header(total: context.elapsedMilliseconds)
        headers[.routerTier] = "1"
        headers[.routerRoute] = kind.rawValue
        if let match = request.headers[.ifNoneMatch], ETag.matches(match, etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: AnswerBody.build(c, result: result, requestID: context.requestID)))
    }

    func compute(_ request: Request, context: AppContext) async throws -> Response {
        guard let user = context.user else { throw RouterError.unauthorized("Authentication required.") }
        try await services.admit(user: user, tier: .compute, notes: context.notes)
        let name = context.parameters.get("name") ?? ""
        guard let route = ComputeRoute(name: name) else {
            throw RouterError.notFound("No computation named '\(name.prefix(60))'. Computations: \(ComputeRoute.allCases.map(\.shortName).joined(separator: ", ")).")
        }
        let computeRequest: ComputeRequest
        do {
            computeRequest = try ComputeRequest(route: route, parameters: try parameters(request))
        } catch let error as ComputeError {
            throw RouterError.compute(error, route: route)
        }
        let c = Classification(target: .compute(computeRequest), confidence: 1, domain: .general, reasons: ["direct computation"])
        var timing = context.notes.timing
        let result = try await Answering(services: services).answer(c, user: user, timing: &timing)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.serverTiming] = timing.header(total: context.elapsedMilliseconds)
        headers[.routerTier] = "2"
        headers[.routerRoute] = route.rawValue
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: AnswerBody.build(c, result: result, requestID: context.requestID)))
    }
}

/// Parsing the dashboard's query items into summary parameters.
enum SummaryQueryParameters {
    /// `period=this_month`, `period=last_30_days`, `period=october`, `period=2025-03`, or `from`/`to`.
    static func period(_ p: [String: String]) throws(RouterError) -> Period? {
        if let from = p["from"] ?? p["to"] {
            let a = try QueryBody.validatedDay(p["from"] ?? from, field: "from")
            let b = try QueryBody.validatedDay(p["to"] ?? from, field: "to")
            guard a <= b else { throw .invalidField(field: "from", detail: "must not be after 'to'.") }
            return .between(a, b)
        }
        guard let raw = p["period"] else { return nil }
        if let known = knownPeriods.withLock({ $0[raw] }) { return known }
        // `this_month` reads as "this month" (bytes, not NSString: this runs on every hit).
        let text = String(decoding: raw.utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
        if text == "all time" || text == "all" { return .allTime }
        // "2025-03": a month of a year.
        if raw.utf8.count == 7, Day(iso: raw + "-01") != nil {
            let first = try QueryBody.validatedDay(raw + "-01", field: "period")
            return .monthOfYear(month: first.month, year: first.year)
        }
        guard let period = PeriodWords.period(text) else {
            throw .invalidField(
                field: "period",
                detail: "'\(raw.prefix(40))' is not a period (e.g. today, this_week, last_month, this_year, last_30_days, october, 2025-03, all_time)."
            )
        }
        // A period name means the same on every day (it is resolved against `as_of` later), so
        // the names dashboards poll with are read once. Only names that parsed are kept, and
        // at most 256 of them, so junk cannot grow the table.
        knownPeriods.withLock { table in
            if table.count >= 256 { table.removeAll(keepingCapacity: true) }
            table[raw] = period
        }
        return period
    }

    private static let knownPeriods = Mutex<[String: Period]>([:])

    static func category(_ raw: String?) throws(RouterError) -> Category? {
        guard let raw, !raw.isEmpty else { return nil }
        if let c = PeriodWords.category(raw) { return c }
        throw .invalidField(field: "category", detail: "'\(raw.prefix(40))' is not a category (\(Category.allCases.map(\.rawValue).joined(separator: ", "))).")
    }

    static func limit(_ raw: String?) throws(RouterError) -> Int? {
        guard let raw else { return nil }
        guard let n = Int(raw), n >= 1, n <= SummaryRequest.maximumLimit else {
            throw .invalidField(field: "limit", detail: "must be a whole number from 1 to \(SummaryRequest.maximumLimit).")
        }
        return n
    }
}

/// Entity tags for summary answers: they name the user's entry and its bytes.
enum ETag {
    static func make(user: String, key: String, payload: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix<S: Sequence<UInt8>>(_ bytes: S) {
            for b in bytes {
                hash ^= UInt64(b)
                hash = hash &* 0x100_0000_01b3
            }
        }
        mix(key.utf8)
        mix(payload)
        return "\"" + String(hash, radix: 16) + "\""
    }

    static func matches(_ header: String, _ etag: String) -> Bool {
        // If-None-Match uses the weak comparison (RFC 9110 13.1.2): `W/"x"` matches `"x"`.
        header.split(separator: ",").contains { candidate in
            let tag = candidate.trimmingCharacters(in: .whitespaces)
            return tag == "*" || tag == etag || (tag.hasPrefix("W/") && tag.dropFirst(2) == etag)
        }
    }
}
