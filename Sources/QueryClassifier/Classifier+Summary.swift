import Domain
import Tier2Compute

/// Tier 1 routes: what the user's own records say, for a period.
extension Classifier {
    func summary(_ a: Analysis, asOf: Day) -> Decision? {
        // A summary takes no measured quantities: "gas over $4 a gallon" is a filter it cannot apply.
        guard a.quantities.isEmpty, a.places == nil else { return nil }
        // "spent in Price", "gas at Quartzsite": a town, even one named like a word, filters by place.
        if !a.shouting {
            for i in 1..<max(a.count, 1) where !a.used[i] && a.isWord(i - 1, ["in", "at", "near", "around", "outside", "en", "cerca"]) {
                guard let w = a.word(i), a.tokens[i].original.first?.isUppercase == true, gazetteer.startsName(w) else { continue }
                return nil
            }
        }
        // Trips are not a summary dimension: "expenses from my last trip" needs the trips table and judgement.
        if a.isAnyWord(Self.tripWords) { return nil }
        guard let kind = summaryKind(a) else { return nil }
        var reasons: [String] = []
        var confidence = 0.92

        if a.periods.count > 1, a.periods.contains(where: { $0 != a.periods[0] }) {
            return nil  // two periods: a comparison (the same period said twice is one)
        }
        if a.categories.count > 1 { return nil }  // "food and fuel": not one summary
        // "my last fill-up": a fuel expense.
        let category = kind == .recentExpenses && a.has(.fillup) && a.categories.isEmpty ? .fuel : a.categories.first
        if let category, !kind.takesCategory, !(kind == .fuelStats && category == .fuel) {
            return nil  // "savings on fuel"
        }
        if kind == .fuelStats, let category, category != .fuel { return nil }

        // Words of a computation left over ("share", "each", "how long", "per person"): not a record.
        for i in 0..<a.count where !a.used[i] && a.tags[i].contains(.computation) {
            // "each budget category" is how a budget is reported; "did we each spend" is not one answer.
            if a.isWord(i, ["each", "cada"]), a.isWord(i + 1, ["budget", "category", "categoria", "presupuesto"]) { continue }
            return nil
        }
        // "dinner", "lunch", "fees", "what I owe": a bill, not a category ("campground fees" is one).
        for i in 0..<a.count where !a.used[i] && a.tags[i].contains(.bill) {
            let afterCategory = a.categoryEnds.contains(i - 1)
            if !afterCategory { return nil }
        }
        // A need, a want or a boundary no period took: "I need a food budget", "after October".
        if !a.unusedWords(tagged: .refusal).isEmpty { return nil }
        // Future, conditional and modal phrasing asks for a forecast or advice, not a record,
        // except "how much can I spend (per day)": the budget's allowance. (Polite "can you tell
        // me…" is gone by now: normalisation dropped it.)
        for i in 0..<a.count where !a.used[i] && a.tags[i].contains(.modal) {
            if kind == .budgetStatus && a.isWord(i, ["can", "could", "puedo", "podemos"]) { continue }
            return nil
        }
        if !a.unusedWords(tagged: [.conditional, .future]).isEmpty { return nil }
        // The refusals that depend on particular words, in one pass over the few words that can
        // trigger them.
        if a.has(.summaryGuard), wordRefusal(a, kind: kind) != nil { return nil }
        // "average daily spending" is not the total.
        if kind == .spend && (a.has(.perDay) || a.isAnyWord(["average", "avg", "mean", "promedio", "per"])) { return nil }
        if kind == .savings && a.has(.perDay) { return nil }

        // "my last tank", "my last fill-up": one event, not a period.
        if kind != .recentExpenses, !a.unusedWords(tagged: .recent).isEmpty { return nil }
        // "…in liters", "…in km per liter": a unit the summary does not report in.
        if a.targetUnits.contains(where: { ![.gallons, .milesPerGallon, .miles].contains($0) }) { return nil }
        // "the total of my last 5 expenses", "…and their average price": arithmetic over the list.
        if kind == .recentExpenses, a.isAnyWord(["total", "sum", "average", "avg", "mean", "combined", "altogether", "together"]) { return nil }

        let period = a.periods.first
        if kind == .recentExpenses, period != nil { return nil }
        // "my last purchase": one.
        var limit = a.limit
        if kind == .recentExpenses, limit == nil,
            a.isAnyWord(Self.singularExpenseNouns) && !a.isAnyWord(Self.pluralExpenseNouns) || a.has(.fillup)
                || singularAfterLast(a) || !a.has(.expenseNoun) && a.has(.buyVerb) && a.isAnyWord(["last", "ultimo", "ultima"])
        {
            limit = 1
        }
        guard let request = SummaryRequest(kind: kind, period: period, category: kind == .fuelStats ? nil : category,
                                           limit: limit, asOf: asOf)
        else {
            return nil  // a budget period that is not a month, or a period after as_of
        }
        if let limit = a.limit {
            guard kind == .recentExpenses else { return nil }
            if a.explain, limit > SummaryRequest.maximumLimit { reasons.append("limit \(limit) capped at \(SummaryRequest.maximumLimit)") }
        }

        if a.explain { explain(&reasons, a, kind: kind, request: request, category: category) }
        if kind == .spend && !a.has(.spend) && !a.has(.expenseNoun) {
            confidence = 0.62
        }
        return Decision(
            target: .summary(request), confidence: confidence, domain: kind == .fuelStats ? .travel : .spending,
            reasons: reasons
        )
    }

