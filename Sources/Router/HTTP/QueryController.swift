import Domain
import Foundation
import Hummingbird
import Logging
import NIOCore
import PromptGuard
import QueryClassifier
import Tier1Cache
import Tier3AI

/// `POST /v1/query` and `POST /v1/classify`.
struct QueryController: Sendable {
    let services: RouterServices
    let bodyLimit: Int

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.post("query") { request, context in try await self.query(request, context: context) }
        group.post("classify") { request, context in try await self.classify(request, context: context) }
    }

    private func readBody(_ request: Request) async throws(RouterError) -> QueryBody {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: bodyLimit)
        } catch is NIOTooManyBytesError {
            throw .payloadTooLarge(limit: bodyLimit)
        } catch {
            throw .badRequest("The request body could not be read.")
        }
        return try QueryBody.parse(buffer)
    }

    func classify(_ request: Request, context: AppContext) async throws -> Response {
        guard let user = context.user else { throw RouterError.unauthorized("Authentication required.") }
        // Classification runs no tier; it is as cheap as a cached summary and shares its limit,
        // checked from the headers: a refused request's body is never read.
        try await services.admit(user: user, tier: .summary, notes: context.notes)
        let bodyStart = ContinuousClock.now
        let body = try await readBody(request)
        context.notes.add(phase: "body", since: bodyStart)
        var timing = context.notes.timing
        let asOf = body.asOf ?? services.today()
        let c = timing.measure("classify") { services.classifier.classify(body.query, asOf: asOf) }
        RouterMetrics.classified(c, endpoint: "classify")
        return jsonResponse(ByteBuffer(bytes: AnswerBody.json(c)), classification: c, timing: timing, context: context)
    }

    func query(_ request: Request, context: AppContext) async throws -> Response {
        guard let user = context.user else { throw RouterError.unauthorized("Authentication required.") }
        // Every question counts against the tier 1 allowance as it arrives, from its headers,
        // before its body is read; one that classifies to tier 2 or 3 counts against that tier too.
        try await services.admit(user: user, tier: .summary, notes: context.notes)
        let bodyStart = ContinuousClock.now
        var body = try await readBody(request)
        context.notes.add(phase: "body", since: bodyStart)
        var timing = context.notes.timing
        let asOf = body.asOf ?? services.today()
        // Decide without writing reasons (nobody reads them in an answer); a tier 3 question,
        // whose problems show the classification, is explained at once (it costs microseconds
        // against a model's seconds).
        var flag: PromptThreat?
        var c = timing.measure("classify") { services.classifier.classify(body.query, asOf: asOf, explain: false) }
        if c.tier == .ai { c = services.classifier.classify(body.query, asOf: asOf) }
        RouterMetrics.classified(c, endpoint: "query")
        do throws(RouterError) {
            if c.tier > body.maxTier {
                let explained = services.classifier.classify(body.query, asOf: asOf)
                throw RouterError.tierNotAllowed(needed: c.tier, maxTier: body.maxTier, classification: explained)
            }
            if c.tier != .summary {
                let limitStart = ContinuousClock.now
                defer { timing.add("limit", ServerTiming.milliseconds(ContinuousClock.now - limitStart)) }
                try await services.admit(user: user, tier: c.tier, notes: nil)
            }
            // The injection pre-check, after the rate limit (a refused attempt still counts).
            if c.tier == .ai, case .suspect(let threat, let evidence) = try services.screening.screen(body.query, classification: c) {
                context.logger.warning(
                    "prompt injection suspected; forwarded with a flag", metadata: ["threat": "\(threat.wireName)", "evidence": "\(evidence)"]
                )
                flag = threat
                body.query = PromptScreening.flagged(body.query, threat: threat)
            }
        } catch {
            throw TimedFailure(error: error, timing: timing)
        }
        let wantsStream = body.stream || (request.headers[.accept]?.contains("text/event-stream") ?? false)
        if wantsStream {
            return stream(c, body: body, asOf: asOf, user: user, timing: timing, flag: flag, context: context)
        }
        let answering = Answering(services: services)
        let result: Answering.Result
        do throws(RouterError) {
            if c.tier == .ai {
                result = try await answering.answerAI(
                    c, question: body.query, user: user, asOf: asOf, conversationID: body.conversationID, timing: &timing,
                    notes: context.notes
                )
            } else {
                result = try await answering.answer(c, user: user, timing: &timing)
            }
        } catch {
            // The phases that ran (classify, the tier's own) go into the problem's Server-Timing.
            throw TimedFailure(error: error, timing: timing)
        }
        context.notes.cacheHit = result.cache?.cacheHit
        context.notes.usage = result.usage
        let buffer = AnswerBody.build(c, result: result, requestID: context.requestID)
        return jsonResponse(buffer, classification: c, timing: timing, flag: flag, context: context)
    }

    private func jsonResponse(
        _ buffer: ByteBuffer, classification c: Classification, timing: ServerTiming, flag: PromptThreat? = nil, context: AppContext
    ) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.routerTier] = c.tier.description
        headers[.routerRoute] = c.route.name
        headers[.serverTiming] = timing.header(total: context.elapsedMilliseconds)
        if let flag { headers[.routerPromptFlag] = flag.wireName }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: buffer))
    }

    /// Server-Sent Events: `route` first (before any tier runs); for tier 3 `delta` and `tool`
    /// events as they happen, with comment keep-alives in the silences; then `done` or `error`.
    private func stream(
        _ c: Classification, body query: QueryBody, asOf: Day, user: String, timing: ServerTiming, flag: PromptThreat?, context: AppContext
    ) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        headers[.routerTier] = c.tier.description
        headers[.routerRoute] = c.route.name
        headers[.serverTiming] = timing.header(total: context.elapsedMilliseconds)
        if let flag { headers[.routerPromptFlag] = flag.wireName }
        let services = self.services
        let requestID = context.requestID
        // The stream ends after the middleware has returned: it records itself in the route log,
        // with its whole duration, its usage, and the status of an `error` event (499: the client left).
        context.notes.streamed = true
        let notes = context.notes
        let body = ResponseBody { writer in
            var finished = false
            defer {
                let status = finished ? (notes.streamFailureStatus ?? 200) : 499
                services.routeLog?.record(
                    RequestMiddleware.logRecord(path: "/v1/query", tier: c.tier, route: c.route.name, status: status, context: context)
                )
            }
            try await writer.write(SSE.event("route", AnswerBody.json(c)))
            if c.tier == .ai, let ai = services.ai {
                try await AIStream(services: services, keepAlive: ai.keepAlive).run(
                    c, query: query, asOf: asOf, user: user, requestID: requestID, timing: timing, notes: notes
                ) { buffer in try await writer.write(buffer) }
                try await writer.finish(nil)
                finished = true
                return
            }
            var timing = timing
            let outcome: Result<Answering.Result, RouterError>
            do throws(RouterError) {
                outcome = .success(try await Answering(services: services).answer(c, user: user, timing: &timing))
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success(let result):
                notes.cacheHit = result.cache?.cacheHit
                let done = AnswerBody.build(c, result: result, requestID: requestID)
                try await writer.write(SSE.event("done", Array(done.readableBytesView)))
            case .failure(let error):
                notes.streamFailureStatus = Int(error.status.code)
                let problem = Problem(error, requestID: requestID).encoded()
                try await writer.write(SSE.event("error", Array(problem.readableBytesView)))
            }
            try await writer.finish(nil)
            finished = true
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}

/// Server-Sent Events framing.
enum SSE {
    static func event(_ name: String, _ json: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString("event: \(name)\ndata: ")
        buffer.writeBytes(json)
        buffer.writeString("\n\n")
        return buffer
    }

    /// A comment line: ignored by clients, but it keeps intermediaries from closing an idle stream.
    static let keepAlive = ByteBuffer(string: ": keep-alive\n\n")
}
