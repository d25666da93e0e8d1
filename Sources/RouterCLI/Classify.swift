import ArgumentParser
import Domain
import Foundation
import QueryClassifier
import Router
import Tier1Cache
import Tier2Compute

/// `router classify "text"`: the routing decision only, offline (no server, no data).
struct Classify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Classify a question and print the decision as JSON.")

    @Argument(help: "The question.") var text: [String] = []
    @Option(name: .customLong("as-of"), help: "The date the question is asked on (YYYY-MM-DD).") var asOf: String?
    @Option(help: "A JSONL file with a \"query\" (and optional \"as_of\") per line: prints one decision per line.") var file: String?

    func run() async throws {
        let classifier = Classifier(gazetteer: Gazetteer.bundled)
        let defaultDay = try asOf.map { s -> Day in
            guard let d = Day(iso: s) else { throw ValidationError("--as-of must be YYYY-MM-DD") }
            return d
        } ?? Day.todayUTC()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if let file {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    let query = object["query"] as? String
                else { continue }
                let day = (object["as_of"] as? String).flatMap { Day(iso: $0) } ?? defaultDay
                let c = classifier.classify(query, asOf: day)
                let id = object["id"] as? String ?? ""
                print("\(id)\t\(c.tier)\t\(c.route)\t\(query)\t\(String(decoding: try encoder.encode(c), as: UTF8.self))")
            }
            return
        }
        let c = classifier.classify(text.joined(separator: " "), asOf: defaultDay)
        print(String(decoding: try encoder.encode(c), as: UTF8.self))
    }
}
