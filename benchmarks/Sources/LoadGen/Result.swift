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
        case scheduled, dropped, completed, ok, notOK = "not_ok", errors, tierMismatch = "tier_mismatch", bytes, status
        case errorKinds = "error_kinds", latencyMs = "latency_ms", percentiles
    }

    var failures: Int { dropped + notOK + errors }
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

    enum CodingKeys: String, CodingKey {
        case url, mode, rate, durationSeconds = "duration_s", requests, warmupRequests = "warmup_requests", users
        case userFormat = "user_format", mix, queriesFile = "queries_file", queryCount = "query_count"
        case maxInFlight = "max_in_flight", connections, timeoutSeconds = "timeout_s", seed
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
