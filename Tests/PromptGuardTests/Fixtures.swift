import Foundation
import Testing

@testable import PromptGuard

/// The fixture files beside the tests, read strictly: a line that does not decode fails the
/// test that reads it (a fixture must never shrink quietly).
enum Fixtures {
    static func url(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    struct LineError: Error, CustomStringConvertible {
        let file: String
        let line: Int
        let reason: String
        var description: String { "\(file):\(line): \(reason)" }
    }

    /// Every non-blank line of `name`, decoded as `T`; the first that does not decode throws.
    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> [T] {
        let text = try String(contentsOf: url(name), encoding: .utf8)
        var out: [T] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy(\.isWhitespace) { continue }
            do {
                out.append(try JSONDecoder().decode(T.self, from: Data(line.utf8)))
            } catch {
                throw LineError(file: name, line: number + 1, reason: "\(error)")
            }
        }
        return out
    }

    /// One red-team attempt: what it says, what it is after, and how it is disguised.
    struct Attempt: Decodable, Sendable, CustomTestStringConvertible {
        enum Language: String, Decodable, Sendable { case en, es }
        enum Form: String, Decodable, Sendable { case direct, indirect, mixed }
        let id: String
        let text: String
        let threat: PromptThreat
        let language: Language
        let obfuscation: String
        let form: Form
        /// Why this attempt is deliberately not flagged (counted by the tests, never skipped silently).
        let outOfScope: String?
        enum CodingKeys: String, CodingKey { case id, text, threat, language, obfuscation, form, outOfScope = "out_of_scope" }
        var testDescription: String { "\(id): \(text)" }
    }

    /// A question that uses trigger words innocently.
    struct Benign: Decodable, Sendable, CustomTestStringConvertible {
        let id: String
        let text: String
        let language: Attempt.Language
        /// Which innocent use of a trigger word it exercises.
        let trigger: String
        var testDescription: String { "\(id): \(text)" }
    }

    /// A labelled router question (the classifier's fixtures): only the text and the tier matter here.
    struct Labelled: Decodable, Sendable, CustomTestStringConvertible {
        struct Expect: Decodable, Sendable { let tier: Int }
        let id: String
        let query: String
        let expect: Expect
        var testDescription: String { "\(id) (tier \(expect.tier)): \(query)" }
    }

    static let labelledFiles = [
        "dev-queries.jsonl", "extra-queries.jsonl", "redteam-queries.jsonl", "redteam2-queries.jsonl",
        "blind1-queries.jsonl", "blind2-queries.jsonl", "blind3-queries.jsonl", "train1-queries.jsonl",
        "blind4-queries.jsonl", "blind5-queries.jsonl",
    ]

    // Loaded once for the parameterised tests; a file that fails to load leaves its list empty
    // and makes `fixturesLoad` fail with the line at fault.
    static let attempts: [Attempt] = (try? load("injection-attempts.jsonl")) ?? []
    static let benign: [Benign] = (try? load("injection-benign.jsonl")) ?? []
    static let labelled: [Labelled] = (try? labelledFiles.flatMap { try load($0, as: Labelled.self) }) ?? []
}