    /// The reasons for a summary, written only when someone will read them.
    private func explain(_ reasons: inout [String], _ a: Analysis, kind: SummaryKind, request: SummaryRequest, category: Category?) {
        let period = a.periods.first
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
            reasons.append("no spending verb: a category and a period read as spending")
        }
    }

    /// Why a summary cannot answer, found from particular words; nil when it can.
    private func wordRefusal(_ a: Analysis, kind: SummaryKind) -> String? {
        for i in 0..<a.count where a.tags[i].contains(.summaryGuard) {
            guard let w = a.word(i) else { continue }
            switch w {
            case "add", "adds", "added", "adding":
                // "add a grocery expense", "add up my last 5": a write or arithmetic (adding to savings is saving).
                if !a.used[i], kind != .savings { return "a write or arithmetic" }
            case "voy", "vamos", "vas", "van":
                // Spanish periphrastic future: "voy a gastar", "vamos a ahorrar".
                if a.isWord(i + 1, ["a"]) { return "a future" }
            case "average", "avg", "mean", "promedio", "media", "median", "mediana":
                // Averages are in no summary but fuel's ("spent on average per day").
                if kind != .fuelStats { return "an average" }
            case "of":
                // "how much of my spending was food", "what share", "out of my total": a proportion.
                guard a.isWord(i - 1, ["much", "share", "part", "portion", "percent", "percentage", "fraction", "proportion", "out", "half"])
                else { continue }
                if a.isWord(i - 1, ["out"]) { return "a proportion" }
                var j = i + 1
                if a.isWord(j, ["my", "the", "mi", "mis"]) { j += 1 }
                if j < a.count, a.tags[j].contains(.category) { j += 1 }
                // ("how much of my budget remains" asks for the remainder, which the budget reports.)
                if j < a.count, !a.tags[j].isDisjoint(with: [.spend, .budget, .save]) || a.isWord(j, ["total"]),
                    !a.isAnyWord(["remains", "remaining", "left", "queda", "quedan"])
                {
                    return "a proportion"
                }
            case "does", "cuesta", "cuestan":
                // "how much does a tank cost": a price in general, not the user's record.
                if a.has(.cost) || a.has(.price) { return "a general price" }
            case "per", "each", "por", "cada":
                // "cost per fill-up", "per tank", "per trip": an average over events no summary reports.
                if let next = a.word(i + 1), a.tags[i + 1].contains(.fillup) || ["tank", "trip", "purchase", "visit", "stop"].containsWord(next) {
                    return "an average per event"
                }
            case "category", "categories", "categoria":
                // "per category", "by category" beside a list: a grouping no list has.
                if kind != .spend, a.isWord(i - 1, ["by", "per", "por"]) { return "a grouping" }
            default:
                continue
            }
        }
        return nil
    }

    /// "my last campsite", "mi última reparación": one thing named by its category, not a list.
    private func singularAfterLast(_ a: Analysis) -> Bool {
        for i in 0..<a.count where a.isWord(i, ["last", "ultimo", "ultima"]) {
            var j = i + 1
            while j < a.count, a.isWord(j, ["one", "the", "my"]) { j += 1 }
            // The category word is the thing itself ("last campsite"), not a kind of it ("last camping charges").
            if let w = a.word(j), Lexicon.categories[w] != nil, w.utf8.last != UInt8(ascii: "s"),
                j + 1 >= a.count || a.tags[j + 1].isDisjoint(with: [.expenseNoun, .billNoun, .category])
            {
                return true
            }
        }
        return false
    }

    /// The words `wordRefusal` looks at.
    static let summaryGuardWords: Set<String> = [
        "add", "adds", "added", "adding", "voy", "vamos", "vas", "van", "average", "avg", "mean", "promedio", "media",
        "median", "mediana", "of", "does", "cuesta", "cuestan", "category", "categories", "categoria", "per", "each", "por",
        "cada",
    ]

    static let tripWords: [String] = ["trip", "trips", "journey", "vacation", "viaje", "viajes", "itinerary"]
    static let computationWords: Set<String> = [
        "split", "divide", "divided", "share", "shared", "sharing", "repartir", "dividir", "toca", "each", "cada", "apiece",
        "long", "hours", "hour", "hrs", "minutes", "tiempo", "horas", "tarda", "tardo", "convert", "conversion", "convierte",
        "convertir", "equals", "equivalent",
    ]
    static let billWords: Set<String> = ["dinner", "lunch", "meal", "tab", "fee", "fees", "owe", "owed", "cena", "debemos", "debo"]
    static let refusals: Set<String> = [
        "need", "needed", "needs", "necesito", "necesitamos", "after", "before", "antes", "despues", "until", "till",
        "want", "wanna", "wanted", "park", "parks", "road", "roads", "route", "routes", "travel", "weather", "clima",
        // Another vehicle than the rig: no record says which vehicle.
        "car", "truck", "jeep", "toad", "boat", "tow",
    ]

    static let singularExpenseNouns: [String] = [
        "expense", "transaction", "purchase", "charge", "payment", "receipt", "entry", "item", "bill", "thing", "gasto", "compra",
        "movimiento", "cargo", "pago",
    ]
    static let pluralExpenseNouns: [String] = [
        "things", "expenses", "transactions", "purchases", "charges", "payments", "receipts", "entries", "items", "bills", "gastos",
        "compras", "movimientos", "cargos", "pagos",
    ]

    private func summaryKind(_ a: Analysis) -> SummaryKind? {
        let economy = a.has(.economy) || a.targetUnits.contains(.milesPerGallon)
        let gallons = a.has(.gallonNoun) || a.targetUnits.contains(.gallons)
        // Signals of two summaries in one question ("spending and savings", "mpg and total
        // spend", "budget with savings"): two answers, not one.
        let spending = a.has(.spend) || a.has(.expenseNoun)
        if a.has(.save), spending || a.has(.budget) || economy || gallons { return nil }
        if economy, spending || a.has(.budget) { return nil }
        // Listing expenses of a period ("show my transactions from October"): no summary lists by period.
        if a.has(.listVerb), a.has(.expenseNoun), !a.periods.isEmpty, !a.has(.spend) { return nil }
        if a.has(.budget) || a.isAnyWord(["allowance"]) { return .budgetStatus }
        // "over on food this month?", "did I go over on maintenance", "me pasé en comida": budget words without "budget".
        if !a.has(.spend), !a.has(.save), !a.categories.isEmpty || !a.periods.isEmpty, overBudgetPhrase(a) {
            return .budgetStatus
        }
        if a.has(.spend) && a.has(.perDay) && asksAllowance(a) {
            return .budgetStatus  // "how much can I spend per day"
        }
        if a.has(.save) && !a.has(.spend) { return .savings }
        let recency = !a.unusedWords(tagged: .recent).isEmpty || a.limit != nil
        let howMuch = (0..<a.count).contains { a.isWord($0, ["how"]) && a.isWord($0 + 1, ["much"]) }
        // "what did my last fill-up cost": the fuel expense of one fill-up.
        if recency, a.has(.fillup), a.has(.cost) || a.has(.spend) || a.has(.money) || howMuch, !a.has(.gallonNoun), !a.has(.economy),
            a.limit == nil, !a.isAnyWord(["fillups", "fills", "refuels", "tanks", "ups"])
        {
            return .recentExpenses
        }
        // "how many miles did I drive last month": the miles between fill-ups, a fuel statistic.
        let milesDriven = a.targetUnits.contains(.miles) && a.has(.drive) && a.has(.personal) && !a.periods.isEmpty
        // "gallons since April": gallons of the user's own fill-ups in a period.
        let gallonsInPeriod = gallons && !a.periods.isEmpty
        if milesDriven || gallonsInPeriod || economy || (gallons && (a.has(.buyVerb) || a.has(.fillup) || a.has(.price)))
            || (a.has(.price) && gallons) || a.has(.fillup) || (a.has(.stats) && (a.has(.fuel) || a.categories.contains(.fuel)))
        {
            return .fuelStats
        }
        if recency && (a.has(.expenseNoun) || a.has(.spend) || !a.categories.isEmpty || a.has(.buyVerb)) { return .recentExpenses }
        if a.has(.listVerb) && a.has(.expenseNoun) && a.periods.isEmpty && !a.has(.spend) && a.isAnyWord(["transactions", "transaction", "movimientos"]) {
            return .recentExpenses
        }
        if a.has(.spend) || (a.has(.expenseNoun) && (!a.periods.isEmpty || !a.categories.isEmpty)) {
            return .spend
        }
        if a.has(.cost) || a.has(.money), !a.periods.isEmpty || !a.categories.isEmpty, a.has(.personal) {
            return .spend  // "what did groceries cost me this month"
        }
        // "last month's total": a total for a period is spending.
        if !a.periods.isEmpty, a.isAnyWord(["total", "totals"]), !a.has(.price), !a.has(.budgetState) { return .spend }
        // A category and a period with nothing else ("groceries last week"): spending, with less confidence.
        // Not with price words: "gas prices this month" asks about the market, not the user.
        if !a.categories.isEmpty, !a.periods.isEmpty, !a.has(.price), !a.has(.budgetState), !a.has(.drive) { return .spend }
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
                if a.isWord(i + 1, ["the", "past", "last", "all", "this"]) || i + 1 < a.count && a.used[i + 1] { continue }
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
        tokens.contains { $0.kind == .word && words.containsWord($0.text) }
    }

    /// Like `isAnyWord`, among the words no extractor has explained yet.
    func isAnyUnusedWord(_ words: Set<String>) -> Bool {
        tokens.indices.contains { !used[$0] && tokens[$0].kind == .word && words.contains(tokens[$0].text) }
    }
}
