/// One fully resolved summary question. Its `cacheKey` is canonical: two requests that must give
/// the same answer have the same key, and the user is always part of it.
public struct SummaryRequest: Sendable, Hashable {
    public static let defaultLimit = 5
    public static let maximumLimit = 50

    public let kind: SummaryKind
    /// For budget_status, the whole month (to clipped at as_of).
    public let range: DateRange
    public let category: Category?
    /// recent_expenses only: 1…50.
    public let limit: Int
    /// The day the question is asked on; recent_expenses shows nothing after it.
    public let asOf: Day

    /// Resolves a period against `asOf` for `kind`. Budgets are monthly: a budget question
    /// about anything but a calendar month is refused (nil) rather than answered about another span.
    public init?(kind: SummaryKind, period: Period?, category: Category?, limit: Int?, asOf: Day) {
        let period = period ?? kind.defaultPeriod
        switch kind {
        case .budgetStatus:
            guard let first = period.month(asOf: asOf), first <= asOf else { return nil }
            self.range = DateRange(from: first, to: min(first.lastOfMonth, asOf))
        case .recentExpenses:
            self.range = DateRange(from: nil, to: asOf)
        default:
            guard let range = period.resolve(asOf: asOf) else { return nil }
            self.range = range
        }
        self.kind = kind
        self.category = kind.takesCategory ? category : nil
        self.limit = kind == .recentExpenses ? min(max(limit ?? Self.defaultLimit, 1), Self.maximumLimit) : 0
        self.asOf = asOf
    }

    /// The canonical parameters, without the user: the entry's name inside the user's cache.
    public var entryKey: String {
        var key = kind.shortName + "|" + (range.from?.description ?? "*") + "|" + range.to.description + "|"
        key += category?.rawValue ?? "*"
        if kind == .recentExpenses { key += "|" + String(limit) }
        return key
    }
}
