import Hummingbird
import Logging
import NIOCore

/// A local imitation of the Claude Messages API: wire format, tool-use rules, prompt-cache
/// accounting, latency and injected faults. For tests (in-process), benchmarks and demos.
///
/// Routes: `POST /v1/messages`, `POST /v1/messages/count_tokens`, and the `/_fake/*` admin routes.
package struct FakeAnthropicServer: Sendable {
    package let state: FakeAnthropicState
    package let logger: Logger

    package init(state: FakeAnthropicState, logger: Logger = Logger(label: "fake-anthropic")) {
        self.state = state
        self.logger = logger
    }

    /// The routes on a plain context, for embedding or `HummingbirdTesting`. Under this context a
    /// `hang` fault only ends by cancellation or its time limit, since the connection is not visible.
    package func router() -> Router<BasicRequestContext> {
        makeRouter(context: BasicRequestContext.self)
    }

    func makeRouter<Context: RequestContext>(context: Context.Type) -> Router<Context> {
        let router = Router(context: Context.self)
        let messages = MessagesEndpoint(state: state, logger: logger)
        router.post("/v1/messages") { request, context in
            try await messages.messages(request, channel: (context as? ChannelRequestContext)?.channel)
        }
        router.post("/v1/messages/count_tokens") { request, _ in
            try await messages.countTokens(request)
        }
        AdminEndpoints(state: state).addRoutes(to: router)
        return router
    }

    /// A complete application (with connection-aware `hang`) for `run()` or `runService()`.
    /// `onServerRunning` receives the bound port (useful with port 0).
    package func application(
        host: String = "127.0.0.1", port: Int = 8089,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: makeRouter(context: ChannelRequestContext.self),
            configuration: .init(address: .hostname(host, port: port), serverName: "fake-anthropic"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }

    /// Starts an in-process server on 127.0.0.1 with an ephemeral port (for tests).
    /// Returns once it is listening; call ``RunningFakeAnthropic/stop()`` when done.
    package static func start(options: FakeAnthropicOptions = .init()) async throws -> RunningFakeAnthropic {
        var logger = Logger(label: "fake-anthropic")
        // Cancellation (``RunningFakeAnthropic/stop()``) makes Hummingbird log an error; keep test output clean.
        logger.logLevel = .critical
        let state = FakeAnthropicState(options: options)
        let (ports, continuation) = AsyncThrowingStream<Int, any Error>.makeStream()
        let application = FakeAnthropicServer(state: state, logger: logger).application(host: "127.0.0.1", port: 0) { port in
            continuation.yield(port)
        }
        let task = Task {
            do {
                try await application.run()
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        do {
            var iterator = ports.makeAsyncIterator()
            guard let port = try await iterator.next() else { throw FakeAnthropicStartError() }
            return RunningFakeAnthropic(port: port, state: state, task: task)
        } catch {
            task.cancel()
            await task.value
            throw error
        }
    }
}

/// The server stopped before it started listening.
struct FakeAnthropicStartError: Error, CustomStringConvertible {
    var description: String { "The fake Anthropic server stopped before it was listening." }
}
