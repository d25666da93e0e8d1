import AsyncHTTPClient
import FakeAnthropic
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Synchronization
import Testing
import Tier3AI

@testable import Router

/// A graceful shutdown (what SIGTERM starts in `router serve`) stops accepting at once and lets
/// the answers under way finish, tier 3 streams included, before the process ends.
@Suite struct GracefulShutdownTests {
    final class Port: Sendable {
        let value = Atomic<Int>(0)
    }

    @Test func inFlightAnswersFinishAndNewConnectionsAreRefused() async throws {
        var options = FakeAnthropicOptions()
        options.timeToFirstToken = .seconds(3)
        let fake = try await FakeAnthropicServer.start(options: options)
        let tier = AITier.make(
            configuration: AnthropicConfiguration(apiKey: "test-key", baseURL: fake.baseURL), keepAlive: .milliseconds(200),
            logger: Logger(label: "test")
        )
        let services = try await TestEnvironment.services.value.with(ai: tier)
        var configuration = RouterConfiguration()
        configuration.port = 0
        configuration.shutdownGraceSeconds = 20
        let port = Port()
        let app = RouterApplication.make(
            services: services, configuration: configuration, logger: Logger(label: "test"), background: [tier.shutdownService]
        ) { port.value.store($0, ordering: .releasing) }
        let group = RouterApplication.serviceGroup(app, configuration: configuration, logger: Logger(label: "test"))
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let token = try await TestEnvironment.token("u001")

        let post: @Sendable (String) async throws -> (Int, String) = { body in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port.value.load(ordering: .acquiring))/v1/query")
            request.method = .POST
            request.headers.add(name: "authorization", value: "Bearer " + token)
            request.body = .bytes(ByteBuffer(string: body))
            let response = try await http.execute(request, timeout: .seconds(30))
            return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
        }

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            while port.value.load(ordering: .acquiring) == 0 { try await Task.sleep(for: .milliseconds(20)) }
            async let streamed = post(#"{"query":"Why is my food spending so high lately?","stream":true}"#)
            async let plain = post(#"{"query":"Why is my food spending so high lately?"}"#)
            // Both are waiting for the model's first token when the shutdown starts (seen at the fake:
            // a structural signal rather than a sleep, which a busy CI machine can outrun).
            var waited = 0
            while await fake.state.requests().count < 2 && waited < 400 {
                try await Task.sleep(for: .milliseconds(25))
                waited += 1
            }
            #expect(await fake.state.requests().count == 2)
            await group.triggerGracefulShutdown()
            // New connections are no longer accepted... (polled: the listener closes as soon as the
            // shutdown reaches it, which on a loaded machine can take a moment; a request accepted
            // before that is simply answered)
            var refused = false
            for _ in 0..<200 where !refused {
                do {
                    _ = try await post(#"{"query":"fuel cost for 10 miles at 20 mpg"}"#)
                    try await Task.sleep(for: .milliseconds(10))
                } catch {
                    refused = true
                }
            }
            #expect(refused, "the router still accepted connections after the shutdown began")
            // ...and the answers under way complete.
            let (streamStatus, streamBody) = try await streamed
            #expect(streamStatus == 200)
            #expect(streamBody.contains("event: done"), "\(streamBody.suffix(300))")
            let (plainStatus, plainBody) = try await plain
            #expect(plainStatus == 200, "\(plainBody.prefix(300))")
            try await tasks.waitForAll()  // the group ends on its own, without error
        }
        try await http.shutdown()
        await fake.stop()
    }
}
