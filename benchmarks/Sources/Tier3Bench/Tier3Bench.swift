import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Tier 3 streaming latency, straight at the (fake) Messages API or through the router.
///
///     Tier3Bench --mode direct --url http://127.0.0.1:P --body-file body.json --concurrency 32 --requests 1280
///     Tier3Bench --mode router --url http://127.0.0.1:R --query "…" --token JWT --concurrency 32 --requests 1280
///
/// Closed loop: each of `--concurrency` workers sends its next request as soon as the previous
/// one has finished, so the offered load follows the server's speed (no coordinated-omission
/// correction). TTFT: request sent → first text delta (`content_block_delta` with a `text_delta`
/// direct, `event: delta` via the router). Total: request sent → `message_stop` direct,
/// `event: done` via the router. Non-200, `event: error`, a stream that ends without its final
/// event and transport errors are errors and are left out of the percentiles.
///
/// Prints one JSON line to stdout and one human-readable line to stderr.
@main
struct Tier3Bench {
    enum Mode: String { case direct, router }

    struct Options {
        var url = ""
        var mode = Mode.direct
        var bodyFile: String?
        var query: String?
        var asOf = "2026-11-21"
        var token: String?
        var apiKey = "bench"
        var concurrency = 1
        var requests = 100
        var warmup = 10
        var timeoutSeconds: Int64 = 60
    }

    static func usage(_ message: String) -> Never {
        FileHandle.standardError.write(Data("""
            error: \(message)
            usage: Tier3Bench --url URL --mode direct|router [--body-file FILE] [--query Q] [--as-of YYYY-MM-DD]
                              [--token JWT] [--api-key KEY] [--concurrency N] [--requests N] [--warmup N] [--timeout S]

            """.utf8))
        exit(2)
    }

    static func parse(_ arguments: [String]) -> Options {
        var o = Options()
        var i = 0
        func value() -> String {
            i += 1
            guard i < arguments.count else { usage("\(arguments[i - 1]) needs a value") }
            return arguments[i]
        }
        func number(_ name: String, _ text: String, min: Int) -> Int {
            guard let n = Int(text), n >= min else { usage("\(name) must be a whole number ≥ \(min)") }
            return n
        }
        while i < arguments.count {
            let a = arguments[i]
            switch a {
            case "--url": o.url = value()
            case "--mode":
                guard let m = Mode(rawValue: value()) else { usage("--mode must be direct or router") }
                o.mode = m
            case "--body-file": o.bodyFile = value()
            case "--query": o.query = value()
            case "--as-of": o.asOf = value()
            case "--token": o.token = value()
            case "--api-key": o.apiKey = value()
            case "--concurrency": o.concurrency = number(a, value(), min: 1)
            case "--requests": o.requests = number(a, value(), min: 1)
            case "--warmup": o.warmup = number(a, value(), min: 0)
            case "--timeout": o.timeoutSeconds = Int64(number(a, value(), min: 1))
            case "-h", "--help": usage("help")
            default: usage("unknown argument \(a)")
            }
            i += 1
        }
        if o.url.isEmpty { usage("--url is required") }
        while o.url.hasSuffix("/") { o.url.removeLast() }
        switch o.mode {
        case .direct: if o.bodyFile == nil { usage("--mode direct needs --body-file") }
        case .router:
            if o.query == nil { usage("--mode router needs --query") }
            if o.token == nil { usage("--mode router needs --token") }
        }
        return o
    }

    static func main() async throws {
        let o = parse(Array(CommandLine.arguments.dropFirst()))
        let request = try makeRequest(o)

        var configuration = HTTPClient.Configuration(
            timeout: .init(connect: .seconds(5), read: .seconds(o.timeoutSeconds))
        )
        // One connection per worker: nobody waits for a connection inside the client.
        configuration.connectionPool = .init(
            idleTimeout: .seconds(120), concurrentHTTP1ConnectionsPerHostSoftLimit: max(o.concurrency, 8)
        )
        configuration.redirectConfiguration = .disallow
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)

