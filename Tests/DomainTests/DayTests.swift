import Testing

@testable import Domain

@Suite struct DayTests {
    @Test func isoParsing() throws {
        let d = try #require(Day(iso: "2026-11-21"))
        #expect(d.year == 2026 && d.month == 11 && d.day == 21)
        #expect(d.description == "2026-11-21")
        #expect(d.monthString == "2026-11")
        #expect(Day(iso: "2024-02-29") != nil)  // leap year
        #expect(Day(iso: "2000-02-29") != nil)  // divisible by 400
        #expect(Day(iso: "0001-01-01")?.description == "0001-01-01")
        #expect(Day(iso: "9999-12-31")?.description == "9999-12-31")
        // A Substring parses too.
        #expect(Day(iso: "as_of=2026-01-05".dropFirst(6)) == Day(year: 2026, month: 1, day: 5))
    }

    @Test(arguments: [
        "2026-02-29",  // 2026 is not a leap year
        "1900-02-29",  // divisible by 100, not by 400
        "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32", "0000-01-01",
        "2026-1-05", "2026-01-5", "26-01-05", "2026/01/05", "20260105", "2026-01-05T00:00:00Z",
        " 2026-01-05", "2026-01-05 ", "2026-0a-05", "+026-01-05", "2026--1-05", "", "yesterday",
        "２０２６-01-05",  // full-width digits
    ])
    func rejectsMalformedOrImpossible(text: String) {
        #expect(Day(iso: text) == nil)
    }

    @Test func validatingInitializer() {
        #expect(Day(year: 2026, month: 2, day: 29) == nil)
        #expect(Day(year: 2024, month: 2, day: 29) != nil)
        #expect(Day(year: 2026, month: 0, day: 1) == nil)
        #expect(Day(year: 0, month: 1, day: 1) == nil)
        #expect(Day(year: 10000, month: 1, day: 1) == nil)
        #expect(Day(year: 2026, month: 6, day: 31) == nil)
        #expect(Day(year: 2026, month: 7, day: 31) != nil)
    }

    @Test func knownOrdinals() throws {
        #expect(try #require(Day(iso: "1970-01-01")).ordinal == 0)
        #expect(try #require(Day(iso: "1969-12-31")).ordinal == -1)
        #expect(try #require(Day(iso: "2000-01-01")).ordinal == 10957)
        #expect(try #require(Day(iso: "2026-11-21")).ordinal == 20778)
        #expect(try #require(Day(iso: "0001-01-01")).ordinal == -719162)
        #expect(try #require(Day(iso: "9999-12-31")).ordinal == 2932896)
        #expect(Day(ordinal: 20778).description == "2026-11-21")
        #expect(Day(ordinal: -719162).description == "0001-01-01")
    }

    @Test func ordinalRoundTripDayByDay() throws {
        // 1899-01-01 … 2101-12-31 walked one day at a time: each successor is the next calendar day,
        // and ordinal → Day → ordinal is the identity.
        var previous = try #require(Day(iso: "1899-01-01"))
        let end = try #require(Day(iso: "2101-12-31"))
        var count = 0
        while previous < end {
            let next = Day(ordinal: previous.ordinal + 1)
            #expect(next.ordinal == previous.ordinal + 1)
            let expected: (Int, Int, Int) =
                previous.day < Day.daysIn(month: previous.month, year: previous.year)
                ? (previous.year, previous.month, previous.day + 1)
                : previous.month < 12 ? (previous.year, previous.month + 1, 1) : (previous.year + 1, 1, 1)
            #expect((next.year, next.month, next.day) == expected, "after \(previous) came \(next)")
            #expect(Day(iso: next.description) == next)
            #expect(previous < next)
            previous = next
            count += 1
        }
        // 203 years, of which 49 are leap (1904…2096 every 4 years, except 2000 counts, 1900 and 2100 do not).
        #expect(count == 203 * 365 + 49 - 1)
    }

    @Test func ordinalRoundTripWideRange() {
        for ordinal in stride(from: -719_162, through: 2_932_896, by: 997) {
            let d = Day(ordinal: ordinal)
            #expect(d.ordinal == ordinal)
            #expect(Day(year: d.year, month: d.month, day: d.day) == d)
        }
    }

    @Test func weekday() throws {
        #expect(try #require(Day(iso: "1970-01-01")).weekday == 4)  // Thursday
        #expect(try #require(Day(iso: "1969-12-29")).weekday == 1)  // Monday, before the epoch
        #expect(try #require(Day(iso: "2026-11-16")).weekday == 1)  // Monday
        #expect(try #require(Day(iso: "2026-11-21")).weekday == 6)  // Saturday
        #expect(try #require(Day(iso: "2026-11-22")).weekday == 7)  // Sunday
        #expect(try #require(Day(iso: "2024-02-29")).weekday == 4)  // Thursday
        #expect(try #require(Day(iso: "2000-01-01")).weekday == 6)  // Saturday
        #expect(try #require(Day(iso: "1900-01-01")).weekday == 1)  // Monday
        // Consecutive days cycle 1…7.
        var d = try #require(Day(iso: "1960-01-01"))
        for _ in 0..<800 {
            let next = d.adding(days: 1)
            #expect(next.weekday == d.weekday % 7 + 1)
            d = next
        }
    }

    @Test func addingDays() throws {
        let d = try #require(Day(iso: "2026-12-31"))
        #expect(d.adding(days: 1).description == "2027-01-01")
        #expect(d.adding(days: -365).description == "2025-12-31")
        #expect(d.adding(days: 0) == d)
        #expect(try #require(Day(iso: "2024-02-28")).adding(days: 1).description == "2024-02-29")
    }

