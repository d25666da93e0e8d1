import Domain
import Foundation
import Logging
import NIOCore
import QueryClassifier
import Tier1Cache
import Tier2Compute
import Tier3AI

/// Runs the tier a classification chose and produces the answer bytes.
struct Answering: Sendable {
    let services: RouterServices

    struct Result: Sendable {
        /// `{"answer":…,"data":…}`.
        var payload: [UInt8]
        var cache: SummaryService.Answer?
        /// Tier 3: tokens and their cost.
        var usage: AIUsage? = nil
    }

    func answer(_ c: Classification, user: String, timing: inout ServerTiming) async throws(RouterError) -> Result {
        switch c.target {
        case .summary(let request):
            let answer: SummaryService.Answer
            do throws(SummaryError) {
                answer = try await services.summaries.answer(request, user: user)
            } catch {
                switch error {
                case .storeUnavailable(let why): throw .summaryUnavailable("The database did not answer (\(why.prefix(120))).")
                case .encodingFailed(let why): throw .internalError(why)
                }
            }
            timing.add("cache", answer.cacheMilliseconds)
            if let sql = answer.sqlMilliseconds { timing.add("sql", sql) }
            return Result(payload: answer.payload, cache: answer)
        case .compute(let request):
            let start = ContinuousClock.now
            let result: Calculator.Result
            do throws(ComputeError) {
                result = try services.calculator.compute(request)
            } catch {
                throw .compute(error, route: request.route)
            }
            let payload: [UInt8]
            do {
                payload = try AnswerPayload.encode(answer: result.answer, data: result.data)
            } catch {
                throw .internalError("encoding \(request.route): \(error)")
            }
            timing.add("compute", ServerTiming.milliseconds(ContinuousClock.now - start))
            return Result(payload: payload, cache: nil)
        case .ai:
            throw .ai(.notConfigured, classification: c)
        }
    }

    /// The question as the model sees it: the date it is answered for goes first.
    static func dated(_ question: String, asOf: Day) -> String {
        "Today is \(asOf) (\(AIUsage.weekdayNames[(asOf.weekday + 6) % 7])).\n\n" + question
    }

    /// Tier 3: Claude with the domain's tools bound to `user`, the conversation's context, and
    /// `onEvent` relaying text and tool activity as it happens. Each Messages call is paid from
    /// the user's budgets as it goes (`BudgetFunding`); what the answer cost, failed or not, goes
    /// into `notes` for the route log.
    func answerAI(
        _ c: Classification, question: String, user: String, asOf: Day, conversationID: String?, timing: inout ServerTiming,
        notes: RequestNotes? = nil, onEvent: @escaping @Sendable (AssistantEvent) async -> Void = { _ in }
    ) async throws(RouterError) -> Result {
        guard let ai = services.ai else { throw .ai(.notConfigured, classification: c) }
        let domain = ToolDomain(rawValue: c.domain.rawValue) ?? .general
        var history: [PromptBuilder.Turn] = []
        if let conversationID { history = await ai.conversations.history(user: user, id: conversationID) }
        // The date goes in the user turn, never in the cached system prompt.
        let dated = Self.dated(question, asOf: asOf)
        let request = Assistant.Request(
            domain: domain, question: dated, history: history, metadataUserID: ai.userID(user),
            execute: ToolBox(services: services).executor(user: user, asOf: asOf, domain: domain)
        )
        let funding = BudgetFunding(budget: ai.budget, user: user, model: ai.assistant.configuration.model, domain: domain)
        let start = ContinuousClock.now
        let answer: Assistant.Answer
        do throws(AssistantFailure<BudgetRefusal>) {
            answer = try await ai.assistant.answer(request, funding: funding, onEvent: onEvent)
        } catch {
            // Its calls were charged as they ended; the route log records the same figure.
            notes?.usage = AIUsage(error.spend)
            timing.add("ai", ServerTiming.milliseconds(ContinuousClock.now - start))
            switch error.reason {
            case .ai(let reason): throw .ai(reason, classification: c)
            case .refused(let refusal): throw .budget(refusal, classification: c)
            }
        }
        notes?.usage = AIUsage(answer.spend)
        timing.add("ai", ServerTiming.milliseconds(ContinuousClock.now - start))
        if let conversationID {
            await ai.conversations.append(user: user, id: conversationID, question: dated, answer: answer.text)
        }
        let data = AIAnswerData(answer, domain: domain)
        let payload: [UInt8]
        do {
            payload = try AnswerPayload.encode(answer: answer.text, data: data)
        } catch {
            throw .internalError("encoding the AI answer: \(error)")
        }
        return Result(payload: payload, cache: nil, usage: AIUsage(answer.spend))
    }
}

/// Assembles response bodies by splicing cached answer bytes; no re-encoding of `data`.
enum AnswerBody {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    static func json<T: Encodable>(_ value: T) -> [UInt8] {
        (try? Array(encoder.encode(value))) ?? Array("null".utf8)
    }

    /// `{"tier":…,"route":…,"params":…,"cache":…,"request_id":…,"answer":…,"data":…}`, written
    /// straight into bytes: on a cache hit this is most of the work left.
    static func build(_ c: Classification, result: Answering.Result, requestID: String) -> ByteBuffer {
        var out: [UInt8] = []
        out.reserveCapacity(result.payload.count + 320)
        out.append(contentsOf: #"{"tier":"#.utf8)
        JSONBytes.appendInteger(c.tier.rawValue, to: &out)
        out.append(contentsOf: #","route":"#.utf8)
        JSONBytes.appendString(c.route.name, to: &out)
        out.append(contentsOf: #","params":"#.utf8)
        out.append(contentsOf: params(c))
        if let usage = result.usage {
            out.append(contentsOf: #","usage":"#.utf8)
            out.append(contentsOf: json(usage))
        }
        if let cache = result.cache {
            out.append(contentsOf: #","cache":{"hit":"#.utf8)
            JSONBytes.appendBool(cache.cacheHit, to: &out)
            out.append(contentsOf: #","stale":"#.utf8)
            JSONBytes.appendBool(cache.stale, to: &out)
            out.append(contentsOf: #","age_s":"#.utf8)
            JSONBytes.appendInteger(cache.ageSeconds, to: &out)
            out.append(contentsOf: #","ttl_s":"#.utf8)
            JSONBytes.appendInteger(cache.ttlSeconds, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: #","request_id":"#.utf8)
        JSONBytes.appendString(requestID, to: &out)
        // payload is a JSON object: splice its members in.
        if result.payload.count > 2 {
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: result.payload.dropFirst())
        } else {
            out.append(UInt8(ascii: "}"))
        }
        return ByteBuffer(bytes: out)
    }

    static func params(_ c: Classification) -> [UInt8] {
        switch c.target {
        case .summary(let r): return SummaryParams(r).jsonBytes
        case .compute(let r): return json(r)
        case .ai: return Array("{\"domain\":".utf8) + json(c.domain.rawValue) + Array("}".utf8)
        }
    }
}
