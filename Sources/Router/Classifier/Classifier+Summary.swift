import Tier1Cache

/// Tier 1 routes: what the user's own records say, for a period.
extension Classifier {
    func summary(_ a: Analysis, asOf: Day) -> Decision? {
        // A summary takes no measured quantities: "gas over $4 a gallon" is a filter it cannot apply.
        guard a.quantities.isEmpty, a.places == nil else { return nil }
        // Trips are not a summary dimension: "expenses from my last trip" needs the trips table and judgement.
        if a.isAnyWord(Self.tripWords) { return nil }
        guard let kind = summaryKind(a) else { return nil }
        var reasons: [String] = []
        var confidence = 0.92

        if a.periods.count > 1 {
            return nil  // two periods: a comparison
        }
        if a.categories.count > 1 { return nil }  // "food and fuel": not one summary
        let category = a.categories.first
        if let category, !kind.takesCategory, !(kind == .fuelStats && category == .fuel) {
            return nil  // "savings on fuel"
        }
        if kind == .fuelStats, let category, category != .fuel { return nil }

        // Future, conditional and modal phrasing asks for a forecast or advice, not a record,
        // except "how much can I spend (per day)": the budget's allowance, and polite "can you…".
        for i in 0..<a.count where !a.used[i] && a.tags[i].contains(.modal) {
            if a.isWord(i + 1, ["you", "u"]) { continue }
            if kind == .budgetStatus && ["can", "could", "puedo", "podemos"].contains(a.word(i) ?? "") { continue }
            return nil
        }
        if !a.unusedWords(tagged: .conditional).isEmpty || !a.unusedWords(tagged: .future).isEmpty { return nil }
        // Spanish periphrastic future: "voy a gastar", "vamos a ahorrar".
        for i in 0..<a.count where a.isWord(i, ["voy", "vamos", "vas", "van"]) && a.isWord(i + 1, ["a"]) { return nil }
        // Averages are not in any summary ("spent on average per day").
        if a.isAnyWord(["average", "avg", "mean", "promedio"]) && kind != .fuelStats { return nil }
        // "average daily spending" is not the total.
        if kind == .spend && (a.has(.perDay) || a.isAnyWord(["average", "avg", "mean", "promedio", "per"])) { return nil }
        if kind == .savings && a.has(.perDay) { return nil }

        // "my last tank", "my last fill-up": one event, not a period.
        if kind != .recentExpenses, !a.unusedWords(tagged: .recent).isEmpty { return nil }
        // "…in liters", "…in km per liter": a unit the summary does not report in.
        if a.targetUnits.contains(where: { ![.gallons, .milesPerGallon, .miles].contains($0) }) { return nil }
        // "the total of my last 5 expenses", "…and their average price": arithmetic over the list.
        if kind == .recentExpenses, a.isAnyWord(["total", "sum", "average", "avg", "mean", "combined", "altogether"]) { return nil }

        let period = a.periods.first
        if kind == .recentExpenses, period != nil { return nil }
        // "my last purchase": one.
        var limit = a.limit
        if kind == .recentExpenses, limit == nil, a.isAnyWord(Self.singularExpenseNouns), !a.isAnyWord(Self.pluralExpenseNouns) {
            limit = 1
        }
        guard let request = SummaryRequest(kind: kind, period: period, category: kind == .fuelStats ? nil : category,
                                           limit: limit, asOf: asOf)
        else {
            return nil  // a budget period that is not a month, or a period after as_of
        }
        if let limit = a.limit {
            guard kind == .recentExpenses else { return nil }
            if limit > SummaryRequest.maximumLimit { reasons.append("limit \(limit) capped at \(SummaryRequest.maximumLimit)") }
        }

        reasons.insert("\(kind.rawValue): \(summaryEvidence(a, kind))", at: 0)
        if period != nil, let word = a.periodWords.first {
            reasons.append("period '\(word)' → \(request.range.from?.description ?? "all time")..\(request.range.to)")
        } else if kind.takesPeriod {
            reasons.append("no period named: default \(kind == .savings ? "all time" : "this month") → \(request.range.from?.description ?? "all time")..\(request.range.to)")
        }
        if let category, let word = a.categoryWords.first {
            reasons.append("category '\(word)' → \(category.rawValue)")
        }
        if kind == .spend && !a.has(.spend) && !a.has(.expenseNoun) {
            confidence = 0.62
            reasons.append("no spending verb: a category and a period read as spending")
        }
        return Decision(
            target: .summary(request), confidence: confidence, domain: kind == .fuelStats ? .travel : .spending,
            reasons: reasons
        )
    }

    static let tripWords: Set<String> = ["trip", "trips", "journey", "vacation", "viaje", "viajes", "itinerary"]

