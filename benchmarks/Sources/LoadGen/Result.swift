import Foundation
import Histogram

/// Latency percentiles of one histogram, in milliseconds.
struct LatencySummary: Codable, Sendable {
    var min: Double
    var mean: Double
    var p50: Double
    var p90: Double
    var p99: Double
    var p999: Double
    var p9999: Double
    var max: Double

    enum CodingKeys: String, CodingKey {
        case min, mean, p50, p90, p99, p999 = "p99.9", p9999 = "p99.99", max
    }

    /// Values recorded in microseconds.
    init?(_ h: Histogram<UInt64>) {
        guard h.totalCount > 0 else { return nil }
        func ms(_ v: UInt64) -> Double { Double(v) / 1000 }
        min = ms(h.min)
        mean = h.mean / 1000
        p50 = ms(h.valueAtPercentile(50))
        p90 = ms(h.valueAtPercentile(90))
        p99 = ms(h.valueAtPercentile(99))
        p999 = ms(h.valueAtPercentile(99.9))
        p9999 = ms(h.valueAtPercentile(99.99))
        max = ms(h.max)
    }
}

/// Counts and latencies of one tier (or of all tiers) in the measured part of a run.
struct TierResult: Codable, Sendable {
    /// Requests the schedule put in the measured window.
    var scheduled = 0
    /// Not sent: the in-flight cap was reached when they were due (or the run was aborted).
    var dropped = 0
    /// Sent and answered, whatever the status.
    var completed = 0
    /// Answered 2xx or 304: these make the latency histogram.
    var ok = 0
    /// Answered with another status.
    var notOK = 0
    /// Transport failures (connect, timeout, connection closed).
    var errors = 0
    /// Of `notOK`, 429 or 503 answers that carried `Retry-After` (documented load shedding). Nil in
    /// results written before it was counted.
    var shed: Int?
    /// Not sent because a sweep stopped the step for overload (`ClientOptions.abortInFlight`): a
    /// latency verdict, not failed requests. Nil when none.
    var abandoned: Int?
    /// Failed requests under the run's rule (see `outcomeClasses`). Nil in older results.
    var failed: Int?
    /// Answered OK with an `X-Router-Tier` that differs from the tier expected.
    var tierMismatch = 0
    var bytes = 0
    var status: [String: Int] = [:]
    var errorKinds: [String: Int] = [:]
    /// Of OK answers, from the scheduled send time to the last byte of the body.
    var latencyMs: LatencySummary?
    /// [percentile, ms] pairs for percentile plots (HDR style).
    var percentiles: [[Double]] = []

    enum CodingKeys: String, CodingKey {
        case scheduled, dropped, completed, ok, notOK = "not_ok", errors, shed, abandoned, failed
        case tierMismatch = "tier_mismatch", bytes, status
        case errorKinds = "error_kinds", latencyMs = "latency_ms", percentiles
    }

    /// Everything that was not a 2xx/304 answer (the latency view of a sweep step).
    var failures: Int { dropped + notOK + errors }

    /// Each measured request in exactly one class. Successes: `ok` (2xx or 304) and `shed` (429 or
    /// 503 with `Retry-After`, only where `shedAllowed`). Failures: `shed-not-allowed` (429/503 with
    /// `Retry-After` in a tier that may not shed), `429/503-without-retry-after`, `other-status`
    /// (any other status: 5xx, 4xx, 1xx/3xx), `timeout`, `transport-error` (connect, reset, closed…)
    /// and `not-sent` (due while the generator's in-flight cap was reached). Neither: `abandoned`
    /// (a sweep stopped scheduling the step for overload; the step fails on latency instead).
    func outcomeClasses(shedAllowed: Bool) -> [(name: String, count: Int, failure: Bool)] {
        let shedding = shed ?? 0
        let rejected = (status["429"] ?? 0) + (status["503"] ?? 0)
        let timeouts = errorKinds["timeout"] ?? 0
        let classes: [(String, Int, Bool)] = [
            ("ok", ok, false),
            ("shed", shedAllowed ? shedding : 0, false),
            ("shed-not-allowed", shedAllowed ? 0 : shedding, true),
            ("429/503-without-retry-after", rejected - shedding, true),
            ("other-status", notOK - rejected, true),
            ("timeout", timeouts, true),
            ("transport-error", errors - timeouts, true),
            ("not-sent", dropped, true),
            ("abandoned", abandoned ?? 0, false),
        ]
        return classes.map { (name: $0.0, count: $0.1, failure: $0.2) }
    }

