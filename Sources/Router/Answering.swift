import Foundation
import Logging
import NIOCore
import Tier1Cache
import Tier2Compute

/// Runs the tier a classification chose and produces the answer bytes.
struct Answering: Sendable {
    let services: RouterServices

    struct Result: Sendable {
        /// `{"answer":…,"data":…}`.
        var payload: [UInt8]
        var cache: SummaryService.Answer?
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
            throw .aiUnavailable(
                reason: "AI tier not configured: this question needs tier 3 (Claude), and no ANTHROPIC_API_KEY is set.",
                classification: c
            )
        }
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

    /// `{"tier":…,"route":…,"params":…,"cache":…,"request_id":…,"answer":…,"data":…}`.
    static func build(_ c: Classification, result: Answering.Result, requestID: String) -> ByteBuffer {
        var out: [UInt8] = []
        out.reserveCapacity(result.payload.count + 256)
        out += Array("{\"tier\":\(c.tier),\"route\":".utf8) + json(c.route)
        out += Array(",\"params\":".utf8) + params(c)
        if let cache = result.cache {
            out += Array(
                ",\"cache\":{\"hit\":\(cache.cacheHit),\"stale\":\(cache.stale),\"age_s\":\(cache.ageSeconds),\"ttl_s\":\(cache.ttlSeconds)}".utf8
            )
        }
        out += Array(",\"request_id\":".utf8) + json(requestID)
        // payload is a JSON object: splice its members in.
        if result.payload.count > 2 {
            out.append(UInt8(ascii: ","))
            out += result.payload.dropFirst()
        } else {
            out.append(UInt8(ascii: "}"))
        }
        return ByteBuffer(bytes: out)
    }

    static func params(_ c: Classification) -> [UInt8] {
        switch c.target {
        case .summary(let r): return json(SummaryParams(r))
        case .compute(let r): return json(r)
        case .ai: return Array("{}".utf8)
        }
    }
}
