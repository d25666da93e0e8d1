import ArgumentParser
import AsyncHTTPClient
import Foundation

/// Finds, per target, the highest constant rate at which p99 stays under a goal (the knee).
///
/// Every target runs the same ladder of rates (start × factor^k), interleaved step by step, so
/// two servers compared are measured at exactly the same offered loads. A step passes when p99 of
/// the OK answers is under the goal, failures (drops, non-2xx, transport errors) are at most
/// `--max-failure-ratio`, and the run was not aborted. A failing step is repeated `--retries` times
/// (noise on a shared machine); a target leaves the ladder after `--stop-after` consecutive
/// failing rates, so one noisy step does not end it. Its knee is its highest passing rate; then
/// `--refine` bisection steps (geometric midpoints) between the knee and the next rate up, which
/// failed, narrow it. Each step is one JSON result in `--out-dir`; `LoadGen report` draws them.
///
/// The knee is a report: a step that misses the latency goal never fails the command. Failed
/// requests do: when any step (any attempt) has a larger share of failed requests than
/// `--max-failure-ratio` (what fails: `TierResult.outcomeClasses`), the sweep still runs to the end,
/// then lists those steps and exits with status 3. Requests a step never scheduled because the
/// generator stopped it for overload (`--abort-in-flight`) are not failures: that step fails on
/// latency instead. The cap stays below the router's own bound on requests in hand
/// (ROUTER_MAX_IN_FLIGHT, 1,024 by default) so that a sweep stops before the router must shed.
struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sweep", abstract: "Rate sweep: find the knee.")

    @OptionGroup var traffic: TrafficOptions

    @Option(name: .customLong("target"), help: "NAME=URL (repeat to compare servers at the same rates).")
    var targets: [String]

    @Option(help: "Comma-separated rates (overrides --start-rate/--factor/--max-rate).")
    var rates: String?

    @Option(help: "First rate of the ladder, requests/s.")
    var startRate = 250.0

    @Option(help: "Ladder factor.")
    var factor = 1.5

    @Option(help: "Highest rate tried.")
    var maxRate = 40_000.0

    @Option(help: "Measured seconds per step.")
    var stepSeconds = 10.0

    @Option(help: "Unmeasured seconds at the step's rate before each step.")
    var warmupSeconds = 2.0

    @Option(help: "Pause between steps, seconds.")
    var pauseSeconds = 1.0

    @Option(help: "p99 goal, milliseconds.")
    var p99Ms = 10.0

    @Option(help: "Failure budget: the largest share of failed requests in a step; a step above it fails the step and makes the sweep exit with status 3.")
    var maxFailureRatio = 0.001

    @Option(help: "Stop a step (overload) when more than min(max(500, rate), this) requests are in flight.")
    var abortInFlight = 1_000

    @Option(help: "Times a failing step is repeated before the target is taken as failing at that rate.")
    var retries = 1

    @Option(help: "A target leaves the ladder after this many consecutive failing rates.")
    var stopAfter = 2

    @Option(help: "Bisection steps between the knee and the failing rate above it, per target.")
    var refine = 3

    @Option(help: "Steps below the start rate (halving) when a target fails the first one.")
    var descend = 3

    @Option(help: "Scenario label (file name prefix).")
    var scenario = "sweep"

    @Option(help: "Directory for the step results (created).")
    var outDir: String

    func run() async throws {
        let parsed: [(name: String, url: String)] = try targets.map {
            let kv = $0.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, !kv[0].isEmpty, kv[1].hasPrefix("http") else {
                throw ValidationFailure("--target expects NAME=URL, got \($0)")
            }
            return (kv[0], kv[1])
        }
        guard !parsed.isEmpty else { throw ValidationFailure("give at least one --target") }
        let ladder: [Double]
        if let rates {
            ladder = rates.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        } else {
            var l: [Double] = []
            var r = startRate
            while r <= maxRate + 0.5 {
                l.append(niceRate(r))
                r *= factor
            }
            ladder = l
        }
        guard !ladder.isEmpty else { throw ValidationFailure("empty rate ladder") }
        try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)

        let entries = try QueryFile.load(traffic.queries)
        let ids = traffic.userIDs()
        let auth = try traffic.authorization(ids)
        let mix = try traffic.parsedMix()
        let http = traffic.makeClient()

        var best: [String: Double] = [:]
        var failed: [String: [Double]] = [:]
        var streak: [String: Int] = [:]
        var alive = parsed.map(\.name)
        var overBudget: [RunResult] = []

        func step(_ target: (name: String, url: String), _ rate: Double) async throws -> Bool {
            for attempt in 1...(1 + max(0, retries)) {
                let result = try await runStep(
                    http: http, target: target, rate: rate, attempt: attempt, entries: entries, ids: ids, auth: auth,
                    mix: mix
                )
                if !result.withinBudget(maxFailureRatio) { overBudget.append(result) }
                if result.sweep!.passed { return true }
            }
            return false
        }

        do {
            for rate in ladder where !alive.isEmpty {
                for target in parsed where alive.contains(target.name) {
                    if try await step(target, rate) {
                        best[target.name] = rate
                        streak[target.name] = 0
                    } else {
                        failed[target.name, default: []].append(rate)
                        streak[target.name, default: 0] += 1
                        if streak[target.name]! >= max(1, stopAfter) { alive.removeAll { $0 == target.name } }
                    }
                }
            }
            for target in parsed {
                if best[target.name] == nil {
                    // Failed the first rates: go down until one passes.
                    var r = ladder[0]
                    for _ in 0..<descend {
                        r = niceRate(r / 2)
                        if try await step(target, r) {
                            best[target.name] = r
                            break
                        }
                        failed[target.name, default: []].append(r)
                    }
                }
                guard var lo = best[target.name],
                    var hi = failed[target.name, default: []].filter({ $0 > lo }).min()
                else { continue }
                for _ in 0..<refine {
                    let mid = niceRate((lo * hi).squareRoot())
                    if mid <= lo || mid >= hi { break }
                    if try await step(target, mid) { lo = mid } else { hi = mid }
                }
                best[target.name] = lo
                failed[target.name, default: []].append(hi)
            }
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
        for target in parsed {
            let knee = best[target.name].map { "\(formatNumber($0)) req/s" } ?? "none"
            let above = failed[target.name, default: []].filter { $0 > (best[target.name] ?? 0) }.min()
            let fail = above.map { ", next rate up fails: \(formatNumber($0)) req/s" } ?? ", never failed"
            FileHandle.standardError.write(Data("\(scenario) \(target.name): knee \(knee)\(fail)\n".utf8))
        }
        if overBudget.isEmpty {
            FileHandle.standardError.write(Data(
                "\(scenario): PASS: no step had more failed requests than the budget (--max-failure-ratio \(formatNumber(maxFailureRatio)))\n".utf8))
        } else {
            var text = "\(scenario): FAIL: \(overBudget.count) step(s) with more failed requests than the budget (--max-failure-ratio \(formatNumber(maxFailureRatio))):\n"
            for r in overBudget {
                text += "  \(r.name): \(r.failedRequests) of \(r.all.scheduled) failed: \(r.outcomeLines.last ?? "")\n"
            }
            FileHandle.standardError.write(Data(text.utf8))
            throw ExitCode(3)
        }
    }

    func runStep(
        http: HTTPClient, target: (name: String, url: String), rate: Double, attempt: Int, entries: [QueryEntry],
        ids: [String], auth: [String], mix: Mix?
    ) async throws -> RunResult {
        let measured = max(1, Int((rate * stepSeconds).rounded()))
        let warm = Int((rate * warmupSeconds).rounded())
        let plan = try Plan.make(
            entries: entries, mix: mix, requests: measured, warmup: warm, users: ids, schedule: .rate(rate),
            seed: traffic.seed &+ UInt64(attempt)
        )
        // A second's backlog at this rate in the measured part breaks any millisecond goal: stop
        // there rather than let it grow (the warm-up may stall briefly, e.g. opening connections).
        let options = ClientOptions(
            maxInFlight: traffic.maxInFlight, timeout: .seconds(traffic.timeout),
            abortInFlight: min(max(500, Int(rate)), max(1, abortInFlight)), watched: try traffic.watched()
        )
        let started = Date()
        let outcome = try await LoadRun(http: http, baseURL: target.url, plan: plan, authorization: auth, options: options).run()
        var result = makeResult(
            name: "\(scenario) \(target.name) @\(formatNumber(rate))" + (attempt > 1 ? " (retry)" : ""),
            scenario: scenario, target: target.name, url: target.url, traffic: traffic, plan: plan, entries: entries,
            outcome: outcome, started: started, maxFailureRatio: maxFailureRatio
        )
        let all = result.all
        let p99 = all.latencyMs?.p99 ?? .infinity
        var passed = true
        var reason = "p99 \(fmt(p99, 2)) ms < \(formatNumber(p99Ms)) ms"
        if let a = result.aborted {
            passed = false
            reason = "aborted: \(a)"
        } else if !result.withinBudget(maxFailureRatio) || all.scheduled == 0 {
            passed = false
            reason = "\(result.failedRequests) of \(all.scheduled) failed"
        } else if !(p99 < p99Ms) {
            passed = false
            reason = "p99 \(fmt(p99, 2)) ms ≥ \(formatNumber(p99Ms)) ms"
        }
        result.sweep = SweepStep(
            series: target.name, rate: rate, p99GoalMs: p99Ms, passed: passed, reason: reason, attempt: attempt
        )
        let file = "\(outDir)/\(scenario)-\(target.name)-\(formatNumber(rate))" + (attempt > 1 ? "-try\(attempt)" : "") + ".json"
        try result.write(to: file)
        // "pass"/"miss" is the latency verdict of the step (a report); failed requests are listed.
        var line = "  \(passed ? "pass" : "miss") \(oneLine(result))\n"
        if result.failedRequests > 0 { line += "    failed requests: \(result.outcomeLines.last ?? "")\n" }
        FileHandle.standardError.write(Data(line.utf8))
        if pauseSeconds > 0 { try await Task.sleep(for: .milliseconds(Int(pauseSeconds * 1000))) }
        return result
    }
}

/// Rounds a rate to two significant digits (three above 10,000), so ladders read well.
func niceRate(_ r: Double) -> Double {
    guard r >= 10 else { return max(1, r.rounded()) }
    let digits = r >= 10_000 ? 3.0 : 2.0
    let scale = pow(10, floor(log10(r)) - digits + 1)
    return (r / scale).rounded() * scale
}