    func failedCount(shedAllowed: Bool) -> Int {
        outcomeClasses(shedAllowed: shedAllowed).filter(\.failure).reduce(0) { $0 + $1.count }
    }

    /// "ok 600, shed 20, other-status 3 (500×3)": the classes that occurred.
    func outcomeText(shedAllowed: Bool) -> String {
        var parts: [String] = []
        for c in outcomeClasses(shedAllowed: shedAllowed) where c.count > 0 {
            var part = "\(c.name) \(c.count)"
            if c.name == "other-status" {
                let others = status.filter { !["429", "503"].contains($0.key) && !(200..<300).contains(Int($0.key) ?? 0) && $0.key != "304" }
                part += " (" + others.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: ", ") + ")"
            } else if c.name == "transport-error" {
                let kinds = errorKinds.filter { $0.key != "timeout" }
                part += " (" + kinds.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: ", ") + ")"
            }
            parts.append(part)
        }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}

struct RunConfig: Codable, Sendable {
    var url: String
    var mode: String
    var rate: Double?
    var durationSeconds: Double?
    var requests: Int
    var warmupRequests: Int
    var users: Int
    var userFormat: String
    var mix: String?
    var queriesFile: String
    var queryCount: Int
    var maxInFlight: Int
    var connections: Int
    var timeoutSeconds: Double
    var seed: UInt64
    /// Tiers where 429/503 with `Retry-After` count as success (`--allow-shed`). Nil in older results.
    var allowShed: [Int]?
    /// The failure budget (`--max-failure-ratio`). Nil in older results.
    var maxFailureRatio: Double?

    enum CodingKeys: String, CodingKey {
        case url, mode, rate, durationSeconds = "duration_s", requests, warmupRequests = "warmup_requests", users
        case userFormat = "user_format", mix, queriesFile = "queries_file", queryCount = "query_count"
        case maxInFlight = "max_in_flight", connections, timeoutSeconds = "timeout_s", seed
        case allowShed = "allow_shed", maxFailureRatio = "max_failure_ratio"
    }
}

/// A step of a rate sweep: the series it belongs to and whether it held the latency goal.
struct SweepStep: Codable, Sendable {
    var series: String
    var rate: Double
    var p99GoalMs: Double
    var passed: Bool
    var reason: String
    var attempt: Int

    enum CodingKeys: String, CodingKey {
        case series, rate, p99GoalMs = "p99_goal_ms", passed, reason, attempt
    }
}

struct RunResult: Codable, Sendable {
    var tool = "LoadGen"
    var format = 1
    var name: String
    var scenario: String
    var target: String
    var startedAt: String
    var config: RunConfig
    /// Requests per second the schedule offered (rate mode: the rate; burst: requests at once).
    var offeredRps: Double
    /// OK answers per second, from the first measured scheduled time to the last answer.
    var achievedRps: Double
    /// From the first measured scheduled time to the last answer.
    var wallSeconds: Double
    /// Why the run stopped scheduling early (in-flight over the abort limit), if it did.
    var aborted: String?
    /// How late the generator started requests after their scheduled time (its own lag, already
    /// inside the latencies; large values mean the generator, not the server, was behind).
    var generatorLagMs: LatencySummary?
    var peakInFlight: Int
    /// "1", "2", "3" and "all".
    var tiers: [String: TierResult]
    var firstErrors: [String]
    /// Cores used over the measured window: watched process trees (--cpu NAME=PID) and "loadgen".
    var cpuCores: [String: Double]?
    var sweep: SweepStep?

