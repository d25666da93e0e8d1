import AsyncHTTPClient
import FakeAnthropic
import Foundation
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import ResilienceTesting
import Testing
import Tier3AI

@testable import Router

/// Beyond tier 3's capacity the router sheds tier 3 with 503 and `Retry-After`, and tiers 1 and 2
/// keep answering: a slow, saturated AI provider takes nothing from the cheap tiers. Beyond the
/// instance's bound on requests in hand, everything but the probes gets 503 `overloaded`.
@Suite struct OverloadTests {
    @Test func beyondTheInFlightBoundRequestsAreRefusedAndProbesStillAnswer() async throws {
        var router = RouterConfiguration()
        router.maxInFlight = 3
        try await AITierTests.withRouter(FakeAnthropicOptions(), router: router) { client, fake in
            // The three tier 3 answers wait at the provider until the test lets them go.
            await fake.state.hold()
            let port = client.port ?? 0
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            let token = try await TestEnvironment.token("u001")
            func send(_ text: String) async throws -> (status: Int, body: String, retryAfter: String?) {
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/query")
                request.method = .POST
                request.headers.add(name: "authorization", value: "Bearer " + token)
                request.body = .bytes(ByteBuffer(string: #"{"query":"\#(text)","as_of":"2026-11-21"}"#))
                let response = try await http.execute(request, timeout: .seconds(30))
                let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
                return (Int(response.status.code), body, response.headers.first(name: "retry-after"))
            }
            do {
                try await withThrowingTaskGroup(of: Int.self) { group in
                    // Three slow tier 3 questions fill the bound.
                    for _ in 0..<3 { group.addTask { try await send("Why is my food spending so high lately?").status } }
                    // Wait until all three are held at the AI provider (a structural signal, not a sleep).
                    #expect(await eventually { await fake.state.waitingOnHold == 3 })

                    let refused = try await send("How much did I spend on gas this month?")
                    #expect(refused.status == 503)
                    #expect(refused.body.contains("/problems/overloaded"))
                    #expect(refused.retryAfter == "1")
                    // Probes are never refused, however full the instance is.
                    let health = try await http.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/healthz"), timeout: .seconds(10))
                    #expect(health.status == .ok)
                    _ = try await health.body.collect(upTo: 1 << 16)
                    let metrics = try await http.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"), timeout: .seconds(10))
                    #expect(metrics.status == .ok)
                    _ = try await metrics.body.collect(upTo: 1 << 22)

                    await fake.state.release()
                    var statuses: [Int] = []
                    for try await status in group { statuses.append(status) }
                    #expect(statuses == [200, 200, 200])
                }
                // Places are given back: with the slow questions answered, the same question is served.
                #expect(try await send("How much did I spend on gas this month?").status == 200)
            } catch {
                try await http.shutdown()
                throw error
            }
            try await http.shutdown()
        }
    }

    @Test func tier3ShedsWhileTiers1And2KeepAnswering() async throws {
        try await AITierTests.withRouter(FakeAnthropicOptions(), configure: { $0.maxConcurrent = 4; $0.maxQueued = 4; $0.queueWait = .milliseconds(300) }) {
            client, fake in
            // Tier 3 answers wait at the provider until everything else has come back: the four that
            // got a slot are the only ones left, and only then are they let go.
            await fake.state.hold()
            let port = client.port ?? 0
            var pool = HTTPClient.Configuration()
            pool.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 200)
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: pool)
            var tokens: [String] = []
            for n in 0..<40 { tokens.append(try await TestEnvironment.token(String(format: "u%03d", n + 1))) }
            let questions = [
                (3, "Why is my food spending so high lately?"), (1, "How much did I spend on gas this month?"),
                (2, "fuel cost for 350 miles at 10 mpg"),
            ]
            struct Outcome: Sendable {
                let tier: Int
                let status: Int
                let retryAfter: String?
            }
            let outcomes = try await withThrowingTaskGroup(of: Outcome.self) { group in
                for n in 0..<120 {
                    let (tier, text) = questions[n % 3]
                    let token = tokens[n % tokens.count]
                    group.addTask {
                        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/query")
                        request.method = .POST
                        request.headers.add(name: "authorization", value: "Bearer " + token)
                        request.body = .bytes(ByteBuffer(string: #"{"query":"\#(text)","as_of":"2026-11-21"}"#))
                        let response = try await http.execute(request, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        return Outcome(tier: tier, status: Int(response.status.code), retryAfter: response.headers.first(name: "retry-after"))
                    }
                }
                var out: [Outcome] = []
                for try await o in group {
                    out.append(o)
                    if out.count == 116 { await fake.state.release() }
                }
                return out
            }
            try await http.shutdown()
            let cheap = outcomes.filter { $0.tier != 3 }
            let ai = outcomes.filter { $0.tier == 3 }
            #expect(cheap.count == 80)
            #expect(cheap.filter { $0.status != 200 }.isEmpty)
            let shed = ai.filter { $0.status == 503 }
            let unexpected = ai.filter { $0.status != 200 && $0.status != 503 }.map(\.status)
            #expect(unexpected.isEmpty, "tier 3 statuses other than 200 and 503: \(unexpected)")
            #expect(ai.filter { $0.status == 200 }.count == 4, "the four that had a slot")
            #expect(shed.count == 36, "the other 36 were shed: \(shed.count)")
            let withoutRetryAfter = shed.filter { (Int($0.retryAfter ?? "") ?? 0) < 1 }.count
            #expect(withoutRetryAfter == 0)
        }
    }
}