    static let singularExpenseNouns: Set<String> = [
        "expense", "transaction", "purchase", "charge", "payment", "receipt", "entry", "item", "bill", "gasto", "compra",
        "movimiento", "cargo", "pago",
    ]
    static let pluralExpenseNouns: Set<String> = [
        "things", "expenses", "transactions", "purchases", "charges", "payments", "receipts", "entries", "items", "bills", "gastos",
        "compras", "movimientos", "cargos", "pagos",
    ]

    private func summaryKind(_ a: Analysis) -> SummaryKind? {
        let economy = a.has(.economy) || a.targetUnits.contains(.milesPerGallon)
        let gallons = a.has(.gallonNoun) || a.targetUnits.contains(.gallons)
        if a.has(.budget) || a.isAnyWord(["allowance"]) { return .budgetStatus }
        // "over on food this month?", "did I go over on maintenance", "me pasé en comida": budget words without "budget".
        if !a.has(.spend), !a.has(.save), !a.categories.isEmpty || !a.periods.isEmpty, overBudgetPhrase(a) {
            return .budgetStatus
        }
        if a.has(.spend) && a.has(.perDay) && asksAllowance(a) {
            return .budgetStatus  // "how much can I spend per day"
        }
        if a.has(.save) && !a.has(.spend) { return .savings }
        if economy || (gallons && (a.has(.buyVerb) || a.has(.fillup) || a.has(.price)))
            || (a.has(.price) && gallons) || a.has(.fillup) || (a.has(.stats) && (a.has(.fuel) || a.categories.contains(.fuel)))
        {
            return .fuelStats
        }
        let recency = !a.unusedWords(tagged: .recent).isEmpty || a.limit != nil
        if recency && (a.has(.expenseNoun) || a.has(.spend) || !a.categories.isEmpty) { return .recentExpenses }
        if a.has(.listVerb) && a.has(.expenseNoun) && a.periods.isEmpty && !a.has(.spend) && a.isAnyWord(["transactions", "transaction", "movimientos"]) {
            return .recentExpenses
        }
        if a.has(.spend) || (a.has(.expenseNoun) && (!a.periods.isEmpty || !a.categories.isEmpty)) {
            return .spend
        }
        if a.has(.cost) || a.has(.money), !a.periods.isEmpty || !a.categories.isEmpty, a.has(.personal) {
            return .spend  // "what did groceries cost me this month"
        }
        // A category and a period with nothing else ("groceries last week"): spending, with less confidence.
        // Not with price words: "gas prices this month" asks about the market, not the user.
        if !a.categories.isEmpty, !a.periods.isEmpty, !a.has(.price), !a.has(.budgetState) { return .spend }
        return nil
    }

    /// "can I spend", "could we spend", "puedo gastar": an allowance, not a polite "could you…".
    private func asksAllowance(_ a: Analysis) -> Bool {
        for i in 0..<a.count {
            if a.isWord(i, ["can", "could"]), a.isWord(i + 1, ["i", "we"]) { return true }
            if a.isWord(i, ["puedo", "podemos"]) { return true }
        }
        return false
    }

    /// "over on food", "went over", "overspent", "exceeded", "me pasé": over a budget, said without "budget".
    private func overBudgetPhrase(_ a: Analysis) -> Bool {
        for i in 0..<a.count where !a.used[i] {
            guard let w = a.word(i) else { continue }
            if ["overspent", "overspend", "exceeded", "exceed", "excedi", "sobrepase", "pase"].contains(w) { return true }
            if w == "over" {
                // "over the past 45 days" is a period, not a budget.
                if a.isWord(i + 1, ["the", "past", "last"]) { continue }
                return true
            }
        }
        return false
    }

    private func summaryEvidence(_ a: Analysis, _ kind: SummaryKind) -> String {
        let tag: WordTags
        switch kind {
        case .spend: tag = [.spend, .expenseNoun, .cost, .money]
        case .budgetStatus: tag = [.budget, .budgetState, .perDay]
        case .savings: tag = .save
        case .recentExpenses: tag = [.recent, .expenseNoun, .listVerb]
        case .fuelStats: tag = [.economy, .gallonNoun, .fillup, .price, .stats]
        }
        var words: [String] = []
        for i in 0..<a.count where !a.tags[i].isDisjoint(with: tag) && !words.contains(a.tokens[i].text) {
            words.append(a.tokens[i].text)
        }
        return words.isEmpty ? "category and period" : words.prefix(4).joined(separator: ", ")
    }
}

extension Analysis {
    func isAnyWord(_ words: Set<String>) -> Bool {
        tokens.contains { $0.kind == .word && words.contains($0.text) }
    }

    @inline(__always)
    func isAnyWord(_ words: [String]) -> Bool {
        tokens.contains { $0.kind == .word && words.contains($0.text) }
    }

    /// Like `isAnyWord`, among the words no extractor has explained yet.
    func isAnyUnusedWord(_ words: Set<String>) -> Bool {
        tokens.indices.contains { !used[$0] && tokens[$0].kind == .word && words.contains(tokens[$0].text) }
    }
}
