import ArgumentParser
import Foundation
import PromptGuard

/// `router screen`: the prompt-injection pre-check over questions, offline. One question per
/// argument, or one per line on standard input (a JSON object's `text` or `query`, or plain
/// text). Prints one line per suspect question, then how many were suspect by threat and what a
/// check cost; `--expect` makes the exit status say whether that was right (for scoring sets).
struct Screen: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the prompt-injection pre-check over questions.")

    enum Expectation: String, ExpressibleByArgument {
        case suspect, clean
    }

    @Argument(help: "Questions (none: read standard input, one per line).") var questions: [String] = []
    @Option(help: "Exit 1 unless every question is suspect (or every one clean).") var expect: Expectation?
    @Flag(help: "Print clean questions too.") var all = false

    func run() throws {
        var texts = questions
        if texts.isEmpty {
            while let line = readLine() {
                if let text = Self.text(of: line) { texts.append(text) }
            }
        }
        let detector = PromptGuard()
        var counts: [PromptThreat: Int] = [:]
        var wrong = 0
        var nanos: [Int64] = []
        nanos.reserveCapacity(texts.count)
        for text in texts {
            let start = ContinuousClock.now
            let verdict = detector.check(text)
            let took = ContinuousClock.now - start
            nanos.append(took.components.seconds * 1_000_000_000 + took.components.attoseconds / 1_000_000_000)
            switch verdict {
            case .clean:
                if expect == .suspect { wrong += 1 }
                if all || expect == .suspect { print("clean\t\t\(text)") }
            case .suspect(let threat, let evidence):
                counts[threat, default: 0] += 1
                if expect == .clean { wrong += 1 }
                print("suspect\t\(threat.rawValue)\t\(text)\t[\(evidence)]")
            }
        }
        let suspect = counts.values.reduce(0, +)
        var summary = "\(texts.count) questions, \(suspect) suspect"
        for threat in PromptThreat.allCases where counts[threat] != nil { summary += ", \(threat.rawValue) \(counts[threat] ?? 0)" }
        nanos.sort()
        if !nanos.isEmpty {
            let median = Double(nanos[nanos.count / 2]) / 1000
            let p99 = Double(nanos[min(nanos.count - 1, nanos.count * 99 / 100)]) / 1000
            summary += String(format: "; per check: median %.1f µs, p99 %.1f µs", median, p99)
        }
        FileHandle.standardError.write(Data((summary + "\n").utf8))
        if expect != nil, wrong > 0 {
            FileHandle.standardError.write(Data("\(wrong) not \(expect?.rawValue ?? "")\n".utf8))
            throw ExitCode(1)
        }
    }

    /// A line's question: `text` or `query` of a JSON object, else the line itself.
    static func text(of line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard trimmed.hasPrefix("{"), let object = try? JSONDecoder().decode(Line.self, from: Data(trimmed.utf8)) else { return trimmed }
        return object.text ?? object.query
    }

    /// A labelled set's line: the injection sets name the question `text`, the routing sets `query`.
    struct Line: Decodable {
        var text: String?
        var query: String?
    }
}
