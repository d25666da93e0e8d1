import Domain
import Foundation
import QueryClassifier
import Tier2Compute

/// Classifier latency per query: runs every labelled query many times, times each
/// classification on its own, and reports p50/p90/p99/p99.9/max in microseconds.
///
///     swift run -c release --package-path benchmarks ClassifierBench [iterations] [jsonl files…]
///
/// `BENCH_SLOWEST=1` also lists the slowest queries (mean per query).
@main
struct ClassifierBench {
    static func main() throws {
        var args = Array(CommandLine.arguments.dropFirst())
        let iterations = args.first.flatMap(Int.init) ?? 200
        if !args.isEmpty, Int(args[0]) != nil { args.removeFirst() }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let files = args.isEmpty
            ? ["dev-queries", "extra-queries", "redteam-queries", "redteam2-queries", "blind1-queries", "blind2-queries"].map { "Tests/Fixtures/\($0).jsonl" }.map { root.appendingPathComponent($0).path }
            : args
        var queries: [(String, Day)] = []
        for file in files {
            for line in try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n") {
                guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    let q = object["query"] as? String
                else { continue }
                queries.append((q, (object["as_of"] as? String).flatMap { Day(iso: $0) } ?? Day(year: 2026, month: 11, day: 21)!))
            }
        }
        let classifier = Classifier(gazetteer: Gazetteer.bundled)
        // Warm-up.
        var sink = 0
        for (q, d) in queries { sink &+= classifier.classify(q, asOf: d).tier.rawValue }
        // Twice: deciding only (what /v1/query does), and deciding with the reasons written
        // (what /v1/classify does).
        for explain in [false, true] {
            var samples: [Double] = []
            samples.reserveCapacity(queries.count * iterations)
            let clock = ContinuousClock()
            for _ in 0..<iterations {
                for (q, d) in queries {
                    let start = clock.now
                    let c = classifier.classify(q, asOf: d, explain: explain)
                    let elapsed = clock.now - start
                    sink &+= c.tier.rawValue
                    let (s, a) = elapsed.components
                    samples.append(Double(s) * 1e6 + Double(a) / 1e12)
                }
            }
            if ProcessInfo.processInfo.environment["BENCH_SLOWEST"] != nil, explain {
                var perQuery = [Double](repeating: 0, count: queries.count)
                for (k, v) in samples.enumerated() { perQuery[k % queries.count] += v / Double(iterations) }
                for (k, v) in perQuery.enumerated().sorted(by: { $0.1 > $1.1 }).prefix(12) {
                    print(String(format: "  %6.2f µs  ", v) + queries[k].0)
                }
            }
            samples.sort()
            func p(_ q: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * q))] }
            let mean = samples.reduce(0, +) / Double(samples.count)
            print("classifier (\(explain ? "with reasons, /v1/classify" : "decision only, /v1/query")): \(queries.count) queries × \(iterations) iterations = \(samples.count) classifications")
            print(String(format: "  per query µs: mean %.2f  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f",
                         mean, p(0.50), p(0.90), p(0.99), p(0.999), samples.last ?? 0))
        }
        print("  (checksum \(sink))")
    }
}
