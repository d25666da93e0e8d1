import Domain
import Foundation
import Testing

@testable import QueryClassifier

/// The hand-written params JSON of tier 1 answers is the encoder's, byte for byte.
@Suite struct SummaryParamsTests {
    @Test func handWrittenJSONMatchesTheEncoder() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let asOf = try #require(Day(iso: "2026-11-21"))
        let periods: [Period?] = [nil, .today, .thisMonth, .lastMonth, .lastDays(30), .year(2025), .allTime, .month(3)]
        var checked = 0
        for kind in SummaryKind.allCases {
            for period in periods {
                for category in [nil] + Category.allCases.map(Optional.some) {
                    for limit in [nil, 1, 7, 500] as [Int?] {
                        guard let request = SummaryRequest(kind: kind, period: period, category: category, limit: limit, asOf: asOf) else { continue }
                        let params = SummaryParams(request)
                        let expected = try encoder.encode(params)
                        #expect(params.jsonBytes == Array(expected), "\(kind) \(String(describing: period)): \(String(decoding: params.jsonBytes, as: UTF8.self))")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 300)
    }
}
