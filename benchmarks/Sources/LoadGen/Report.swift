import ArgumentParser
import Foundation

/// `LoadGen report`: one self-contained HTML page (inline SVG and CSS, no scripts) and a markdown
/// summary for any number of JSON results (files, or directories of them).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "HTML + markdown report of results.")

    @Argument(help: "Result JSON files or directories holding them.")
    var paths: [String]

    @Option(help: "Write the HTML report here.")
    var out: String?

    @Option(help: "Write the markdown summary here (default: standard output).")
    var markdown: String?

    @Option(help: "Report title.")
    var title = "Router load test"

    @Option(help: "Free text (HTML-escaped) placed under the title, e.g. the machine and build.")
    var note: String?

    func run() throws {
        var files: [String] = []
        let fm = FileManager.default
        for p in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDir) else { throw ValidationFailure("no such file: \(p)") }
            if isDir.boolValue {
                files += try fm.contentsOfDirectory(atPath: p).filter { $0.hasSuffix(".json") }.sorted().map { "\(p)/\($0)" }
            } else {
                files.append(p)
            }
        }
        var runs: [RunResult] = []
        for f in files {
            if let r = try? RunResult.read(f), r.tool == "LoadGen" { runs.append(r) }
        }
        guard !runs.isEmpty else { throw ValidationFailure("no LoadGen results among \(files.count) JSON files") }
        runs.sort { $0.startedAt < $1.startedAt }
        if let out {
            try Report.html(title: title, runs: runs, p99GoalMs: nil, note: note).write(toFile: out, atomically: true, encoding: .utf8)
        }
        let md = Report.markdown(runs: runs)
        if let markdown {
            try md.write(toFile: markdown, atomically: true, encoding: .utf8)
        } else {
            print(md, terminator: "")
        }
    }
}

enum Report {
    // MARK: - Grouping

    struct Scenario {
        var name: String
        var runs: [RunResult]
        var isSweep: Bool { runs.contains { $0.sweep != nil } }
    }

    static func scenarios(_ runs: [RunResult]) -> [Scenario] {
        var order: [String] = []
        var by: [String: [RunResult]] = [:]
        for r in runs {
            if by[r.scenario] == nil { order.append(r.scenario) }
            by[r.scenario, default: []].append(r)
        }
        return order.map { Scenario(name: $0, runs: by[$0]!) }
    }

    /// One result per (series, rate): a passing attempt if there is one, else the last attempt.
    struct SeriesSteps {
        var series: String
        var steps: [RunResult]  // by rate
        var knee: RunResult? {
            steps.filter { $0.sweep!.passed }.max { $0.sweep!.rate < $1.sweep!.rate }
        }
        var firstFailure: RunResult? {
            let k = knee?.sweep!.rate ?? 0
            return steps.filter { !$0.sweep!.passed && $0.sweep!.rate > k }.min { $0.sweep!.rate < $1.sweep!.rate }
        }
    }

    static func series(_ s: Scenario) -> [SeriesSteps] {
        var order: [String] = []
        var best: [String: [Double: RunResult]] = [:]
        for r in s.runs {
            guard let step = r.sweep else { continue }
            if best[step.series] == nil { order.append(step.series) }
            if let old = best[step.series]?[step.rate], old.sweep!.passed && !step.passed { continue }
            best[step.series, default: [:]][step.rate] = r
        }
        return order.map { name in
            SeriesSteps(series: name, steps: best[name]!.values.sorted { $0.sweep!.rate < $1.sweep!.rate })
        }
    }

    /// The highest rate at which every series has a passing step.
    static func commonPassingRate(_ all: [SeriesSteps]) -> Double? {
        var common: Set<Double>?
        for x in all {
            let rates = Set(x.steps.filter { $0.sweep!.passed }.map { $0.sweep!.rate })
            common = common.map { $0.intersection(rates) } ?? rates
        }
        return common?.max()
    }

    // MARK: - Markdown

