/// A period as people say it, before it is pinned to dates: the rules of CATALOG.md
/// "Dates and periods". `resolve(asOf:)` turns it into a closed range that never passes `as_of`.
public enum Period: Sendable, Hashable {
    case today
    case yesterday
    case thisWeek
    case lastWeek
    case thisMonth
    case lastMonth
    /// "in October": the latest such month not after as_of's month.
    case month(Int)
    /// "March 2025".
    case monthOfYear(month: Int, year: Int)
    /// "February of last year": that month of the year before as_of's.
    case monthOfLastYear(Int)
    case thisYear
    case lastYear
    /// "in 2025".
    case year(Int)
    case lastDays(Int)
    case lastWeeks(Int)
    case lastMonths(Int)
    /// "since March": the 1st of the latest such month up to as_of.
    case sinceMonth(Int)
    case allTime
    case between(Day, Day)

    /// The range this period covers, relative to `asOf`, with `to` clipped at `asOf`.
    /// Nil when the period lies entirely after `asOf` ("March 2027" asked on 2026-11-21).
    public func resolve(asOf: Day) -> DateRange? {
        switch self {
        case .month(let m), .sinceMonth(let m), .monthOfYear(let m, _), .monthOfLastYear(let m):
            guard (1...12).contains(m) else { return nil }
        case .lastDays(let n), .lastWeeks(let n), .lastMonths(let n):
            guard n >= 1, n <= 100_000 else { return nil }
        default: break
        }
        func clipped(_ from: Day?, _ to: Day) -> DateRange? {
            let end = min(to, asOf)
            if let from, from > end { return nil }
            return DateRange(from: from, to: end)
        }
        switch self {
        case .today: return DateRange(from: asOf, to: asOf)
        case .yesterday:
            let d = asOf.adding(days: -1)
            return DateRange(from: d, to: d)
        case .thisWeek: return DateRange(from: asOf.adding(days: 1 - asOf.weekday), to: asOf)
        case .lastWeek:
            let monday = asOf.adding(days: 1 - asOf.weekday - 7)
            return DateRange(from: monday, to: monday.adding(days: 6))
        case .thisMonth: return DateRange(from: asOf.firstOfMonth, to: asOf)
        case .lastMonth:
            let first = asOf.firstOfMonth.adding(months: -1)
            return DateRange(from: first, to: first.lastOfMonth)
        case .month(let m):
            let year = m <= asOf.month ? asOf.year : asOf.year - 1
            let first = Day(unchecked: year, m, 1)
            return clipped(first, first.lastOfMonth)
        case .monthOfYear(let m, let y):
            guard let first = Day(year: y, month: m, day: 1) else { return nil }
            return clipped(first, first.lastOfMonth)
        case .monthOfLastYear(let m):
            let first = Day(unchecked: asOf.year - 1, m, 1)
            return clipped(first, first.lastOfMonth)
        case .thisYear: return DateRange(from: Day(unchecked: asOf.year, 1, 1), to: asOf)
        case .lastYear: return DateRange(from: Day(unchecked: asOf.year - 1, 1, 1), to: Day(unchecked: asOf.year - 1, 12, 31))
        case .year(let y):
            guard let first = Day(year: y, month: 1, day: 1) else { return nil }
            return clipped(first, Day(unchecked: y, 12, 31))
        case .lastDays(let n): return DateRange(from: asOf.adding(days: 1 - n), to: asOf)
        case .lastWeeks(let n): return DateRange(from: asOf.adding(days: 1 - 7 * n), to: asOf)
        case .lastMonths(let n): return DateRange(from: asOf.adding(months: -n).adding(days: 1), to: asOf)
        case .sinceMonth(let m):
            let year = m <= asOf.month ? asOf.year : asOf.year - 1
            return DateRange(from: Day(unchecked: year, m, 1), to: asOf)
        case .allTime: return DateRange(from: nil, to: asOf)
        case .between(let a, let b): return clipped(min(a, b), max(a, b))
        }
    }

    /// A calendar month the period names, for budgets (which are monthly); nil when it is not one.
    public func month(asOf: Day) -> Day? {
        switch self {
        case .thisMonth: return asOf.firstOfMonth
        case .lastMonth: return asOf.firstOfMonth.adding(months: -1)
        case .month, .monthOfYear, .monthOfLastYear: return resolve(asOf: asOf)?.from
        default: return nil
        }
    }
}
