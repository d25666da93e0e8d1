import Testing

@testable import Domain

/// A day from `YYYY-MM-DD` (test inputs are valid dates).
func day(_ iso: String) -> Day {
    guard let d = Day(iso: iso) else { preconditionFailure("bad test date \(iso)") }
    return d
}

/// The closed range [from, to]; from nil for "all time".
func range(_ from: String?, _ to: String) -> DateRange {
    DateRange(from: from.map(day), to: day(to))
}

private func resolve(_ period: Period, _ asOf: String) -> DateRange? {
    period.resolve(asOf: day(asOf))
}

/// Every rule of CATALOG.md "Dates and periods". 2026-11-21 is a Saturday.
@Suite struct PeriodTests {
    // MARK: today / yesterday

    @Test func today() {
        #expect(resolve(.today, "2026-11-21") == range("2026-11-21", "2026-11-21"))
        #expect(resolve(.today, "2024-02-29") == range("2024-02-29", "2024-02-29"))
    }

    @Test(arguments: [
        ("2026-11-21", "2026-11-20"),
        ("2026-05-01", "2026-04-30"),  // month boundary
        ("2026-03-01", "2026-02-28"),  // into a common-year February
        ("2024-03-01", "2024-02-29"),  // into a leap-year February
        ("2026-01-01", "2025-12-31"),  // year boundary
        ("2000-03-01", "2000-02-29"),  // 2000 is a leap year (divisible by 400)
        ("1900-03-01", "1900-02-28"),  // 1900 is not (divisible by 100)
    ])
    func yesterday(asOf: String, expected: String) {
        #expect(resolve(.yesterday, asOf) == range(expected, expected))
    }

    // MARK: this week / last week (ISO: Monday to Sunday)

    @Test(arguments: [
        ("2026-11-21", "2026-11-16", "2026-11-09", "2026-11-15"),  // Saturday
        ("2026-11-16", "2026-11-16", "2026-11-09", "2026-11-15"),  // Monday: this week is just today
        ("2026-11-22", "2026-11-16", "2026-11-09", "2026-11-15"),  // Sunday: still the week that began Monday 16th
        ("2026-03-03", "2026-03-02", "2026-02-23", "2026-03-01"),  // Tuesday; last week crosses Feb→Mar
        ("2026-01-01", "2025-12-29", "2025-12-22", "2025-12-28"),  // Thursday; this week crosses the year
        ("2026-01-05", "2026-01-05", "2025-12-29", "2026-01-04"),  // Monday; last week crosses the year
        ("2027-01-03", "2026-12-28", "2026-12-21", "2026-12-27"),  // Sunday; this week crosses the year
        ("2026-06-01", "2026-06-01", "2026-05-25", "2026-05-31"),  // Monday; last week is all of May's end
        ("2024-03-03", "2024-02-26", "2024-02-19", "2024-02-25"),  // Sunday; this week includes Feb 29
    ])
    func weeks(asOf: String, thisMonday: String, lastMonday: String, lastSunday: String) {
        #expect(resolve(.thisWeek, asOf) == range(thisMonday, asOf))
        #expect(resolve(.lastWeek, asOf) == range(lastMonday, lastSunday))
        #expect(day(thisMonday).weekday == 1)
        #expect(day(lastSunday).weekday == 7)
        // Last week is whole: seven days, ending the day before this week's Monday.
        #expect(day(lastSunday).ordinal - day(lastMonday).ordinal == 6)
        #expect(day(thisMonday).ordinal - day(lastSunday).ordinal == 1)
    }

    // MARK: this month / last month

    @Test func thisMonth() {
        #expect(resolve(.thisMonth, "2026-11-21") == range("2026-11-01", "2026-11-21"))
        #expect(resolve(.thisMonth, "2026-11-01") == range("2026-11-01", "2026-11-01"))
        #expect(resolve(.thisMonth, "2024-02-29") == range("2024-02-01", "2024-02-29"))
    }

    @Test(arguments: [
        ("2026-11-21", "2026-10-01", "2026-10-31"),
        ("2026-01-15", "2025-12-01", "2025-12-31"),  // January → previous December
        ("2026-01-01", "2025-12-01", "2025-12-31"),
        ("2024-03-31", "2024-02-01", "2024-02-29"),  // March in a leap year → Feb 29
        ("2026-03-31", "2026-02-01", "2026-02-28"),
        ("2026-05-31", "2026-04-01", "2026-04-30"),  // from the 31st to a 30-day month
        ("2026-12-31", "2026-11-01", "2026-11-30"),
    ])
    func lastMonth(asOf: String, from: String, to: String) {
        #expect(resolve(.lastMonth, asOf) == range(from, to))
    }

    // MARK: a month name: the latest such month not after as_of's month, clipped at as_of