    static func markdown(runs: [RunResult]) -> String {
        var md = ""
        for s in scenarios(runs) {
            if s.isSweep {
                let all = series(s)
                let goal = all.first?.steps.first?.sweep?.p99GoalMs ?? 10
                md += "### \(s.name): knee (highest constant rate with p99 < \(formatNumber(goal)) ms)\n\n"
                md += "| series | knee req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | cores at the knee | next rate up (failed) |\n|---|---:|---:|---:|---:|---:|---|---|\n"
                for x in all {
                    if let k = x.knee, let l = k.all.latencyMs {
                        md += "| \(x.series) | \(formatNumber(k.sweep!.rate)) | \(fmt(l.p50, 2)) | \(fmt(l.p90, 2)) | \(fmt(l.p99, 2)) | \(fmt(l.p999, 2)) | \(k.cpuText ?? "") | "
                    } else {
                        md += "| \(x.series) | none | | | | | | "
                    }
                    if let f = x.firstFailure { md += "\(formatNumber(f.sweep!.rate)) req/s: \(f.sweep!.reason) |\n" } else { md += "none up to the top rate |\n" }
                }
                if all.count > 1 {
                    let base = all[0]
                    md += "\nKnee ratio: " + all.dropFirst().map { x in
                        guard let a = base.knee?.sweep?.rate, let b = x.knee?.sweep?.rate, b > 0 else { return "\(base.series) / \(x.series): n/a" }
                        return "\(base.series) / \(x.series) = \(fmt(a / b, 1))×"
                    }.joined(separator: "; ") + "\n\n"
                    if let common = commonPassingRate(all) {
                        md += "At \(formatNumber(common)) req/s, the highest rate every series held: " + all.compactMap { x in
                            guard let r = x.steps.first(where: { $0.sweep!.rate == common }), let l = r.all.latencyMs else { return nil }
                            return "\(x.series) p50 \(fmt(l.p50, 2)) / p99 \(fmt(l.p99, 2)) ms" + (r.cpuCores?[x.series].map { " on \(fmt($0, 2)) cores" } ?? "")
                        }.joined(separator: "; ") + ".\n\n"
                    }
                    md += "Same offered rates, side by side (p50 / p99 ms; ✗ = step failed):\n\n"
                    md += "| req/s | " + all.map(\.series).joined(separator: " | ") + " |\n|---:|" + all.map { _ in "---:|" }.joined() + "\n"
                    let rates = Set(all.flatMap { $0.steps.map { $0.sweep!.rate } }).sorted()
                    for rate in rates {
                        let cells = all.map { x -> String in
                            guard let r = x.steps.first(where: { $0.sweep!.rate == rate }) else { return "" }
                            guard let l = r.all.latencyMs else { return "✗ (\(r.sweep!.reason))" }
                            return "\(fmt(l.p50, 2)) / \(fmt(l.p99, 2))" + (r.sweep!.passed ? "" : " ✗")
                        }
                        guard cells.filter({ !$0.isEmpty }).count > 1 else { continue }
                        md += "| \(formatNumber(rate)) | " + cells.joined(separator: " | ") + " |\n"
                    }
                }
                md += "\n"
            } else {
                for r in s.runs {
                    md += "### \(r.name) (\(r.target)): \(describeSchedule(r))\n\n"
                    md += tierTableMarkdown(r) + "\n"
                }
            }
        }
        return md
    }

    static func describeSchedule(_ r: RunResult) -> String {
        let c = r.config
        if c.mode == "burst" {
            return "burst of \(c.requests) requests due at the same instant, \(c.users) users; the last answer came \(fmt(r.wallSeconds, 2)) s later"
        }
        return "\(c.requests) requests at \(fmt(c.rate ?? 0, 2)) req/s over \(fmt(c.durationSeconds ?? 0, 0)) s, \(c.users) users"
            + (c.mix.map { ", mix \($0)" } ?? "") + "; last answer \(fmt(r.wallSeconds, 1)) s after the first request was due"
    }

