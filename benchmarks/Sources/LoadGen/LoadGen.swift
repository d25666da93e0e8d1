import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

/// Open-loop HTTP load generator for the router: constant-rate or burst schedules, a mix of
/// tiers from a query file, HDR histograms per tier, JSON results and self-contained HTML reports.
///
///     LoadGen run --url http://127.0.0.1:8080 --queries queries/default.jsonl --mix 1=60,2=30,3=10 \
///         --users 100 --per-user 10 --duration 300 --json steady.json --html steady.html
///     LoadGen run --url … --queries … --users 500 --per-user 1 --burst --json burst.json
///     LoadGen sweep --target router=http://127.0.0.1:8080 --target fastapi=http://127.0.0.1:8090 \
///         --queries queries/tier1-spend.jsonl --p99-ms 10 --out-dir results/x --scenario sweep-tier1
///     LoadGen report --out report.html results/x
///
/// Exit status of `run` and `sweep`: 0, or 3 when more requests failed than the failure budget
/// (`--max-failure-ratio`) allows (see `TierResult.outcomeClasses` for what fails), or another
/// non-zero status for a usage or runtime error.
@main
struct LoadGen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open-loop HTTP load generator with HDR histograms per tier.",
        subcommands: [RunCommand.self, SweepCommand.self, ReportCommand.self, TokenCommand.self]
    )
}

/// Options shared by `run` and `sweep`: what to send and as whom.
struct TrafficOptions: ParsableArguments {
    @Option(help: "Query file (JSONL): one request per line with its tier; see QueryFile.swift.")
    var queries: String

    @Option(help: "Tier mix, e.g. 1=60,2=30,3=10 (default: the file's own proportions).")
    var mix: String?

    @Option(help: "Number of distinct users; request i is sent as user i mod N.")
    var users = 50

    @Option(help: "printf format of a user id, given 1 … N (plus --first-user − 1).")
    var userFormat = "u%03d"

    @Option(help: "Number of the first user.")
    var firstUser = 1

    @Option(help: "HS256 secret for the tokens (default: $ROUTER_JWT_SECRET).")
    var secret: String?

    @Flag(help: "Send no Authorization header.")
    var noAuth = false

    @Option(help: "Most requests in flight at once; a request due beyond it is dropped (counted).")
    var maxInFlight = 20_000

    @Option(help: "HTTP/1.1 connections per host the client may open (keep-alive pool).")
    var connections = 4_000

    @Option(help: "Per-request timeout, seconds.")
    var timeout = 30.0

    @Option(help: "Seed for the tier order and the entry chosen per request.")
    var seed: UInt64 = 42

    @Option(help: ArgumentHelp(
        "Comma-separated tiers (e.g. 3) where 429 or 503 WITH a Retry-After header counts as success (documented load shedding).",
        discussion: "Anywhere else, and without Retry-After, such an answer is a failed request. Default: no tier."
    ))
    var allowShed = ""

    @Option(name: .customLong("cpu"), help: "NAME=PID: report the cores this process tree used in each run (repeat).")
    var cpu: [String] = []

    func watched() throws -> [WatchedProcess] {
        try cpu.map {
            let kv = $0.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, let pid = Int32(kv[1]), pid > 0 else { throw ValidationFailure("--cpu expects NAME=PID, got \($0)") }
            return WatchedProcess(name: kv[0], pid: pid)
        }
    }

    func userIDs() -> [String] {
        (0..<users).map { String(format: userFormat, firstUser + $0) }
    }

    func authorization(_ ids: [String]) throws -> [String] {
        if noAuth { return ids.map { _ in "" } }
        guard let secret = secret ?? ProcessInfo.processInfo.environment["ROUTER_JWT_SECRET"], !secret.isEmpty else {
            throw ValidationFailure("give --secret or set ROUTER_JWT_SECRET (or --no-auth)")
        }
        return ids.map { "Bearer " + Token.hs256(subject: $0, secret: secret) }
    }

    func shedTiers() throws -> [Int] {
        let parts = allowShed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return try parts.map {
            guard let t = Int($0), (1...3).contains(t) else { throw ValidationFailure("--allow-shed: expected tiers like 3 or 1,3, got \(allowShed)") }
            return t
        }.sorted()
    }

    func parsedMix() throws -> Mix? {
        guard let mix else { return nil }
        guard let m = Mix(parsing: mix) else { throw ValidationFailure("--mix: expected like 1=60,2=30,3=10") }
        return m
    }