        let run: Run
        do {
            if o.warmup > 0 {
                let w = try await drive(http, request: request, mode: o.mode, concurrency: o.concurrency, requests: o.warmup, timeout: o.timeoutSeconds)
                if w.errors > 0 {
                    FileHandle.standardError.write(Data("warm-up: \(w.errors) of \(o.warmup) failed; first: \(w.firstError ?? "?")\n".utf8))
                }
            }
            run = try await drive(http, request: request, mode: o.mode, concurrency: o.concurrency, requests: o.requests, timeout: o.timeoutSeconds)
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()

        let ttft = Summary(run.ttft)
        let total = Summary(run.total)
        let rps = run.wallSeconds > 0 ? Double(o.requests) / run.wallSeconds : 0
        let json = """
            {"mode":"\(o.mode.rawValue)","loop":"closed","concurrency":\(o.concurrency),"requests":\(o.requests),\
            "errors":\(run.errors),"ttft_ms":\(ttft.json),"total_ms":\(total.json),\
            "wall_s":\(fmt(run.wallSeconds, 3)),"rps":\(fmt(rps, 2))}
            """
        print(json)
        var human = """
            \(o.mode.rawValue) c=\(o.concurrency) (closed loop) n=\(o.requests) errors=\(run.errors) \
            TTFT ms p50 \(fmt(ttft.p50, 2)) p90 \(fmt(ttft.p90, 2)) p99 \(fmt(ttft.p99, 2)) max \(fmt(ttft.max, 2)) | \
            total ms p50 \(fmt(total.p50, 2)) p90 \(fmt(total.p90, 2)) p99 \(fmt(total.p99, 2)) max \(fmt(total.max, 2)) | \
            \(fmt(run.wallSeconds, 2)) s, \(fmt(rps, 1)) req/s
            """
        if let first = run.firstError { human += "\n  first error: \(first)" }
        FileHandle.standardError.write(Data((human + "\n").utf8))
    }

    // MARK: - Requests

    static func makeRequest(_ o: Options) throws -> HTTPClientRequest {
        switch o.mode {
        case .direct:
            var body = try Data(contentsOf: URL(fileURLWithPath: o.bodyFile!))
            // `router prompt` ends its output with a newline; the router sends the body without it.
            while let last = body.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { body.removeLast() }
            var r = HTTPClientRequest(url: o.url + "/v1/messages")
            r.method = .POST
            r.headers.add(name: "x-api-key", value: o.apiKey)
            r.headers.add(name: "anthropic-version", value: "2026-10-21")
            r.headers.add(name: "content-type", value: "application/json")
            r.headers.add(name: "accept", value: "text/event-stream")
            r.body = .bytes(ByteBuffer(bytes: body))
            return r
        case .router:
            let object: [String: Any] = ["query": o.query!, "as_of": o.asOf, "stream": true]
            let body = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            var r = HTTPClientRequest(url: o.url + "/v1/query")
            r.method = .POST
            r.headers.add(name: "authorization", value: "Bearer \(o.token!)")
            r.headers.add(name: "content-type", value: "application/json")
            r.headers.add(name: "accept", value: "text/event-stream")
            r.body = .bytes(ByteBuffer(bytes: body))
            return r
        }
    }

    struct Run: Sendable {
        var ttft: [Double] = []
        var total: [Double] = []
        var errors = 0
        var firstError: String?
        var wallSeconds = 0.0
    }

    enum Outcome: Sendable {
        case ok(ttftMs: Double, totalMs: Double)
        case failed(String)
    }

    /// `concurrency` workers, each sending requests back to back until `requests` have been sent.
    static func drive(
        _ http: HTTPClient, request: HTTPClientRequest, mode: Mode, concurrency: Int, requests: Int, timeout: Int64
    ) async throws -> Run {
        let next = Counter()
        let clock = ContinuousClock()
        let start = clock.now
        var run = Run()
        run.ttft.reserveCapacity(requests)
        run.total.reserveCapacity(requests)
        try await withThrowingTaskGroup(of: [Outcome].self) { group in
            for _ in 0..<min(concurrency, requests) {
                group.addTask {
                    var outcomes: [Outcome] = []
                    while next.value.wrappingAdd(1, ordering: .relaxed).oldValue < requests {
                        outcomes.append(await once(http, request: request, mode: mode, timeout: timeout))
                    }
                    return outcomes
                }
            }
            for try await outcomes in group {
                for outcome in outcomes {
                    switch outcome {
                    case .ok(let t, let total):
                        run.ttft.append(t)
                        run.total.append(total)
                    case .failed(let why):
                        run.errors += 1
                        if run.firstError == nil { run.firstError = why }
                    }
                }
            }
        }
        run.wallSeconds = (clock.now - start).seconds
        return run
    }