    static func tierTableMarkdown(_ r: RunResult) -> String {
        var md = "| tier | requests | OK | non-2xx | shed (429/503 + Retry-After) | errors | dropped | failed | wrong tier | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |\n"
        md += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for k in r.tierKeys {
            let t = r.tiers[k]!
            let l = t.latencyMs
            func v(_ x: Double?) -> String { x.map { fmt($0, 2) } ?? "" }
            md += "| \(k) | \(t.scheduled) | \(t.ok) | \(t.notOK) | \(t.shed.map(String.init) ?? "") | \(t.errors) | \(t.dropped) | \(t.failed.map(String.init) ?? "") | \(t.tierMismatch) | \(v(l?.p50)) | \(v(l?.p90)) | \(v(l?.p99)) | \(v(l?.p999)) | \(v(l?.max)) |\n"
        }
        if let budget = r.config.maxFailureRatio {
            let shed = (r.config.allowShed ?? []).map(String.init).joined(separator: ",")
            md += "\nfailed \(r.failedRequests) of \(r.all.scheduled) (budget \(formatNumber(budget)); 429/503 with Retry-After allowed in tiers: \(shed.isEmpty ? "none" : shed)): "
                + (r.withinBudget(budget) ? "pass" : "**FAIL**") + "\n"
        }
        let statuses = r.all.status.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        md += "\nstatus: \(statuses.isEmpty ? "none" : statuses)"
        if !r.all.errorKinds.isEmpty {
            md += "; errors: " + r.all.errorKinds.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        }
        if let lag = r.generatorLagMs { md += "; generator lag p99 \(fmt(lag.p99, 2)) ms" }
        if let cpu = r.cpuText { md += "; cores used: \(cpu)" }
        return md + "\n"
    }

    // MARK: - HTML

    static let tierColors = ["1": "#1f77b4", "2": "#2ca02c", "3": "#d62728", "all": "#555555"]
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#d62728", "#8c564b", "#e377c2", "#17becf"]