    @Test func monthNameEarlierThisYear() {
        #expect(resolve(.month(10), "2026-11-21") == range("2026-10-01", "2026-10-31"))
        #expect(resolve(.month(2), "2026-11-21") == range("2026-02-01", "2026-02-28"))
        #expect(resolve(.month(1), "2026-11-21") == range("2026-01-01", "2026-01-31"))
    }

    @Test func monthNameSameMonthIsClipped() {
        #expect(resolve(.month(11), "2026-11-21") == range("2026-11-01", "2026-11-21"))
        #expect(resolve(.month(1), "2026-01-01") == range("2026-01-01", "2026-01-01"))
    }

    @Test func laterMonthNameMeansLastYear() {
        #expect(resolve(.month(12), "2026-11-21") == range("2025-12-01", "2025-12-31"))
        #expect(resolve(.month(3), "2026-02-10") == range("2025-03-01", "2025-03-31"))
        // February of the previous year, a leap year.
        #expect(resolve(.month(2), "2025-01-15") == range("2024-02-01", "2024-02-29"))
    }

    // MARK: month and year: that month, clipped at as_of

    @Test func monthAndYear() {
        #expect(resolve(.monthOfYear(month: 3, year: 2025), "2026-11-21") == range("2025-03-01", "2025-03-31"))
        #expect(resolve(.monthOfYear(month: 2, year: 2024), "2026-11-21") == range("2024-02-01", "2024-02-29"))
        #expect(resolve(.monthOfYear(month: 11, year: 2026), "2026-11-21") == range("2026-11-01", "2026-11-21"))
        #expect(resolve(.monthOfYear(month: 12, year: 2025), "2026-11-21") == range("2025-12-01", "2025-12-31"))
    }

    @Test func monthAndYearAfterAsOfIsNil() {
        #expect(resolve(.monthOfYear(month: 12, year: 2026), "2026-11-21") == nil)
        #expect(resolve(.monthOfYear(month: 3, year: 2027), "2026-11-21") == nil)
        #expect(resolve(.monthOfYear(month: 13, year: 2026), "2026-11-21") == nil)  // not a month
    }

    // MARK: years

    @Test func thisYearAndLastYear() {
        #expect(resolve(.thisYear, "2026-11-21") == range("2026-01-01", "2026-11-21"))
        #expect(resolve(.thisYear, "2026-01-01") == range("2026-01-01", "2026-01-01"))
        #expect(resolve(.lastYear, "2026-11-21") == range("2025-01-01", "2025-12-31"))
        #expect(resolve(.lastYear, "2026-01-01") == range("2025-01-01", "2025-12-31"))
    }

    @Test func yearN() {
        #expect(resolve(.year(2025), "2026-11-21") == range("2025-01-01", "2025-12-31"))
        #expect(resolve(.year(2026), "2026-11-21") == range("2026-01-01", "2026-11-21"))  // clipped
        #expect(resolve(.year(2027), "2026-11-21") == nil)  // entirely after as_of
    }

    // MARK: last N days / weeks / months

    @Test func lastNDays() {
        // as_of − N + 1 .. as_of
        #expect(resolve(.lastDays(7), "2026-11-21") == range("2026-11-15", "2026-11-21"))
        #expect(resolve(.lastDays(1), "2026-11-21") == range("2026-11-21", "2026-11-21"))
        #expect(resolve(.lastDays(30), "2026-03-05") == range("2026-02-04", "2026-03-05"))  // across Feb (28 days)
        #expect(resolve(.lastDays(30), "2024-03-05") == range("2024-02-05", "2024-03-05"))  // across Feb (29 days)
        #expect(resolve(.lastDays(10), "2026-01-03") == range("2025-12-25", "2026-01-03"))  // across the year
        #expect(resolve(.lastDays(365), "2026-11-21") == range("2025-11-22", "2026-11-21"))
    }

    @Test func lastNWeeks() {
        // as_of − 7N + 1 .. as_of (not aligned to Mondays)
        #expect(resolve(.lastWeeks(1), "2026-11-21") == range("2026-11-15", "2026-11-21"))
        #expect(resolve(.lastWeeks(2), "2026-11-21") == range("2026-11-08", "2026-11-21"))
        #expect(resolve(.lastWeeks(4), "2026-01-10") == range("2025-12-14", "2026-01-10"))
    }