    /// One request: the clock starts just before it is handed to the client.
    static func once(_ http: HTTPClient, request: HTTPClientRequest, mode: Mode, timeout: Int64) async -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        var firstText: ContinuousClock.Instant?
        var finished: ContinuousClock.Instant?
        var failure: String?
        do {
            let response = try await http.execute(request, timeout: .seconds(timeout))
            guard response.status == .ok else {
                let body = try? await response.body.collect(upTo: 64 * 1024)
                let text = body.map { String(buffer: $0) } ?? ""
                return .failed("HTTP \(response.status.code): \(text.prefix(300))")
            }
            var parser = SSEParser()
            for try await chunk in response.body {
                for event in parser.feed(chunk.readableBytesView) {
                    // Keep reading to the end of the body after the final event, so the
                    // connection goes back to the pool clean; the time is taken at the event.
                    guard finished == nil, failure == nil else { continue }
                    switch (mode, event.name) {
                    case (.direct, "content_block_delta"):
                        if firstText == nil, event.data.contains("\"text_delta\"") { firstText = clock.now }
                    case (.direct, "message_stop"), (.router, "done"):
                        finished = clock.now
                    case (.router, "delta"):
                        if firstText == nil { firstText = clock.now }
                    case (_, "error"):
                        failure = "event: error \(event.data.prefix(300))"
                    default:
                        break
                    }
                }
            }
        } catch {
            return .failed("\(error)")
        }
        if let failure { return .failed(failure) }
        guard let finished else { return .failed("the stream ended without its final event") }
        guard let firstText else { return .failed("the stream finished without any text delta") }
        return .ok(ttftMs: (firstText - start).milliseconds, totalMs: (finished - start).milliseconds)
    }
}

/// The number of requests handed out so far, shared by the workers.
final class Counter: Sendable {
    let value = Atomic<Int>(0)
}

// MARK: - SSE

/// Incremental Server-Sent Events parser: bytes may be cut anywhere (inside a line, between
/// events, several events in one chunk); an event is dispatched at its blank line. Comment lines
/// (`: keep-alive`) are skipped. Accepts LF and CRLF line ends.
struct SSEParser {
    struct Event {
        var name: String
        var data: String
    }

    private var line: [UInt8] = []
    private var name = ""
    private var data: [String] = []
    private var sawField = false

    mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> [Event] where Bytes.Element == UInt8 {
        var events: [Event] = []
        for byte in bytes {
            if byte != UInt8(ascii: "\n") {
                line.append(byte)
                continue
            }
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            if line.isEmpty {
                if sawField { events.append(Event(name: name.isEmpty ? "message" : name, data: data.joined(separator: "\n"))) }
                name = ""
                data = []
                sawField = false
            } else if line.first != UInt8(ascii: ":") {
                let text = String(decoding: line, as: UTF8.self)
                let field: Substring
                var value: Substring
                if let colon = text.firstIndex(of: ":") {
                    field = text[..<colon]
                    value = text[text.index(after: colon)...]
                    if value.first == " " { value = value.dropFirst() }
                } else {
                    field = text[...]
                    value = ""
                }
                switch field {
                case "event": name = String(value); sawField = true
                case "data": data.append(String(value)); sawField = true
                default: break
                }
            }
            line.removeAll(keepingCapacity: true)
        }
        return events
    }
}

// MARK: - Numbers

struct Summary {
    var p50 = 0.0, p90 = 0.0, p99 = 0.0, max = 0.0

    /// Nearest-rank percentiles of the exact samples.
    init(_ samples: [Double]) {
        guard !samples.isEmpty else { return }
        let sorted = samples.sorted()
        func rank(_ p: Double) -> Double {
            let index = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
            return sorted[Swift.max(0, Swift.min(sorted.count - 1, index))]
        }
        p50 = rank(50)
        p90 = rank(90)
        p99 = rank(99)
        max = sorted[sorted.count - 1]
    }

    var json: String {
        "{\"p50\":\(fmt(p50, 3)),\"p90\":\(fmt(p90, 3)),\"p99\":\(fmt(p99, 3)),\"max\":\(fmt(max, 3))}"
    }
}

func fmt(_ value: Double, _ decimals: Int) -> String {
    String(format: "%.\(decimals)f", value)
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }

    var milliseconds: Double { seconds * 1000 }
}
