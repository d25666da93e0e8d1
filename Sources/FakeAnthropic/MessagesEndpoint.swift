import Hummingbird
import Logging
import NIOCore

/// `POST /v1/messages` and `POST /v1/messages/count_tokens`: authenticate, validate, inject the
/// next fault, pick the scripted turn, account for the prompt cache, then answer (JSON or SSE).
struct MessagesEndpoint: Sendable {
    let state: FakeAnthropicState
    let logger: Logger

    /// The real API's request size limit.
    static let bodyLimit = 32 * 1024 * 1024
    /// How long `hang` holds a request whose client is still there.
    static let hangLimit = Duration.seconds(600)

    func messages(_ request: Request, channel: (any Channel)?) async throws -> Response {
        let requestID = RandomIdentifier.request()
        let options = await state.options
        let received = try await readBody(request)
        let parsed = received.flatMap { try? FakeJSON.parse($0) }
        let record = await state.beginRecord(
            body: received ?? [], headers: Self.lowercasedHeaders(request.headers),
            stream: parsed?["stream"]?.boolValue ?? false
        )

        let validated: MessagesRequest
        let layout: PromptLayout
        do throws(APIError) {
            try Self.authenticate(request.headers, options: options)
            let version = try Self.apiVersion(request.headers)
            guard received != nil else { throw .requestTooLarge("Request exceeds the maximum allowed number of bytes.") }
            guard let parsed else { throw .invalidRequest("There was an error parsing the body of your request: it is not valid JSON.") }
            validated = try MessagesRequest.validate(parsed, apiVersion: version, knownModels: options.knownModels)
            layout = try PromptLayout(validated)
        } catch {
            await state.updateRecord(record, status: error.status, outcome: .rejected)
            logger.info("POST /v1/messages rejected", metadata: ["status": "\(error.status)", "error": "\(error.message)"])
            return Self.errorResponse(error, requestID: requestID)
        }

        let fault = await state.nextFault()
        if let fault {
            await state.updateRecord(record, fault: fault)
            logger.info("POST /v1/messages fault injected", metadata: ["fault": "\(fault.kind)", "stream": "\(validated.stream)"])
        }
        let statusFault: APIError? =
            switch fault {
            case .rateLimit(let seconds)?: .rateLimited(retryAfterSeconds: seconds)
            case .overloaded?: .overloaded
            case .serverError?: .internalServer
            // A non-streamed reply has no stream to break; it fails the way a long request would.
            case .streamError? where !validated.stream: .overloaded
            default: nil
            }
        if let statusFault {
            await state.updateRecord(record, status: statusFault.status, outcome: .fault)
            return Self.errorResponse(statusFault, requestID: requestID)
        }
        if fault == .hang {
            return try await hang(record: record, requestID: requestID, channel: channel)
        }

        let facts = ConversationFacts(validated)
        let script = await state.script(forQuestion: facts.question)
        let plan = ResponsePlan(script: script, facts: facts, maxTokens: validated.maxTokens)
        let cache = await state.planCache(breakpoints: layout.breakpoints(model: validated.model), totalTokens: layout.totalTokens)
        let messageID = RandomIdentifier.message()

        if validated.stream {
            await state.updateRecord(record, status: 200)
            let stream = MessageStream(
                plan: plan, cache: cache, model: validated.model, messageID: messageID, options: options,
                fault: fault, state: state, record: record
            )
            let state = self.state
            let logger = self.logger
            let body = ResponseBody { writer in
                do {
                    if try await stream.write(to: &writer) {
                        logger.info("POST /v1/messages 200 streamed", metadata: Self.usageMetadata(cache, plan))
                    } else {
                        logger.info("POST /v1/messages stream ended with an error event (fault)")
                    }
                } catch let drop as ConnectionDrop {
                    logger.info("POST /v1/messages connection dropped (fault)")
                    throw drop
                } catch {
                    await state.updateRecord(record, outcome: .cancelled)
                    throw error
                }
            }
            return Response(
                status: .ok, headers: Self.sseHeaders(requestID: requestID), body: body
            )
        }
        return try await completeMessage(
            plan: plan, cache: cache, model: validated.model, messageID: messageID, options: options,
            fault: fault, record: record, requestID: requestID
        )
    }