    @Test func lastNMonths() {
        // (as_of − N calendar months, day clamped to month end) + 1 day .. as_of
        #expect(resolve(.lastMonths(1), "2026-11-21") == range("2026-10-22", "2026-11-21"))
        #expect(resolve(.lastMonths(3), "2026-11-21") == range("2026-08-22", "2026-11-21"))
        #expect(resolve(.lastMonths(12), "2026-11-21") == range("2025-11-22", "2026-11-21"))
        #expect(resolve(.lastMonths(3), "2026-01-15") == range("2025-10-16", "2026-01-15"))  // across the year
        // 2026-05-31 − 3 months = Feb 31 → clamped to 2026-02-28; + 1 day = 2026-03-01
        #expect(resolve(.lastMonths(3), "2026-05-31") == range("2026-03-01", "2026-05-31"))
        // 2024-05-31 − 3 months = 2024-02-29 (leap); + 1 day = 2024-03-01
        #expect(resolve(.lastMonths(3), "2024-05-31") == range("2024-03-01", "2024-05-31"))
        // 2026-03-31 − 1 month = 2026-02-28; + 1 day = 2026-03-01
        #expect(resolve(.lastMonths(1), "2026-03-31") == range("2026-03-01", "2026-03-31"))
        // 2024-03-30 − 1 month = 2024-02-29; + 1 day = 2024-03-01
        #expect(resolve(.lastMonths(1), "2024-03-30") == range("2024-03-01", "2024-03-30"))
        // 2026-12-31 − 1 month = 2026-11-30; + 1 day = 2026-12-01
        #expect(resolve(.lastMonths(1), "2026-12-31") == range("2026-12-01", "2026-12-31"))
    }

    // MARK: since a month, all time, between

    @Test func sinceMonth() {
        #expect(resolve(.sinceMonth(3), "2026-11-21") == range("2026-03-01", "2026-11-21"))
        #expect(resolve(.sinceMonth(11), "2026-11-21") == range("2026-11-01", "2026-11-21"))
        #expect(resolve(.sinceMonth(12), "2026-11-21") == range("2025-12-01", "2026-11-21"))  // latest December up to as_of
        #expect(resolve(.sinceMonth(1), "2026-01-01") == range("2026-01-01", "2026-01-01"))
    }

    @Test func allTime() {
        let r = resolve(.allTime, "2026-11-21")
        #expect(r == range(nil, "2026-11-21"))
        #expect(r?.from == nil)
    }

    @Test func between() {
        #expect(resolve(.between(day("2026-10-05"), day("2026-10-20")), "2026-11-21") == range("2026-10-05", "2026-10-20"))
        // Order-insensitive.
        #expect(resolve(.between(day("2026-10-20"), day("2026-10-05")), "2026-11-21") == range("2026-10-05", "2026-10-20"))
        // Clipped at as_of.
        #expect(resolve(.between(day("2026-11-01"), day("2026-12-31")), "2026-11-21") == range("2026-11-01", "2026-11-21"))
        #expect(resolve(.between(day("2026-12-31"), day("2026-11-01")), "2026-11-21") == range("2026-11-01", "2026-11-21"))
        // A single day.
        #expect(resolve(.between(day("2026-11-21"), day("2026-11-21")), "2026-11-21") == range("2026-11-21", "2026-11-21"))
        // Entirely after as_of.
        #expect(resolve(.between(day("2026-12-01"), day("2026-12-31")), "2026-11-21") == nil)
    }

    // MARK: invariants

    static let periods: [Period] = [
        .today, .yesterday, .thisWeek, .lastWeek, .thisMonth, .lastMonth, .month(1), .month(6), .month(12),
        .monthOfYear(month: 2, year: 2024), .thisYear, .lastYear, .year(2025), .lastDays(7), .lastWeeks(3),
        .lastMonths(6), .sinceMonth(9), .allTime, .between(day("2025-06-30"), day("2026-12-31")),
    ]

    @Test func neverPastAsOfAndNeverBackwards() {
        var d = day("2024-01-01")
        while d <= day("2026-12-31") {
            for period in Self.periods {
                guard let r = period.resolve(asOf: d) else { continue }
                #expect(r.to <= d, "\(period) as of \(d) ends \(r.to)")
                if let from = r.from { #expect(from <= r.to, "\(period) as of \(d) starts \(from) after \(r.to)") }
            }
            d = d.adding(days: 1)
        }
    }

    @Test func monthForBudgets() {
        let asOf = day("2026-11-21")
        #expect(Period.thisMonth.month(asOf: asOf) == day("2026-11-01"))
        #expect(Period.lastMonth.month(asOf: asOf) == day("2026-10-01"))
        #expect(Period.month(12).month(asOf: asOf) == day("2025-12-01"))
        #expect(Period.monthOfYear(month: 3, year: 2025).month(asOf: asOf) == day("2025-03-01"))
        #expect(Period.monthOfYear(month: 12, year: 2026).month(asOf: asOf) == nil)
        #expect(Period.lastDays(30).month(asOf: asOf) == nil)
        #expect(Period.thisYear.month(asOf: asOf) == nil)
        #expect(Period.allTime.month(asOf: asOf) == nil)
    }

    @Test func phrases() {
        #expect(range("2026-11-01", "2026-11-21").phrase == "from Nov 1 to Nov 21, 2026")
        #expect(range("2026-11-21", "2026-11-21").phrase == "on Nov 21, 2026")
        #expect(range(nil, "2026-11-21").phrase == "up to Nov 21, 2026")
        #expect(range("2025-12-29", "2026-01-01").phrase == "from Dec 29, 2025 to Jan 1, 2026")
    }
}
