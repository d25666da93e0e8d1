import ArgumentParser
import Domain
import Foundation
import QueryClassifier
import Router
import Tier1Cache
import Tier2Compute

/// `router prompt "text"`: the exact first Messages request body tier 3 would send, offline.
/// For inspecting what is cached, and for benchmarks that call the provider directly.
struct Prompt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the first Messages API request body tier 3 sends for a question.")

    @Argument(help: "The question.") var text: [String] = []
    @Option(name: .customLong("as-of"), help: "The date the question is asked on (YYYY-MM-DD).") var asOf: String?
    @Option(help: "The model id.") var model = "claude-sonnet-5-5"
    @Option(help: "max_tokens.") var maxTokens = 1024

    func run() async throws {
        let day = try asOf.map { s -> Day in
            guard let d = Day(iso: s) else { throw ValidationError("--as-of must be YYYY-MM-DD") }
            return d
        } ?? Day.todayUTC()
        let question = text.joined(separator: " ")
        let c = Classifier(gazetteer: Gazetteer.bundled).classify(question, asOf: day)
        if c.tier != .ai {
            FileHandle.standardError.write(Data("note: this question goes to tier \(c.tier) (\(c.route.name)), not to Claude\n".utf8))
        }
        let key = try RouterConfiguration.metadataUserIDKey(ProcessInfo.processInfo.environment)
        let body = AITier.firstRequestBody(model: model, maxTokens: maxTokens, question: question, domain: c.domain, asOf: day, userIDKey: key)
        FileHandle.standardOutput.write(Data(body))
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}
