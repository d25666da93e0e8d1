import Domain
import Foundation
import HTTPTypes
import NIOCore
import QueryClassifier
import Tier3AI

/// Relays one tier 3 answer as Server-Sent Events. The answer runs in a child task and hands
/// its events over a stream; this side writes them, and a comment when nothing was written for
/// `keepAlive`. A failed write means the client is gone: leaving the task group cancels the
/// answer, which cancels the upstream request (no more tokens are paid for that nobody reads),
/// and waits for it: the calls it made are charged, and noted for the route log, before the
/// stream records itself.
struct AIStream: Sendable {
    let services: RouterServices
    let keepAlive: Duration

    private enum Item: Sendable {
        case event(AssistantEvent)
        case done(Answering.Result)
        case failed(RouterError)
        case tick
    }

    func run(
        _ c: Classification, query: QueryBody, asOf: Day, user: String, requestID: String, timing: ServerTiming,
        notes: RequestNotes? = nil, write: (ByteBuffer) async throws -> Void
    ) async throws {
        let (items, continuation) = AsyncStream<Item>.makeStream()
        let services = self.services
        let keepAlive = self.keepAlive
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var timing = timing
                do throws(RouterError) {
                    let result = try await Answering(services: services).answerAI(
                        c, question: query.query, user: user, asOf: asOf, conversationID: query.conversationID, timing: &timing,
                        notes: notes
                    ) { event in continuation.yield(.event(event)) }
                    continuation.yield(.done(result))
                } catch {
                    continuation.yield(.failed(error))
                }
                continuation.finish()
            }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: keepAlive)
                    continuation.yield(.tick)
                }
            }
            defer { group.cancelAll() }
            var lastWrite = ContinuousClock.now
            for await item in items {
                switch item {
                case .tick:
                    guard ContinuousClock.now - lastWrite >= keepAlive else { continue }
                    try await write(SSE.keepAlive)
                case .event(.text(let text)):
                    try await write(SSE.event("delta", AnswerBody.json(["text": text])))
                case .event(.toolStarted(_, let name)):
                    try await write(SSE.event("tool", AnswerBody.json(ToolEvent(name: name, status: "started", ms: nil, isError: nil))))
                case .event(.toolFinished(let call)):
                    let ms = (call.milliseconds * 10).rounded() / 10
                    try await write(SSE.event("tool", AnswerBody.json(ToolEvent(name: call.name, status: "finished", ms: ms, isError: call.isError))))
                case .done(let result):
                    let done = AnswerBody.build(c, result: result, requestID: requestID)
                    try await write(SSE.event("done", Array(done.readableBytesView)))
                    return
                case .failed(let error):
                    notes?.streamFailureStatus = Int(error.status.code)
                    try await write(SSE.event("error", Array(Problem(error, requestID: requestID).encoded().readableBytesView)))
                    return
                }
                lastWrite = ContinuousClock.now
            }
        }
    }

    struct ToolEvent: Encodable {
        let name: String
        let status: String
        let ms: Double?
        let isError: Bool?

        enum CodingKeys: String, CodingKey { case name, status, ms, isError = "is_error" }
    }
}
