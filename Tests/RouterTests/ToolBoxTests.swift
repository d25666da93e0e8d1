import Domain
import Foundation
import Logging
import Testing
import Tier1Cache
import Tier3AI

@testable import Router

/// The tools tier 3 may call: schemas, input checks, bundles and the cached prefix.
@Suite struct ToolBoxTests {
    func spec(_ name: String) throws -> ToolSpec { try #require(ToolBox.all.first { $0.name == name }) }

    @Test func everySummaryAndComputationIsATool() {
        let routes = Set(ToolBox.all.map(\.route.name))
        #expect(routes == Set([
            "summary.spend", "summary.budget_status", "summary.savings", "summary.recent_expenses", "summary.fuel_stats",
            "compute.fuel_cost", "compute.distance", "compute.trip_cost", "compute.drive_time", "compute.convert", "compute.mpg",
            "compute.split",
        ]))
        for spec in ToolBox.all {
            #expect(spec.name.range(of: "^[a-zA-Z0-9_-]{1,128}$", options: .regularExpression) != nil)
            let schema = (try? JSONSerialization.jsonObject(with: Data(spec.schemaJSON.utf8))) as? [String: Any]
            #expect(schema?["type"] as? String == "object")
            #expect(schema?["additionalProperties"] as? Bool == false)
            let properties = schema?["properties"] as? [String: Any] ?? [:]
            #expect(properties["user"] == nil && properties["user_id"] == nil)
        }
    }

    @Test func inputsAreCheckedAgainstTheSchema() throws {
        let spend = try spec("summary_spend")
        #expect(try spend.parameters(from: #"{"period":"last_month","category":"fuel"}"#).get() == ["period": "last_month", "category": "fuel"])
        let rejections: [(String, String)] = [
            (#"{"user_id":"u002"}"#, "unknown input 'user_id'"),
            (#"{"category":"yachts"}"#, "must be one of"),
            (#"{"period":42}"#, "must be a string"),
            (#"[1,2]"#, "JSON object"),
            ("not json", "JSON object"),
            (#"{"period":"\#(String(repeating: "x", count: 200))"}"#, "at most 40"),
            (#"{"period":"this\u0000month"}"#, "plain text"),
        ]
        for (input, message) in rejections {
            guard case .failure(let error) = spend.parameters(from: input) else {
                Issue.record("accepted \(input)")
                continue
            }
            #expect(error.message.contains(message), "\(input): \(error.message)")
        }
        let split = try spec("compute_split")
        #expect(try split.parameters(from: #"{"amount":120,"people":3}"#).get() == ["amount": "120.0", "people": "3"])
        for bad in [#"{"amount":120}"#, #"{"amount":120,"people":2.5}"#, #"{"amount":-1,"people":2}"#, #"{"amount":1e300,"people":2}"#,
                    #"{"amount":true,"people":2}"#, #"{"amount":"12","people":2}"#] {
            if case .success = split.parameters(from: bad) { Issue.record("accepted \(bad)") }
        }
    }

    @Test func toolsRunForTheBoundUserOnly() async throws {
        let services = try await TestEnvironment.services.value
        let box = ToolBox(services: services)
        let day = TestEnvironment.day
        let mine = await box.executor(user: "u001", asOf: day, domain: .spending)("summary_spend", #"{"period":"this_month"}"#)
        let theirs = await box.executor(user: "u002", asOf: day, domain: .spending)("summary_spend", #"{"period":"this_month"}"#)
        #expect(!mine.isError && !theirs.isError)
        #expect(mine.content != theirs.content)
        // The same bytes the dashboard endpoint serves for that user.
        let kind = try #require(SummaryKind(rawValue: "summary.spend"))
        let request = try #require(SummaryRequest(kind: kind, period: .thisMonth, category: nil, limit: nil, asOf: day))
        let direct = try await services.summaries.answer(request, user: "u001")
        #expect(mine.content == String(decoding: direct.payload, as: UTF8.self))
        // A tool outside the domain's bundle is refused; bad places are errors the model can read.
        let outside = await box.executor(user: "u001", asOf: day, domain: .spending)("compute_distance", #"{"from":"Moab","to":"Denver"}"#)
        #expect(outside.isError)
        let unknown = await box.executor(user: "u001", asOf: day, domain: .travel)("compute_distance", #"{"from":"Xyzzyville","to":"Denver"}"#)
        #expect(unknown.isError && unknown.content.contains("Xyzzyville"))
    }

    @Test func theCachedPrefixIsLongEnoughForTheDefaultModel() {
        let prompt = PromptBuilder(model: "claude-sonnet-5-5", maxTokens: 1024, system: AssistantPrompt.blocks, bundles: ToolBox.bundles)
        let minimum = AssistantPrompt.minimumCacheableTokens(for: "claude-sonnet-5-5")
        for domain in ToolDomain.allCases {
            // With a margin: the provider's tokenizer may count differently from the estimate.
            #expect(AITier.prefixTokens(prompt, domain: domain) >= minimum * 3 / 2, "\(domain)")
        }
    }

    @Test func bundlesAreFixedAndOrdered() {
        let a = PromptBuilder(model: "m", maxTokens: 10, system: AssistantPrompt.blocks, bundles: ToolBox.bundles)
        let b = PromptBuilder(model: "m", maxTokens: 10, system: AssistantPrompt.blocks, bundles: ToolBox.bundles)
        for domain in ToolDomain.allCases {
            #expect(a.body(domain: domain, question: "x", stream: true) == b.body(domain: domain, question: "x", stream: true))
        }
        #expect(a.toolNames(for: .general).count == 12)
        #expect(a.toolNames(for: .spending).first == "summary_spend")
        #expect(a.toolNames(for: .travel).first == "compute_distance")
    }
}
