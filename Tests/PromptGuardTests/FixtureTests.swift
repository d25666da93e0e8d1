import Testing

@testable import PromptGuard

/// The guard against its fixtures: every red-team attempt flagged with its threat, no benign
/// question flagged, none of the router's labelled questions flagged.
@Suite struct FixtureTests {
    let guardrail = PromptGuard()

    @Test func fixturesLoad() throws {
        // Exact sizes: a line lost or added by accident shows here. The held-out set is only
        // checked to decode; it is scored once, outside the tests, and never tuned against.
        let attempts: [Fixtures.Attempt] = try Fixtures.load("injection-attempts.jsonl")
        let heldOut: [Fixtures.Attempt] = try Fixtures.load("injection-heldout.jsonl")
        let benign: [Fixtures.Benign] = try Fixtures.load("injection-benign.jsonl")
        #expect(attempts.count == 180)
        #expect(heldOut.count == 40)
        #expect(benign.count == 73)
        #expect(Set(attempts.map(\.id)).count == attempts.count)
        #expect(Set(benign.map(\.id)).count == benign.count)
        var labelled = 0
        for name in Fixtures.labelledFiles { labelled += try Fixtures.load(name, as: Fixtures.Labelled.self).count }
        #expect(labelled == 2196)
        #expect(Fixtures.attempts.count == 180 && Fixtures.benign.count == 73 && Fixtures.labelled.count == 2196)
    }

    /// Every threat, both languages and every form are represented, so a passing run means
    /// something for each.
    @Test func attemptsCoverEveryThreatLanguageAndForm() {
        for threat in PromptThreat.allCases {
            #expect(Fixtures.attempts.filter { $0.threat == threat }.count >= 20, "\(threat)")
        }
        #expect(Fixtures.attempts.filter { $0.language == .es }.count >= 40)
        #expect(Fixtures.attempts.filter { $0.form == .indirect }.count >= 10)
        #expect(Fixtures.attempts.filter { $0.form == .mixed }.count >= 10)
        #expect(Fixtures.attempts.filter { $0.obfuscation != "none" }.count >= 60)
    }

    @Test(arguments: Fixtures.attempts.filter { $0.outOfScope == nil })
    func flagsAttempt(_ attempt: Fixtures.Attempt) {
        let verdict = guardrail.check(attempt.text)
        #expect(verdict.threat == attempt.threat, "read as '\(guardrail.normalizedWords(attempt.text).joined(separator: " "))': \(verdict)")
    }

    /// The attempts left out on purpose, each with its reason: a plain question naming another
    /// user's id has the same form as labelled tier 3 questions that must stay clean. Counted,
    /// so that adding one is a decision.
    @Test func outOfScopeAttemptsAreCountedAndClean() {
        let outOfScope = Fixtures.attempts.filter { $0.outOfScope != nil }
        #expect(outOfScope.map(\.id) == ["pi-141", "pi-142"])
        for attempt in outOfScope {
            #expect(attempt.outOfScope?.isEmpty == false)
            #expect(guardrail.check(attempt.text) == .clean, "\(attempt.id) is out of scope but flagged")
        }
    }

    @Test(arguments: Fixtures.benign)
    func leavesBenignQuestion(_ question: Fixtures.Benign) {
        let verdict = guardrail.check(question.text)
        #expect(verdict == .clean, "\(question.trigger): \(verdict) by \(guardrail.matchedPattern(question.text) ?? "?")")
    }

    /// All of the router's labelled questions, tier 3 or not: none may be flagged.
    @Test(arguments: Fixtures.labelled)
    func leavesLabelledQuestion(_ question: Fixtures.Labelled) {
        let verdict = guardrail.check(question.query)
        #expect(verdict == .clean, "\(verdict) by \(guardrail.matchedPattern(question.query) ?? "?")")
    }
}
