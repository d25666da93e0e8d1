import Domain
import Testing

@testable import Router

/// Dashboard query parameters: period names (remembered once parsed), month-of-year, from/to.
@Suite struct SummaryQueryParametersTests {
    @Test func periodNamesReadTheSameEveryTime() throws {
        for _ in 0..<3 {
            #expect(try SummaryQueryParameters.period(["period": "this_month"]) == .thisMonth)
            #expect(try SummaryQueryParameters.period(["period": "last_30_days"]) == .lastDays(30))
            #expect(try SummaryQueryParameters.period(["period": "2025-03"]) == .monthOfYear(month: 3, year: 2025))
            #expect(try SummaryQueryParameters.period(["period": "all_time"]) == .allTime)
        }
        #expect(try SummaryQueryParameters.period([:]) == nil)
    }

    @Test func junkIsRefusedEveryTimeAndNeverRemembered() {
        // More junk than the table holds, then junk again: always a 422.
        for i in 0..<600 {
            #expect(throws: RouterError.self) { try SummaryQueryParameters.period(["period": "no_such_period_\(i)"]) }
        }
        #expect(throws: RouterError.self) { try SummaryQueryParameters.period(["period": "no_such_period_1"]) }
        #expect((try? SummaryQueryParameters.period(["period": "last_month"])) == .lastMonth)
    }
}