    @Test(arguments: [
        ("2026-01-31", 1, "2026-02-28"),  // clamped to a common February
        ("2024-01-31", 1, "2024-02-29"),  // clamped to a leap February
        ("2026-03-31", -1, "2026-02-28"),
        ("2026-05-31", -3, "2026-02-28"),
        ("2024-05-31", -3, "2024-02-29"),
        ("2026-03-31", 1, "2026-04-30"),
        ("2026-12-15", 1, "2027-01-15"),  // across the year, forwards
        ("2026-01-15", -1, "2025-12-15"),  // across the year, backwards
        ("2026-01-15", -13, "2024-12-15"),
        ("2026-11-21", -12, "2025-11-21"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-02-29", 48, "2028-02-29"),
        ("2026-08-31", 0, "2026-08-31"),
        ("2026-11-21", -24, "2024-11-21"),
    ])
    func addingMonths(start: String, months: Int, expected: String) throws {
        #expect(try #require(Day(iso: start)).adding(months: months).description == expected)
    }

    @Test func monthEnds() throws {
        #expect(try #require(Day(iso: "2024-02-10")).lastOfMonth.description == "2024-02-29")
        #expect(try #require(Day(iso: "2026-02-10")).lastOfMonth.description == "2026-02-28")
        #expect(try #require(Day(iso: "2026-11-21")).firstOfMonth.description == "2026-11-01")
        #expect(Day.isLeap(2024) && Day.isLeap(2000) && !Day.isLeap(1900) && !Day.isLeap(2026))
        #expect((1...12).map { Day.daysIn(month: $0, year: 2026) } == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    }

    @Test func ordering() throws {
        let a = try #require(Day(iso: "2025-12-31"))
        let b = try #require(Day(iso: "2026-01-01"))
        #expect(a < b)
        #expect(max(a, b) == b)
        #expect(day("2026-02-01") > day("2026-01-31"))
    }
}

@Suite struct SummaryRequestTests {
    let asOf = day("2026-11-21")

    @Test func budgetStatusTakesCalendarMonths() throws {
        let this = try #require(SummaryRequest(kind: .budgetStatus, period: nil, category: nil, limit: nil, asOf: asOf))
        #expect(this.range == range("2026-11-01", "2026-11-21"))
        let october = try #require(SummaryRequest(kind: .budgetStatus, period: .month(10), category: .food, limit: nil, asOf: asOf))
        #expect(october.range == range("2026-10-01", "2026-10-31"))
        #expect(october.category == .food)
        let last = try #require(SummaryRequest(kind: .budgetStatus, period: .lastMonth, category: nil, limit: nil, asOf: asOf))
        #expect(last.range == range("2026-10-01", "2026-10-31"))
        let march = try #require(
            SummaryRequest(kind: .budgetStatus, period: .monthOfYear(month: 3, year: 2025), category: nil, limit: nil, asOf: asOf)
        )
        #expect(march.range == range("2025-03-01", "2025-03-31"))
    }

    @Test(arguments: [
        Period.today, .yesterday, .thisWeek, .lastWeek, .thisYear, .lastYear, .year(2026), .lastDays(30),
        .lastWeeks(4), .lastMonths(1), .sinceMonth(3), .allTime,
        .between(day("2026-11-01"), day("2026-11-30")),
        .monthOfYear(month: 12, year: 2026),  // a month after as_of
    ])
    func budgetStatusRefusesOtherPeriods(period: Period) {
        #expect(SummaryRequest(kind: .budgetStatus, period: period, category: nil, limit: nil, asOf: asOf) == nil)
    }

    @Test func defaultPeriods() throws {
        let spend = try #require(SummaryRequest(kind: .spend, period: nil, category: nil, limit: nil, asOf: asOf))
        #expect(spend.range == range("2026-11-01", "2026-11-21"))
        let fuel = try #require(SummaryRequest(kind: .fuelStats, period: nil, category: nil, limit: nil, asOf: asOf))
        #expect(fuel.range == range("2026-11-01", "2026-11-21"))
        let savings = try #require(SummaryRequest(kind: .savings, period: nil, category: nil, limit: nil, asOf: asOf))
        #expect(savings.range == range(nil, "2026-11-21"))
        let recent = try #require(SummaryRequest(kind: .recentExpenses, period: nil, category: nil, limit: nil, asOf: asOf))
        #expect(recent.range == range(nil, "2026-11-21"))
        #expect(recent.limit == 5)
    }

    @Test func futurePeriodIsNil() {
        #expect(SummaryRequest(kind: .spend, period: .year(2027), category: nil, limit: nil, asOf: asOf) == nil)
    }

    @Test(arguments: [(nil, 5), (0, 1), (-3, 1), (1, 1), (7, 7), (50, 50), (51, 50), (1000, 50), (Int.max, 50), (Int.min, 1)] as [(Int?, Int)])
    func recentExpensesLimitIsClamped(limit: Int?, expected: Int) throws {
        let r = try #require(SummaryRequest(kind: .recentExpenses, period: nil, category: nil, limit: limit, asOf: asOf))
        #expect(r.limit == expected)
    }

    @Test func categoryOnlyWhereTaken() throws {
        let savings = try #require(SummaryRequest(kind: .savings, period: nil, category: .fuel, limit: nil, asOf: asOf))
        #expect(savings.category == nil)
        let fuel = try #require(SummaryRequest(kind: .fuelStats, period: nil, category: .fuel, limit: nil, asOf: asOf))
        #expect(fuel.category == nil)
        let spend = try #require(SummaryRequest(kind: .spend, period: nil, category: .fuel, limit: 9, asOf: asOf))
        #expect(spend.category == .fuel)
        #expect(spend.limit == 0)  // limit only for recent_expenses
    }
}
