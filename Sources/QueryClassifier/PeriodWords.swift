import Domain

/// The classifier's reading of a period or a category on its own, for parameters that are typed
/// as words (`GET /v1/summaries/spend?period=last_30_days&category=groceries`): the same rules as
/// in questions, one implementation.
public enum PeriodWords {
    /// The one period `text` names ("last 30 days", "october", "since march"), or nil when it
    /// names none, several, or says anything else.
    public static func period(_ text: String) -> Period? {
        var analysis = Analysis(text)
        analysis.extractPeriods()
        analysis.extractYears()
        let leftover = (0..<analysis.count).contains { !analysis.used[$0] && analysis.tokens[$0].kind != .symbol }
        guard analysis.periods.count == 1, !leftover else { return nil }
        return analysis.periods[0]
    }

    /// The category a word names: its own name or a synonym ("groceries", "gasolina").
    public static func category(_ word: String) -> Category? {
        let w = word.lowercased()
        return Category(rawValue: w) ?? Lexicon.categories[w]
    }
}
