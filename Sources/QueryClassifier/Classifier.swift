import Domain
import Tier2Compute

/// Decides, in microseconds, which tier answers a question.
///
/// It recognises each tier 1 and tier 2 route by its vocabulary and required parameters, in English
/// and Spanish, and escalates to tier 3 whenever the question needs judgement, chains several
/// questions, or contains words the route cannot account for: a wrong cheap answer is worse than
/// an AI call. Pure and allocation-light; no regular expressions.
public struct Classifier: Sendable {
    public let gazetteer: Gazetteer
    let normalizer: Normalizer
    /// Below this confidence a cheap route is not trusted and the question goes to tier 3.
    public static let threshold = 0.6

    public init(gazetteer: Gazetteer) {
        self.gazetteer = gazetteer
        normalizer = Normalizer(gazetteer: gazetteer)
    }

    /// - Parameter explain: false to decide without writing the reasons (the same decision, a
    ///   little cheaper); `/v1/query` does this and explains only what will be shown.
    public func classify(_ text: String, asOf: Day, explain: Bool = true) -> Classification {
        let normalized = normalizer.normalize(Lexer.tokens(text), record: explain)
        var analysis = Analysis(tokens: normalized.tokens)
        analysis.shouting = normalized.shouting
        analysis.explain = explain
        var c = decide(analysis, asOf: asOf)
        c.normalizedTokens = normalized.tokens
        c.rewrites = normalized.rewrites
        return c
    }

    private func decide(_ analysis: Analysis, asOf: Day) -> Classification {
        var a = analysis
        if let smalltalk = smalltalk(a) { return smalltalk }
        a.consumeLeadingGreeting()
        a.extractPeriods()
        a.extractYears()
        a.extractQuantities()
        a.extractPlaces(gazetteer: gazetteer)
        a.extractTargetUnits()
        a.extractCategories()
        a.extractLimit()

        if let reason = needsJudgement(a) {
            return ai(a, [reason])
        }
        guard var decision = route(a, asOf: asOf) else {
            return ai(a, ["no tier 1 or tier 2 route matches: open question"])
        }
        // Routes that describe their input ("… is how many km"), whose restating words are not left over.
        let describing = switch decision.target {
        case .compute(.convert), .compute(.mpg), .compute(.split): true
        default: false
        }
        let residual = a.residualContent(describing: describing)
        if !residual.isEmpty {
            return ai(a, ["words \(decision.route.name) cannot account for: \(residual.prefix(5).joined(separator: ", "))"])
        }
        if decision.confidence < Self.threshold {
            decision.reasons.append("confidence \(decision.confidence) is below \(Self.threshold): escalated")
            return ai(a, decision.reasons)
        }
        return Classification(
            target: decision.target, confidence: decision.confidence, domain: decision.domain,
            reasons: decision.reasons
        )
    }

    // MARK: Decision

    struct Decision {
        var target: Classification.Target
        var confidence: Double
        var domain: Classification.Domain
        var reasons: [String]

        var route: Route {
            switch target {
            case .summary(let r): return .summary(r.kind)
            case .compute(let r): return .compute(r.route)
            case .ai: return .ai
            }
        }
    }

    private func ai(_ a: Analysis, _ reasons: [String]) -> Classification {
        let spending = a.has(.spendingTopic) || a.categories.contains { $0 != .fuel }
        let travel = a.has(.travelTopic) || a.places != nil || a.categories.contains(.fuel)
            || a.quantities.contains { [.miles, .kilometers, .mpg, .gallons].contains($0.unit) }
        let domain: Classification.Domain = spending == travel ? .general : (spending ? .spending : .travel)
        return Classification(target: .ai, confidence: 0.9, domain: domain, reasons: reasons + ["tier 3: needs judgement"])
    }