    func makeClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            timeout: .init(connect: .seconds(10), read: TimeAmount(.seconds(timeout)))
        )
        configuration.connectionPool = .init(
            idleTimeout: .seconds(300), concurrentHTTP1ConnectionsPerHostSoftLimit: connections
        )
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        configuration.httpVersion = .http1Only
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "One open-loop run.")

    @OptionGroup var traffic: TrafficOptions

    @Option(help: "Base URL of the server.")
    var url: String

    @Option(help: "Measured requests (default: users × per-user, or rate × duration).")
    var requests: Int?

    @Option(help: "Requests per user (requests = users × per-user).")
    var perUser: Int?

    @Option(help: "Constant rate, requests per second (default: requests / duration).")
    var rate: Double?

    @Option(help: "Length of the measured schedule, seconds.")
    var duration: Double?

    @Flag(help: "Schedule every request at t0 (no rate).")
    var burst = false

    @Option(help: "Seconds of the same schedule sent first and not measured (rate mode).")
    var warmup = 0.0

    @Option(help: "Run name (default: the scenario).")
    var name: String?

    @Option(help: "Scenario label, used to group runs in reports.")
    var scenario = "run"

    @Option(help: "Target label (e.g. router, fastapi).")
    var target = "router"

    @Option(help: "Write the JSON result here.")
    var json: String?

    @Option(help: "Write a one-run HTML report here.")
    var html: String?

    @Option(help: "Write one JSON line per measured request here (status, Retry-After, data fingerprint; fault suites).")
    var outcomes: String?

    @Flag(help: "With --outcomes: also write each tier 1/2 answer's data member (for checks against an oracle).")
    var outcomeData = false

    @Option(help: ArgumentHelp(
        "Failure budget: the largest share of measured requests that may fail (0 … 1) before the run exits with status 3.",
        discussion: "A request succeeds only with a 2xx answer, or 429/503 with Retry-After in an --allow-shed tier; transport errors, timeouts, other statuses and requests never sent fail."
    ))
    var maxFailureRatio = 0.0

    func run() async throws {
        let entries = try QueryFile.load(traffic.queries)
        let ids = traffic.userIDs()
        let auth = try traffic.authorization(ids)
        guard traffic.users > 0 else { throw ValidationFailure("--users must be > 0") }
        var measured = requests ?? perUser.map { $0 * traffic.users }
        var schedule: Schedule
        var warmupCount = 0
        if burst {
            guard let n = measured else { throw ValidationFailure("--burst needs --requests or --per-user") }
            measured = n
            schedule = .burst
        } else {
            let r: Double
            if let rate {
                r = rate
                if measured == nil, let duration { measured = Int((rate * duration).rounded()) }
            } else if let n = measured, let duration, duration > 0 {
                r = Double(n) / duration
            } else {
                throw ValidationFailure("give --rate and --duration, --requests/--per-user and --duration, or --burst")
            }
            guard r > 0, measured != nil else { throw ValidationFailure("give the number of requests or a duration") }
            schedule = .rate(r)
            warmupCount = Int((r * warmup).rounded())
        }
        guard (0...1).contains(maxFailureRatio) else { throw ValidationFailure("--max-failure-ratio must be within 0 … 1") }
        _ = try traffic.shedTiers()
        let plan = try Plan.make(
            entries: entries, mix: try traffic.parsedMix(), requests: measured!, warmup: warmupCount, users: ids,
            schedule: schedule, seed: traffic.seed
        )
        let http = traffic.makeClient()
        let options = ClientOptions(
            maxInFlight: traffic.maxInFlight, timeout: .seconds(traffic.timeout), abortInFlight: nil,
            watched: try traffic.watched(), keepOutcomes: outcomes != nil, outcomeData: outcomeData
        )
        let started = Date()
        let run = try LoadRun(http: http, baseURL: url, plan: plan, authorization: auth, options: options)
        let outcome = await run.run()
        try await http.shutdown()
        if let outcomes {
            let lines = run.outcomes.withLock { $0 }
            try (lines.joined(separator: "\n") + "\n").write(toFile: outcomes, atomically: true, encoding: .utf8)
        }
        let result = makeResult(
            name: name ?? scenario, scenario: scenario, target: target, url: url, traffic: traffic, plan: plan,
            entries: entries, outcome: outcome, started: started, maxFailureRatio: maxFailureRatio
        )
        FileHandle.standardError.write(Data((oneLine(result) + "\n").utf8))
        FileHandle.standardError.write(Data((outcomeReport(result) + "\n").utf8))
        if let json { try result.write(to: json) }
        if let html {
            try Report.html(title: "LoadGen: \(result.name)", runs: [result], p99GoalMs: nil)
                .write(toFile: html, atomically: true, encoding: .utf8)
        }
        if json == nil && html == nil {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        }
        if !result.withinBudget(maxFailureRatio) { throw ExitCode(3) }
    }
}

/// Per tier, the requests by outcome class, and the verdict against the failure budget (stderr).
func outcomeReport(_ r: RunResult) -> String {
    let budget = r.config.maxFailureRatio ?? 0
    let shed = (r.config.allowShed ?? []).map(String.init).joined(separator: ",")
    var lines = ["outcomes (429/503 with Retry-After count as success in tiers: \(shed.isEmpty ? "none" : shed)):"]
    lines += r.outcomeLines.map { "  " + $0 }
    let verdict = r.withinBudget(budget) ? "PASS" : "FAIL"
    lines.append(
        "\(verdict): \(r.failedRequests) of \(r.all.scheduled) requests failed (\(fmt(100 * r.failedRatio, 3)) %), "
            + "budget \(fmt(100 * budget, 3)) % (--max-failure-ratio \(formatNumber(budget)))"
    )
    return lines.joined(separator: "\n")
}

