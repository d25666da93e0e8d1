import ArgumentParser
import FakeAnthropic
import Foundation
import Hummingbird
import Logging

/// `fake-anthropic`: the fake Messages API as a process, for benchmarks and demos.
/// Runs until SIGTERM/SIGINT; drive it further through the `/_fake/*` admin routes.
@main
struct FakeAnthropicCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-anthropic",
        abstract: "A local imitation of the Claude Messages API (wire format, prompt caching, latency, faults)."
    )

    @Option(help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8089

    @Option(name: .customLong("api-key"), help: "Accept only this API key (default: any non-empty key).")
    var apiKey: String?

    @Option(name: .customLong("ttft-ms"), help: "Milliseconds before the first content block.")
    var timeToFirstTokenMilliseconds = 0

    @Option(name: .customLong("tokens-per-second"), help: "Output pacing; 0 sends everything at once.")
    var tokensPerSecond: Double = 0

    @Option(name: .customLong("min-cache-tokens"), help: "Smallest prefix (estimated tokens) that gets cached.")
    var minimumCacheTokens = 1024

    @Option(help: "JSON file {\"scripts\":[...]} loaded at start.")
    var scripts: String?

    @Option(
        help: """
            Persistent fault: rate_limit[:SECONDS], overloaded, server_error, stream_error[:DELTAS], \
            drop[:DELTAS] or hang.
            """
    )
    var fault: String?

    @Option(name: .customLong("fault-rate"), help: "Probability (0...1) of the persistent fault per request.")
    var faultRate: Double = 1

    @Flag(help: "Log warnings and errors only.")
    var quiet = false

    private struct ScriptFile: Decodable {
        let scripts: [FakeScript]
    }

    func validate() throws {
        if let fault, Self.parseFault(fault) == nil {
            throw ValidationError("Unknown fault '\(fault)'.")
        }
        guard (0...1).contains(faultRate) else { throw ValidationError("--fault-rate must be between 0 and 1.") }
        guard tokensPerSecond >= 0 else { throw ValidationError("--tokens-per-second must not be negative.") }
    }

    func run() async throws {
        var logger = Logger(label: "fake-anthropic")
        logger.logLevel = quiet ? .warning : .info

        let options = FakeAnthropicOptions(
            apiKey: apiKey,
            timeToFirstToken: .milliseconds(timeToFirstTokenMilliseconds),
            tokensPerSecond: tokensPerSecond,
            minimumCacheableTokens: minimumCacheTokens
        )
        let state = FakeAnthropicState(options: options)
        if let scripts {
            let data = try Data(contentsOf: URL(fileURLWithPath: scripts))
            await state.add(try JSONDecoder().decode(ScriptFile.self, from: data).scripts)
        }
        if let fault, let parsed = Self.parseFault(fault) {
            await state.setPersistentFault(parsed, rate: faultRate)
        }

        let host = self.host
        let application = FakeAnthropicServer(state: state, logger: logger).application(host: host, port: port) { port in
            FileHandle.standardOutput.write(Data("fake-anthropic listening on http://\(host):\(port)\n".utf8))
        }
        try await application.runService()
    }

    /// `KIND[:N]`, N being `retry_after` for rate_limit and `after_deltas` for stream_error and drop.
    static func parseFault(_ text: String) -> FakeFault? {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let parameter = parts.count > 1 ? Int(parts[1]) : nil
        if parts.count > 1 && parameter == nil { return nil }
        switch parts.first {
        case "rate_limit": return .rateLimit(retryAfterSeconds: parameter ?? 1)
        case "overloaded": return .overloaded
        case "server_error": return .serverError
        case "stream_error": return .streamError(afterDeltas: parameter ?? 2)
        case "drop": return .drop(afterDeltas: parameter ?? 2)
        case "hang": return .hang
        default: return nil
        }
    }
}