    /// A non-streamed reply after the same simulated latency as a stream (without pings).
    private func completeMessage(
        plan: ResponsePlan, cache: CachePlan, model: String, messageID: String, options: FakeAnthropicOptions,
        fault: FakeFault?, record: FakeAnthropicState.RecordHandle, requestID: String
    ) async throws -> Response {
        do {
            try await Task.sleep(for: options.timeToFirstToken)
            await state.commitCache(cache)
            if options.tokensPerSecond > 0 {
                try await Task.sleep(for: .seconds(Double(plan.outputTokens) / options.tokensPerSecond))
            }
        } catch {
            await state.updateRecord(record, outcome: .cancelled)
            throw error
        }
        let message = MessageEvents.message(
            id: messageID, model: model, content: plan.blocks.map(MessageEvents.completeBlock),
            stopReason: plan.stopReason, usage: MessageEvents.usage(cache, outputTokens: plan.outputTokens)
        )
        let bytes = ByteBuffer(string: message.jsonText)
        let usage = FakeUsage(input: cache.inputTokens, output: plan.outputTokens, cacheRead: cache.readTokens, cacheCreation: cache.creationTokens)
        await state.updateRecord(record, status: 200, usage: usage)
        let state = self.state
        let logger = self.logger
        let dropping = if case .drop? = fault { true } else { false }
        let body = ResponseBody(contentLength: bytes.readableBytes) { writer in
            do {
                if dropping {
                    try await writer.write(bytes.getSlice(at: bytes.readerIndex, length: bytes.readableBytes / 2) ?? ByteBuffer())
                    try await Task.sleep(for: .milliseconds(50))
                    await state.updateRecord(record, outcome: .fault)
                    logger.info("POST /v1/messages connection dropped (fault)")
                    throw ConnectionDrop()
                }
                try await writer.write(bytes)
                try await writer.finish(nil)
                await state.updateRecord(record, outcome: .completed)
                logger.info("POST /v1/messages 200", metadata: Self.usageMetadata(cache, plan))
            } catch let drop as ConnectionDrop {
                throw drop
            } catch {
                await state.updateRecord(record, outcome: .cancelled)
                throw error
            }
        }
        var headers = ResponseHeaders.standard(requestID: requestID, contentType: "application/json")
        headers[.contentLength] = String(bytes.readableBytes)
        return Response(status: .ok, headers: headers, body: body)
    }

    /// No status line until the client leaves or the server shuts down (then the connection is
    /// closed unanswered) or the limit passes (then a 504). Without a channel (a plain
    /// `BasicRequestContext`) only cancellation ends it early.
    private func hang(record: FakeAnthropicState.RecordHandle, requestID: String, channel: (any Channel)?) async throws -> Response {
        await state.updateRecord(record, status: 0, outcome: .fault)
        let watcher: HangReleaseWatcher? = if let channel { await HangReleaseWatcher.install(on: channel) } else { nil }
        let clock = ContinuousClock()
        let deadline = clock.now + Self.hangLimit
        while clock.now < deadline {
            if let channel, watcher?.isReleased ?? !channel.isActive {
                logger.info("POST /v1/messages hang ended: client went away or server stopping")
                try? await channel.close()
                throw CancellationError()
            }
            try await Task.sleep(until: min(deadline, clock.now + .milliseconds(100)), clock: clock)
        }
        await state.updateRecord(record, status: APIError.timeout.status)
        return Self.errorResponse(APIError.timeout, requestID: requestID)
    }