func makeResult(
    name: String, scenario: String, target: String, url: String, traffic: TrafficOptions, plan: Plan,
    entries: [QueryEntry], outcome: LoadRun.Outcome, started: Date, sweep: SweepStep? = nil, maxFailureRatio: Double
) -> RunResult {
    let r = outcome.recorder
    let shedTiers = (try? traffic.shedTiers()) ?? []
    func tier(_ t: Recorder.Tier) -> TierResult {
        var out = t.result
        out.shed = out.shed ?? 0
        out.latencyMs = LatencySummary(t.histogram)
        out.percentiles = percentileSeries(t.histogram)
        return out
    }
    var tiers: [String: TierResult] = [:]
    var failed = 0
    for (k, v) in r.tiers {
        var t = tier(v)
        t.failed = t.failedCount(shedAllowed: shedTiers.contains(k))
        failed += t.failed!
        tiers[String(k)] = t
    }
    tiers["all"] = tier(r.all)
    tiers["all"]!.failed = failed
    let measured = plan.count - plan.warmup
    let wall = r.lastEnd.map { ($0 - outcome.measuredStart).seconds } ?? 0
    let offered: Double
    var rate: Double?
    var duration: Double?
    switch plan.schedule {
    case .rate(let x):
        offered = x
        rate = x
        duration = Double(measured) / x
    case .burst:
        offered = Double(measured)
    }
    let formatter = ISO8601DateFormatter()
    let config = RunConfig(
        url: url, mode: rate == nil ? "burst" : "rate", rate: rate, durationSeconds: duration, requests: measured,
        warmupRequests: plan.warmup, users: plan.users.count, userFormat: traffic.userFormat, mix: traffic.mix,
        queriesFile: traffic.queries, queryCount: entries.count, maxInFlight: traffic.maxInFlight,
        connections: traffic.connections, timeoutSeconds: traffic.timeout, seed: traffic.seed,
        allowShed: shedTiers, maxFailureRatio: maxFailureRatio
    )
    return RunResult(
        name: name, scenario: scenario, target: target, startedAt: formatter.string(from: started), config: config,
        offeredRps: offered, achievedRps: wall > 0 ? Double(r.all.result.ok) / wall : 0, wallSeconds: wall,
        aborted: outcome.aborted, generatorLagMs: LatencySummary(r.lag), peakInFlight: r.peakInFlight, tiers: tiers,
        firstErrors: r.firstErrors, cpuCores: outcome.cpuCores.isEmpty ? nil : outcome.cpuCores, sweep: sweep
    )
}

/// A one-line human summary of a run (stderr).
func oneLine(_ r: RunResult) -> String {
    var parts = ["\(r.name) [\(r.target)]"]
    if r.config.mode == "burst" {
        parts.append("burst of \(r.config.requests)")
    } else {
        parts.append("\(fmt(r.offeredRps, 1)) req/s offered")
    }
    parts.append("achieved \(fmt(r.achievedRps, 1)) req/s")
    for k in r.tierKeys {
        let t = r.tiers[k]!
        let label = k == "all" ? "all" : "t\(k)"
        if let l = t.latencyMs {
            parts.append("\(label): n=\(t.ok) p50 \(fmt(l.p50, 2)) p99 \(fmt(l.p99, 2)) max \(fmt(l.max, 1)) ms"
                + ((t.failed ?? t.failures) > 0 ? " failed=\(t.failed ?? t.failures)" : "")
                + ((t.shed ?? 0) > 0 ? " 429/503+Retry-After=\(t.shed!)" : ""))
        } else {
            parts.append("\(label): no OK answers, failed=\(t.failed ?? t.failures)")
        }
    }
    if let lag = r.generatorLagMs { parts.append("gen lag p99 \(fmt(lag.p99, 2)) ms") }
    if let cpu = r.cpuText { parts.append("cores: \(cpu)") }
    if let a = r.aborted { parts.append("ABORTED: \(a)") }
    return parts.joined(separator: " | ")
}

func fmt(_ value: Double, _ decimals: Int) -> String {
    String(format: "%.\(decimals)f", value)
}

/// Prints a token for a user (handy for curl while the scenario runs).
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Print an HS256 token.")

    @Argument var user = "u001"

    @Option(help: "HS256 secret (default: $ROUTER_JWT_SECRET).")
    var secret: String?

    func run() throws {
        guard let s = secret ?? ProcessInfo.processInfo.environment["ROUTER_JWT_SECRET"] else {
            throw ValidationFailure("give --secret or set ROUTER_JWT_SECRET")
        }
        print(Token.hs256(subject: user, secret: s))
    }
}