    enum CodingKeys: String, CodingKey {
        case tool, format, name, scenario, target, startedAt = "started_at", config, offeredRps = "offered_rps"
        case achievedRps = "achieved_rps", wallSeconds = "wall_s", aborted, generatorLagMs = "generator_lag_ms"
        case peakInFlight = "peak_in_flight", tiers, firstErrors = "first_errors", cpuCores = "cpu_cores", sweep
    }

    /// "router 0.83, redis 0.05, loadgen 0.31" (the target first, the generator last).
    var cpuText: String? {
        guard let c = cpuCores, !c.isEmpty else { return nil }
        let keys = c.keys.sorted { a, b in
            func rank(_ k: String) -> Int { k == target ? 0 : k == "loadgen" ? 2 : 1 }
            return (rank(a), a) < (rank(b), b)
        }
        // Idle bystanders (another server of a sweep while this one is measured) are left out.
        return keys.filter { $0 == target || $0 == "loadgen" || c[$0]! >= 0.01 }
            .map { "\($0) \(String(format: "%.2f", c[$0]!))" }.joined(separator: ", ")
    }

    var all: TierResult { tiers["all"] ?? TierResult() }

    /// Failed requests of the measured part under the run's rule (per tier, then summed).
    var failedRequests: Int { all.failed ?? all.failures }

    /// Share of the scheduled requests that failed (0 when none were scheduled).
    var failedRatio: Double { all.scheduled > 0 ? Double(failedRequests) / Double(all.scheduled) : 0 }

    /// Whether the failures stay within `budget` (a share of the scheduled requests).
    func withinBudget(_ budget: Double) -> Bool { failedRequests == 0 || failedRatio <= budget }

    /// One line per tier (and all): its requests by outcome class.
    var outcomeLines: [String] {
        let allowed = Set(config.allowShed ?? [])
        return tierKeys.map { k in
            let t = tiers[k]!
            let label = k == "all" ? "all" : "tier \(k)"
            let text: String
            if k == "all" {
                // Classes summed over the tiers, each under its own tier's rule.
                var sums: [(String, Int)] = []
                for key in tierKeys where key != "all" {
                    for c in tiers[key]!.outcomeClasses(shedAllowed: allowed.contains(Int(key) ?? 0)) {
                        if let i = sums.firstIndex(where: { $0.0 == c.name }) { sums[i].1 += c.count } else { sums.append((c.name, c.count)) }
                    }
                }
                let parts = sums.filter { $0.1 > 0 }.map { "\($0.0) \($0.1)" }
                text = parts.isEmpty ? "none" : parts.joined(separator: ", ")
            } else {
                text = t.outcomeText(shedAllowed: allowed.contains(Int(k) ?? 0))
            }
            return "\(label): \(t.scheduled) scheduled, \(t.failed ?? t.failures) failed: \(text)"
        }
    }

    /// Tier keys present, "1" … "3" first, "all" last.
    var tierKeys: [String] {
        tiers.keys.filter { $0 != "all" }.sorted() + (tiers["all"] != nil ? ["all"] : [])
    }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }

    static func read(_ path: String) throws -> RunResult {
        try JSONDecoder().decode(RunResult.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// Percentile levels for plots: 0, then ten steps per decade of 1/(1 − p) up to the resolution
/// the sample count allows, then 100 (the maximum).
func percentileSeries(_ h: Histogram<UInt64>) -> [[Double]] {
    guard h.totalCount > 0 else { return [] }
    let decades = log10(Double(h.totalCount))
    var out: [[Double]] = []
    var k = 0.0
    while k / 10 <= decades {
        let p = 100 * (1 - pow(10, -k / 10))
        out.append([rounded(p, 6), Double(h.valueAtPercentile(p)) / 1000])
        k += 1
    }
    out.append([100, Double(h.max) / 1000])
    return out
}

func rounded(_ x: Double, _ digits: Int) -> Double {
    let f = pow(10, Double(digits))
    return (x * f).rounded() / f
}
