/// A closed range of days [from, to]; `from` is nil for "all time".
public struct DateRange: Sendable, Hashable {
    public let from: Day?
    public let to: Day

    public init(from: Day?, to: Day) {
        self.from = from
        self.to = to
    }

    /// "from Nov 1 to Nov 21, 2026", "on Nov 21, 2026", "up to Nov 21, 2026".
    package var phrase: String {
        guard let from else { return "up to \(to.short(withYear: true))" }
        if from == to { return "on \(to.short(withYear: true))" }
        return "from \(from.short(withYear: from.year != to.year)) to \(to.short(withYear: true))"
    }
}