    static func html(title: String, runs: [RunResult], p99GoalMs: Double?, note: String? = nil) -> String {
        var body = "<h1>\(esc(title))</h1>\n"
        if let note { body += "<p class=note>\(esc(note))</p>\n" }
        body += """
            <p class=note>Open loop: request <i>i</i> is due at t0 + i/rate (or all at t0 in a burst) and is sent then, \
            whatever earlier requests are doing. Latency runs from the <b>due</b> time to the last byte of the body, so \
            queueing anywhere (server, network, the generator itself) is counted: no coordinated omission. Latencies are of \
            2xx/304 answers; other statuses, transport errors and requests dropped at the generator's in-flight cap are \
            counted apart. Requests go out over HTTP/1.1 keep-alive connections (AsyncHTTPClient, a pool of up to \
            4,000), each as its user with an HS256 token. Histograms: HdrHistogram, 1 µs to 1 h, 3 significant digits. Plots: x = percentile on a \
            log scale of 1/(1−p), y = latency on a log scale.</p>
            <p class=note>Generated \(esc(ISO8601DateFormatter().string(from: Date()))) from \(runs.count) result(s).</p>

            """
        body += "<nav><b>Scenarios:</b> " + scenarios(runs).map { "<a href=\"#\(anchor($0.name))\">\(esc($0.name))</a>" }.joined(separator: " · ") + "</nav>\n"
        for s in scenarios(runs) {
            body += "<section id=\"\(anchor(s.name))\"><h2>\(esc(s.name))</h2>\n"
            body += s.isSweep ? sweepSection(s) : runsSection(s)
            body += "</section>\n"
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(esc(title))</title>
            <style>
            body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}
            h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:36px}h3{font-size:15px;margin-top:24px}
            table{border-collapse:collapse;margin:8px 0 12px;font-variant-numeric:tabular-nums}
            th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}
            .note{color:#555;font-size:13px}.fail{color:#b00}.pass{color:#070}code{background:#f4f4f4;padding:0 3px}
            svg{background:#fff;border:1px solid #e4e4e4;margin:6px 0}details{margin:8px 0}nav{margin:12px 0}
            </style></head><body>
            \(body)
            </body></html>

            """
    }

    static func runsSection(_ s: Scenario) -> String {
        var h = ""
        for r in s.runs {
            h += "<h3>\(esc(r.name)) <small>(\(esc(r.target)))</small></h3>\n"
            h += "<p>\(esc(describeSchedule(r))). Started \(esc(r.startedAt)); peak in flight \(r.peakInFlight)"
            if let lag = r.generatorLagMs { h += "; generator lag p50 \(fmt(lag.p50, 3)) / p99 \(fmt(lag.p99, 3)) / max \(fmt(lag.max, 1)) ms" }
            if let cpu = r.cpuText { h += "; cores used: \(esc(cpu))" }
            h += ".</p>\n"
            if let a = r.aborted { h += "<p class=fail>Aborted: \(esc(a))</p>\n" }
            h += tierTable(r)
            var lines: [Line] = []
            for k in r.tierKeys {
                let t = r.tiers[k]!
                guard !t.percentiles.isEmpty else { continue }
                lines.append(Line(
                    label: k == "all" ? "all tiers (n=\(t.ok))" : "tier \(k) (n=\(t.ok))", color: tierColors[k] ?? "#000",
                    dash: k == "all", points: t.percentiles, count: t.ok
                ))
            }
            h += percentilePlot(title: "Latency by percentile: \(r.name)", lines: lines)
            if !r.firstErrors.isEmpty {
                h += "<details><summary>First errors</summary><ul>" + r.firstErrors.map { "<li><code>\(esc($0))</code></li>" }.joined() + "</ul></details>\n"
            }
            h += configDetails(r)
        }
        return h
    }

    static func tierTable(_ r: RunResult) -> String {
        var h = "<table><tr><th>tier</th><th>requests</th><th>OK</th><th>non-2xx</th><th>errors</th><th>dropped</th><th>failed</th><th>wrong tier</th>"
        h += "<th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>p99.99 ms</th><th>max ms</th><th>statuses</th></tr>\n"
        for k in r.tierKeys {
            let t = r.tiers[k]!
            let l = t.latencyMs
            func v(_ x: Double?) -> String { x.map { fmt($0, $0 < 10 ? 3 : 1) } ?? "–" }
            func bad(_ n: Int) -> String { n > 0 ? "<td class=fail>\(n)</td>" : "<td>0</td>" }
            let statuses = t.status.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }
                + t.errorKinds.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }
            h += "<tr><td>\(k == "all" ? "<b>all</b>" : "tier \(k)")</td><td>\(t.scheduled)</td><td>\(t.ok)</td>\(bad(t.notOK))\(bad(t.errors))\(bad(t.dropped))\(bad(t.failed ?? t.failures))\(bad(t.tierMismatch))"
            h += "<td>\(v(l?.p50))</td><td>\(v(l?.p90))</td><td>\(v(l?.p99))</td><td>\(v(l?.p999))</td><td>\(v(l?.p9999))</td><td>\(v(l?.max))</td>"
            h += "<td style=\"text-align:left\">\(esc(statuses.joined(separator: ", ")))</td></tr>\n"
        }
        return h + "</table>\n"
    }

    static func configDetails(_ r: RunResult) -> String {
        let c = r.config
        var items = [
            "url \(c.url)", "mode \(c.mode)", "requests \(c.requests) (+\(c.warmupRequests) warm-up)", "users \(c.users) (\(c.userFormat))",
            "queries \(c.queriesFile) (\(c.queryCount))", "max in flight \(c.maxInFlight)", "connections \(c.connections)",
            "timeout \(formatNumber(c.timeoutSeconds)) s", "seed \(c.seed)",
        ]
        if let m = c.mix { items.insert("mix \(m)", at: 2) }
        return "<details><summary>Configuration</summary><p class=note>\(esc(items.joined(separator: " · ")))</p></details>\n"
    }

    static func sweepSection(_ s: Scenario) -> String {
        let all = series(s)
        let goal = all.first?.steps.first?.sweep?.p99GoalMs ?? 10
        var h = "<p>Constant-rate steps of \(fmt(all.first?.steps.first?.config.durationSeconds ?? 0, 0)) s each (after an unmeasured warm-up at the same rate); "
        let budget = all.first?.steps.first?.config.maxFailureRatio ?? 0.001
        h += "a step passes when p99 &lt; \(formatNumber(goal)) ms with at most \(formatNumber(100 * budget)) % failed requests. The knee is the highest passing rate "
        h += "(a report: only failed requests beyond that budget fail the sweep).</p>\n"
        h += "<table><tr><th>series</th><th>knee req/s</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th><th>cores at the knee</th><th>next rate up (failed)</th></tr>\n"
        for x in all {
            h += "<tr><td>\(esc(x.series))</td>"
            if let k = x.knee, let l = k.all.latencyMs {
                h += "<td><b>\(formatNumber(k.sweep!.rate))</b></td><td>\(fmt(l.p50, 3))</td><td>\(fmt(l.p90, 3))</td><td>\(fmt(l.p99, 3))</td><td>\(fmt(l.p999, 3))</td><td>\(fmt(l.max, 2))</td>"
                h += "<td style=\"text-align:left\">\(esc(k.cpuText ?? ""))</td>"
            } else {
                h += "<td class=fail>none</td><td></td><td></td><td></td><td></td><td></td><td></td>"
            }
            h += "<td style=\"text-align:left\">" + (x.firstFailure.map { "\(formatNumber($0.sweep!.rate)) req/s: \(esc($0.sweep!.reason))" } ?? "none") + "</td></tr>\n"
        }
        h += "</table>\n"
        if all.count > 1, let a = all[0].knee?.sweep?.rate {
            h += "<p>" + all.dropFirst().compactMap { x in
                x.knee.map { "\(esc(all[0].series)) sustains <b>\(fmt(a / $0.sweep!.rate, 1))×</b> the rate of \(esc(x.series))" }
            }.joined(separator: "; ") + ".</p>\n"
        }
        // p50 and p99 against offered rate.
        var lines: [Line] = []
        for (i, x) in all.enumerated() {
            let color = palette[i % palette.count]
            let p99 = x.steps.compactMap { r in r.all.latencyMs.map { [r.sweep!.rate, $0.p99] } }
            let p50 = x.steps.compactMap { r in r.all.latencyMs.map { [r.sweep!.rate, $0.p50] } }
            lines.append(Line(label: "\(x.series) p99", color: color, dash: false, points: p99, count: 0))
            lines.append(Line(label: "\(x.series) p50", color: color, dash: true, points: p50, count: 0))
        }
        let knees = all.enumerated().compactMap { i, x in
            x.knee.flatMap { k in k.all.latencyMs.map { (k.sweep!.rate, $0.p99, palette[i % palette.count]) } }
        }
        h += ratePlot(title: "p50 and p99 against offered rate (\(s.name))", lines: lines, goal: goal, knees: knees)
        // HDR plot of each series at its knee.
        let kneeLines = all.enumerated().compactMap { i, x -> Line? in
            guard let k = x.knee else { return nil }
            return Line(label: "\(x.series) at \(formatNumber(k.sweep!.rate)) req/s", color: palette[i % palette.count], dash: false, points: k.all.percentiles, count: k.all.ok)
        }
        if !kneeLines.isEmpty { h += percentilePlot(title: "Latency by percentile at the knee (\(s.name))", lines: kneeLines) }
        // And at one rate for all: the highest every series held.
        if all.count > 1, let common = commonPassingRate(all) {
            let lines = all.enumerated().compactMap { i, x -> Line? in
                guard let r = x.steps.first(where: { $0.sweep!.rate == common }) else { return nil }
                return Line(label: "\(x.series)", color: palette[i % palette.count], dash: false, points: r.all.percentiles, count: r.all.ok)
            }
            h += percentilePlot(title: "Latency by percentile, all at \(formatNumber(common)) req/s (the highest rate every series held)", lines: lines)
        }
        // Steps.
        h += "<details><summary>All steps</summary><table><tr><th>series</th><th>req/s</th><th>attempt</th><th>result</th><th>OK</th><th>failed</th><th>p50 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th><th>gen lag p99 ms</th><th>cores</th></tr>\n"
        for r in s.runs.sorted(by: { ($0.sweep?.series ?? "", $0.sweep?.rate ?? 0, $0.sweep?.attempt ?? 0) < ($1.sweep?.series ?? "", $1.sweep?.rate ?? 0, $1.sweep?.attempt ?? 0) }) {
            guard let st = r.sweep else { continue }
            let l = r.all.latencyMs
            func v(_ x: Double?) -> String { x.map { fmt($0, 3) } ?? "–" }
            h += "<tr><td>\(esc(st.series))</td><td>\(formatNumber(st.rate))</td><td>\(st.attempt)</td><td class=\(st.passed ? "pass" : "fail") style=\"text-align:left\">\(esc(st.reason))</td>"
            h += "<td>\(r.all.ok)</td><td>\(r.all.failures)</td><td>\(v(l?.p50))</td><td>\(v(l?.p99))</td><td>\(v(l?.p999))</td><td>\(v(l?.max))</td><td>\(v(r.generatorLagMs?.p99))</td><td style=\"text-align:left\">\(esc(r.cpuText ?? ""))</td></tr>\n"
        }
        h += "</table></details>\n"
        if let first = s.runs.first { h += configDetails(first) }
        return h
    }

    // MARK: - SVG

    struct Line {
        var label: String
        var color: String
        var dash: Bool
        /// [x, y] in data units (percentile or rate, milliseconds).
        var points: [[Double]]
        /// Samples behind a percentile line (places its 100 % point).
        var count: Int
    }

    static let width = 860.0, height = 400.0
    static let left = 70.0, right = 40.0, top = 34.0, bottom = 46.0

    /// Latency (log y) by percentile (x: log10 of 1/(1 − p)).
    static func percentilePlot(title: String, lines: [Line]) -> String {
        guard !lines.isEmpty else { return "" }
        let maxCount = lines.map(\.count).max() ?? 1
        let xMax = max(2.0, ceil(log10(Double(max(maxCount, 10)))))
        func px(_ p: Double, _ count: Int) -> Double {
            if p >= 100 { return log10(Double(max(count, 2))) }
            return min(log10(1 / (1 - p / 100)), log10(Double(max(count, 2))))
        }
        let values = lines.flatMap { $0.points.map { $0[1] } }.filter { $0 > 0 }
        let (yLo, yHi) = logRange(values)
        var xTicks: [(Double, String)] = []
        for d in 0...Int(xMax) {
            let label = d == 0 ? "0%" : d == 1 ? "90%" : "99." + String(repeating: "9", count: d - 2) + "%"
            xTicks.append((Double(d), label.replacingOccurrences(of: "99.%", with: "99%")))
        }
        var svgLines: [(String, String, Bool, [(Double, Double)])] = []
        for l in lines {
            svgLines.append((l.label, l.color, l.dash, l.points.map { (px($0[0], l.count), log10(max($0[1], 1e-3))) }))
        }
        return chart(
            title: title, xLabel: "percentile", yLabel: "latency", xRange: (0, xMax), yRange: (yLo, yHi),
            xTicks: xTicks, yTicks: logTicks(yLo, yHi), lines: svgLines, goal: nil, markers: []
        )
    }

    /// Latency (log y) against offered rate (log x).
    static func ratePlot(title: String, lines: [Line], goal: Double, knees: [(Double, Double, String)]) -> String {
        let xs = lines.flatMap { $0.points.map { $0[0] } }.filter { $0 > 0 }
        guard let xMinV = xs.min(), let xMaxV = xs.max() else { return "" }
        let xLo = log10(xMinV) - 0.05, xHi = log10(max(xMaxV, xMinV * 1.01)) + 0.05
        let ys = lines.flatMap { $0.points.map { $0[1] } }.filter { $0 > 0 } + [goal]
        let (yLo, yHi) = logRange(ys)
        var xTicks: [(Double, String)] = []
        var d = floor(xLo)
        while d <= ceil(xHi) {
            for m in [1.0, 2.0, 5.0] {
                let v = log10(m) + d
                if v >= xLo && v <= xHi { xTicks.append((v, formatNumber(pow(10, v).rounded()))) }
            }
            d += 1
        }
        let svgLines = lines.map { l in (l.label, l.color, l.dash, l.points.map { (log10($0[0]), log10(max($0[1], 1e-3))) }) }
        return chart(
            title: title, xLabel: "offered rate, requests/s", yLabel: "latency", xRange: (xLo, xHi), yRange: (yLo, yHi),
            xTicks: xTicks, yTicks: logTicks(yLo, yHi), lines: svgLines, goal: log10(goal),
            markers: knees.map { (log10($0.0), log10($0.1), $0.2) }
        )
    }

    static func logRange(_ values: [Double]) -> (Double, Double) {
        guard let lo = values.min(), let hi = values.max() else { return (-1, 2) }
        var a = floor(log10(lo)), b = ceil(log10(hi))
        if b - a < 1 { b = a + 1 }
        if b == log10(hi) { b += 0 }
        if a == b { a -= 1 }
        return (a, b)
    }

    static func logTicks(_ lo: Double, _ hi: Double) -> [(Double, String, Bool)] {
        var out: [(Double, String, Bool)] = []
        var d = lo
        while d <= hi + 1e-9 {
            out.append((d, msLabel(pow(10, d)), true))
            if d < hi {
                for m in [2.0, 5.0] { out.append((d + log10(m), (hi - lo) <= 3 ? msLabel(m * pow(10, d)) : "", false)) }
            }
            d += 1
        }
        return out
    }

    static func msLabel(_ ms: Double) -> String {
        if ms >= 1000 { return formatNumber((ms / 1000 * 1000).rounded() / 1000) + " s" }
        if ms >= 1 { return formatNumber(ms.rounded()) + " ms" }
        if ms >= 0.001 { return formatNumber((ms * 1000).rounded()) + " µs" }
        return String(format: "%g ms", ms)
    }

    static func chart(
        title: String, xLabel: String, yLabel: String, xRange: (Double, Double), yRange: (Double, Double),
        xTicks: [(Double, String)], yTicks: [(Double, String, Bool)], lines: [(String, String, Bool, [(Double, Double)])],
        goal: Double?, markers: [(Double, Double, String)]
    ) -> String {
        let w = width, h = height
        let pw = w - left - right, ph = h - top - bottom
        func X(_ v: Double) -> Double { left + (v - xRange.0) / (xRange.1 - xRange.0) * pw }
        func Y(_ v: Double) -> Double { top + ph - (v - yRange.0) / (yRange.1 - yRange.0) * ph }
        func n(_ v: Double) -> String { String(format: "%.1f", v) }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" font-family=\"system-ui,Helvetica,Arial,sans-serif\" font-size=\"11\">\n"
        s += "<text x=\"\(n(w / 2))\" y=\"18\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"600\">\(esc(title))</text>\n"
        for (v, label, major) in yTicks {
            s += "<line x1=\"\(n(left))\" x2=\"\(n(w - right))\" y1=\"\(n(Y(v)))\" y2=\"\(n(Y(v)))\" stroke=\"\(major ? "#d8d8d8" : "#f0f0f0")\"/>\n"
            if !label.isEmpty { s += "<text x=\"\(n(left - 6))\" y=\"\(n(Y(v) + 4))\" text-anchor=\"end\" fill=\"\(major ? "#333" : "#888")\">\(esc(label))</text>\n" }
        }
        for (v, label) in xTicks {
            s += "<line x1=\"\(n(X(v)))\" x2=\"\(n(X(v)))\" y1=\"\(n(top))\" y2=\"\(n(top + ph))\" stroke=\"#e4e4e4\"/>\n"
            s += "<text x=\"\(n(X(v)))\" y=\"\(n(top + ph + 16))\" text-anchor=\"middle\">\(esc(label))</text>\n"
        }
        s += "<rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(pw))\" height=\"\(n(ph))\" fill=\"none\" stroke=\"#999\"/>\n"
        s += "<text x=\"\(n(left + pw / 2))\" y=\"\(n(h - 8))\" text-anchor=\"middle\" fill=\"#444\">\(esc(xLabel))</text>\n"
        s += "<text transform=\"translate(14 \(n(top + ph / 2))) rotate(-90)\" text-anchor=\"middle\" fill=\"#444\">\(esc(yLabel))</text>\n"
        if let goal {
            s += "<line x1=\"\(n(left))\" x2=\"\(n(w - right))\" y1=\"\(n(Y(goal)))\" y2=\"\(n(Y(goal)))\" stroke=\"#c00\" stroke-dasharray=\"2 3\"/>\n"
            s += "<text x=\"\(n(w - right - 4))\" y=\"\(n(Y(goal) - 4))\" text-anchor=\"end\" fill=\"#c00\">p99 goal</text>\n"
        }
        s += "<g clip-path=\"none\">\n"
        for (_, color, dash, pts) in lines where !pts.isEmpty {
            let clipped = pts.map { (Swift.min(Swift.max($0.0, xRange.0), xRange.1), Swift.min(Swift.max($0.1, yRange.0), yRange.1)) }
            let d = clipped.map { "\(n(X($0.0))),\(n(Y($0.1)))" }.joined(separator: " ")
            s += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(dash ? 1.5 : 2)\"\(dash ? " stroke-dasharray=\"5 4\"" : "") points=\"\(d)\"/>\n"
            for p in clipped where pts.count <= 40 {
                s += "<circle cx=\"\(n(X(p.0)))\" cy=\"\(n(Y(p.1)))\" r=\"2\" fill=\"\(color)\"/>\n"
            }
        }
        for (x, y, color) in markers {
            s += "<circle cx=\"\(n(X(x)))\" cy=\"\(n(Y(Swift.min(Swift.max(y, yRange.0), yRange.1))))\" r=\"6\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
        }
        s += "</g>\n"
        // Legend, top left inside the plot.
        let lh = 15.0
        let legendWidth = Swift.min(pw - 8, 8 + 24 + 7 * Double(lines.map(\.0.count).max() ?? 10))
        s += "<rect x=\"\(n(left + 6))\" y=\"\(n(top + 6))\" width=\"\(n(legendWidth))\" height=\"\(n(Double(lines.count) * lh + 8))\" fill=\"#fff\" fill-opacity=\"0.85\" stroke=\"#ddd\"/>\n"
        for (i, (label, color, dash, _)) in lines.enumerated() {
            let y = top + 6 + 4 + Double(i) * lh + lh / 2
            s += "<line x1=\"\(n(left + 12))\" x2=\"\(n(left + 32))\" y1=\"\(n(y))\" y2=\"\(n(y))\" stroke=\"\(color)\" stroke-width=\"2\"\(dash ? " stroke-dasharray=\"5 4\"" : "")/>\n"
            s += "<text x=\"\(n(left + 38))\" y=\"\(n(y + 4))\">\(esc(label))</text>\n"
        }
        return s + "</svg>\n"
    }

    static func esc(_ s: String) -> String {
        var o = ""
        for c in s {
            switch c {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            default: o.append(c)
            }
        }
        return o
    }

    static func anchor(_ s: String) -> String {
        String(s.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }
}