    /// Why the question needs tier 3, if it does: judgement words, how-to phrasing, several questions.
    func needsJudgement(_ a: Analysis) -> String? {
        // "most recent" / "más recientes" is recency, not a superlative judgement.
        let markers = !a.has(.judgement) ? [] : a.unusedWords(tagged: .judgement, except: { i in
            (a.word(i) == "most" || a.word(i) == "mas") && a.isWord(i + 1, ["recent", "recently", "recientes", "reciente"])
                || a.isWord(i, ["which", "cuales", "cual"]) && a.isWord(i + 1, ["category", "categories", "categorias", "categoria"]) && a.has(.budget)
        })
        if !markers.isEmpty {
            return "needs judgement: " + markers.prefix(4).joined(separator: ", ")
        }
        for i in 0..<a.count where !a.used[i] {
            guard let w = a.word(i) else { continue }
            // "how do I…", "how can we…", "how to…", "cómo puedo…"
            if (w == "how" || w == "como"), a.isWord(i + 1, ["do", "can", "could", "should", "to", "would", "puedo", "podemos", "hago"]) {
                return "asks how to do something: '\(w) \(a.word(i + 1) ?? "")'"
            }
            if w == "what", a.isWord(i + 1, ["if"]) { return "hypothetical: 'what if'" }
            // (Which categories are over budget is the budget's own list.)
            if w == "look", a.isWord(i + 1, ["up", "for", "into"]) { return "asks to look something up" }
            if (w == "help" || w == "ayudame"), a.count > i + 2 { return "asks for help with a task" }
            if w == "tell", a.isWord(i + 1, ["me", "us"]), a.isWord(i + 2, ["a", "about", "something"]) {
                return "open request: 'tell me \(a.word(i + 2) ?? "")'"
            }
        }
        if let clause = a.secondClause() { return "several questions in one: '\(clause)'" }
        return nil
    }

    private func smalltalk(_ a: Analysis) -> Classification? {
        // One pass without allocating, which settles almost every question: a number, or a
        // word that is not smalltalk, and it is not.
        for i in 0..<a.count {
            switch a.tokens[i].kind {
            case .number: return nil
            case .word:
                // Smalltalk words, or words that mean nothing to any route ("actually", "for me").
                let tags = a.tags[i]
                let meaning = tags.subtracting(WordTags.classes)
                // (A word that is also a unit, like "mi", is still a filler when it is one.)
                let meaningless = !meaning.isEmpty
                    && meaning.subtracting(.known).isSubset(of: [.filler, .spanish, .personal, .question, .preposition, .join, .modal])
                    && (!meaning.contains(.known) || meaning.contains(.filler))
                if tags.isDisjoint(with: [.greeting, .thanks, .help, .smalltalkFiller]), !meaningless { return nil }
            case .symbol, .mark: continue
            }
        }
        let words = a.tokens.filter { $0.kind == .word }
        let spanish = words.contains {
            ["hola", "gracias", "ayuda", "buenos", "buenas", "puedes", "hacer", "ayudame", "muchas", "tal"].contains($0.text)
        }
        let language = spanish ? "es" : "en"
        if words.isEmpty {
            return Classification(
                target: .compute(.smalltalk(.help, language: "en")), confidence: 0.7, domain: .general,
                reasons: a.explain ? ["no words: answered with what the router can do"] : []
            )
        }
        var anyCore = false
        for (i, t) in a.tokens.enumerated() where t.kind == .word {
            if !a.tags[i].isDisjoint(with: [.greeting, .thanks, .help]) { anyCore = true }
        }
        let text = words.map(\.text)
        let asksAbility = (text.contains("can") || text.contains("able") || text.contains("could")) && text.contains("you") && text.contains("do")
            || text.contains("puedes") && text.contains("hacer")
            || text.contains("how") && text.contains("use")
        guard anyCore || asksAbility else { return nil }
        let kind: Smalltalk.Kind
        if words.contains(where: { Lexicon.tags($0.text).contains(.thanks) }) {
            kind = .thanks
        } else if asksAbility || words.contains(where: { Lexicon.tags($0.text).contains(.help) }) {
            kind = .help
        } else {
            kind = .greeting
        }
        return Classification(
            target: .compute(.smalltalk(kind, language: language)), confidence: 0.95, domain: .general,
            reasons: a.explain ? ["smalltalk: \(kind.rawValue)"] : []
        )
    }

    /// The cheap route for the question, if one fits.
    func route(_ a: Analysis, asOf: Day) -> Decision? {
        if let d = split(a) { return d }
        if let d = conversion(a) { return d }
        if let d = mileage(a) { return d }
        if a.places != nil { return placesRoute(a) }
        if a.quantities.contains(where: { $0.unit == .miles || $0.unit == .kilometers }) { return distanceRoute(a) }
        return summary(a, asOf: asOf)
    }
}
