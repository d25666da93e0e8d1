import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// One streamed `POST /v1/messages` call on AsyncHTTPClient. It hands each SSE event to the
/// caller as it arrives and maps every failure to an `AIError`; retrying is the caller's choice,
/// because only the caller knows whether anything already reached the user.
public struct AnthropicClient: Sendable {
    public let configuration: AnthropicConfiguration
    let http: HTTPClient
    let logger: Logger

    public init(configuration: AnthropicConfiguration, http: HTTPClient, logger: Logger) {
        self.configuration = configuration
        self.http = http
        self.logger = logger
    }

    /// The HTTP client this needs: bounded connect time, an idle limit while streaming.
    public static func makeHTTPClient(_ configuration: AnthropicConfiguration) -> HTTPClient {
        var config = HTTPClient.Configuration(
            timeout: .init(connect: .nanoseconds(configuration.connectTimeout.nanoseconds), read: .nanoseconds(configuration.idleTimeout.nanoseconds))
        )
        config.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(8, configuration.maxConcurrent))
        config.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    /// Sends `body` (which must ask for `"stream": true`) and feeds each event to `onEvent` until
    /// the response ends. Returns normally only when the stream ended cleanly.
    public func stream(
        body: [UInt8], requestID: String? = nil, onEvent: (SSEEvent) async throws(AIError) -> Void
    ) async throws(AIError) {
        var request = HTTPClientRequest(url: configuration.baseURL + "/v1/messages")
        request.method = .POST
        request.headers.add(name: "x-api-key", value: configuration.apiKey)
        request.headers.add(name: "anthropic-version", value: configuration.version)
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "accept", value: "text/event-stream")
        request.body = .bytes(ByteBuffer(bytes: body))

        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .nanoseconds(configuration.idleTimeout.nanoseconds), logger: logger)
        } catch {
            throw Self.map(error)
        }
        guard response.status == .ok else {
            throw await Self.upstreamError(response)
        }
        var parser = SSEParser()
        do {
            for try await chunk in response.body {
                let events: [SSEEvent]
                do {
                    events = try parser.feed(chunk.readableBytesView)
                } catch {
                    throw AIError.invalidResponse("an SSE line longer than \(parser.maximumLineLength) bytes")
                }
                for event in events { try await onEvent(event) }
            }
        } catch let error as AIError {
            throw error
        } catch {
            throw Self.map(error)
        }
    }

    static func map(_ error: any Error) -> AIError {
        if error is CancellationError { return .cancelled }
        if let error = error as? HTTPClientError {
            if error == .cancelled { return .cancelled }
            if error == .deadlineExceeded || error == .readTimeout { return .connection("the provider went silent (\(error))") }
            if error == .connectTimeout { return .connection("connecting to the provider timed out") }
            return .connection("\(error)")
        }
        return .connection("\(error)")
    }

    /// Reads an error response: its type and message, and how long the provider asks us to wait.
    static func upstreamError(_ response: HTTPClientResponse) async -> AIError {
        let status = Int(response.status.code)
        var detail: ErrorResponse.Detail?
        if let body = try? await response.body.collect(upTo: 64 * 1024) {
            detail = (try? JSONDecoder().decode(ErrorResponse.self, from: Data(body.readableBytesView)))?.error
        }
        return .upstream(
            status: status, type: detail?.type ?? "api_error", message: detail?.message ?? "HTTP \(status)",
            retryAfterSeconds: retryAfter(response.headers)
        )
    }

    /// `retry-after-ms`, else `retry-after` in seconds (an HTTP date is read as "a second").
    static func retryAfter(_ headers: HTTPHeaders) -> Int? {
        if let ms = headers.first(name: "retry-after-ms").flatMap(Double.init), ms > 0 {
            return max(1, Int((ms / 1000).rounded(.up)))
        }
        guard let raw = headers.first(name: "retry-after") else { return nil }
        if let seconds = Double(raw.trimmingCharacters(in: .whitespaces)), seconds >= 0 { return Int(seconds.rounded(.up)) }
        return 1
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    var seconds: Double { Double(nanoseconds) / 1e9 }
}