    func countTokens(_ request: Request) async throws -> Response {
        let requestID = RandomIdentifier.request()
        let options = await state.options
        let received = try await readBody(request)
        do throws(APIError) {
            try Self.authenticate(request.headers, options: options)
            let version = try Self.apiVersion(request.headers)
            guard let bytes = received else { throw .requestTooLarge("Request exceeds the maximum allowed number of bytes.") }
            guard let parsed = try? FakeJSON.parse(bytes) else {
                throw .invalidRequest("There was an error parsing the body of your request: it is not valid JSON.")
            }
            let validated = try MessagesRequest.validate(parsed, apiVersion: version, knownModels: options.knownModels, forCounting: true)
            let layout = try PromptLayout(validated)
            let body: FakeJSON = ["input_tokens": .number(Double(layout.totalTokens))]
            return Response(
                status: .ok, headers: ResponseHeaders.standard(requestID: requestID, contentType: "application/json"),
                body: .init(byteBuffer: ByteBuffer(string: body.jsonText))
            )
        } catch {
            return Self.errorResponse(error, requestID: requestID)
        }
    }

    // MARK: Helpers

    /// The body, or nil when it is over the size limit.
    private func readBody(_ request: Request) async throws -> [UInt8]? {
        do {
            return Array(try await request.body.collect(upTo: Self.bodyLimit).readableBytesView)
        } catch is NIOTooManyBytesError {
            return nil
        }
    }

    static func lowercasedHeaders(_ fields: HTTPFields) -> [String: String] {
        var headers: [String: String] = [:]
        for field in fields {
            let name = field.name.canonicalName.lowercased()
            headers[name] = headers[name].map { $0 + ", " + field.value } ?? field.value
        }
        return headers
    }

    /// `x-api-key` (preferred) or `Authorization: Bearer`, as SDK 2.x sends it.
    static func authenticate(_ headers: HTTPFields, options: FakeAnthropicOptions) throws(APIError) {
        let apiKey = headers.value("x-api-key").flatMap { $0.isEmpty ? nil : $0 }
        let bearer = headers[.authorization].flatMap { value -> String? in
            guard value.lowercased().hasPrefix("bearer ") else { return nil }
            let token = value.dropFirst("bearer ".count).trimmingPrefix(while: { $0 == " " })
            return token.isEmpty ? nil : String(token)
        }
        guard let key = apiKey ?? bearer else {
            throw .authentication("x-api-key header is required")
        }
        if let expected = options.apiKey, key != expected {
            throw .authentication("invalid x-api-key")
        }
    }

    static func apiVersion(_ headers: HTTPFields) throws(APIError) -> String {
        guard let version = headers.value("anthropic-version"), !version.isEmpty else {
            throw .invalidRequest("anthropic-version: header is required")
        }
        guard MessagesRequest.supportedVersions.contains(version) else {
            throw .invalidRequest(
                "anthropic-version: '\(version)' is not a supported version; use one of "
                    + MessagesRequest.supportedVersions.sorted().joined(separator: ", ")
            )
        }
        return version
    }

    static func errorResponse(_ error: APIError, requestID: String) -> Response {
        var headers = ResponseHeaders.standard(requestID: requestID, contentType: "application/json", rateLimited: error.status == 429)
        if let seconds = error.retryAfterSeconds { headers.set("retry-after", String(seconds)) }
        if error.status == 429 || error.status >= 500 { headers.set("x-should-retry", "true") }
        return Response(
            status: HTTPResponse.Status(code: error.status, reasonPhrase: error.status == 529 ? "Overloaded" : ""),
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: error.body(requestID: requestID).jsonText))
        )
    }

    static func sseHeaders(requestID: String) -> HTTPFields {
        var headers = ResponseHeaders.standard(requestID: requestID, contentType: "text/event-stream; charset=utf-8")
        headers[.cacheControl] = "no-cache"
        return headers
    }

    static func usageMetadata(_ cache: CachePlan, _ plan: ResponsePlan) -> Logger.Metadata {
        [
            "input": "\(cache.inputTokens)", "cache_read": "\(cache.readTokens)",
            "cache_creation": "\(cache.creationTokens)", "output": "\(plan.outputTokens)", "stop": "\(plan.stopReason)",
        ]
    }
}
