import Domain
import Foundation
import Logging
import Testing

@testable import Tier1Cache

/// Every summary against values computed independently (Tests/Fixtures/make_oracle.py, straight
/// from CATALOG.md over the CSVs), on the embedded SQLite store.
@Suite struct SummaryOracleTests {
    /// One oracle case; the expected `data` is kept as JSON text (Sendable).
    struct Case: Sendable, CustomTestStringConvertible {
        let user: String
        let asOf: String
        let route: String
        let from: String?
        let to: String?
        let category: String?
        let limit: Int?
        let month: String?
        let expected: String

        var testDescription: String { "\(route) \(user) \(from ?? "*")..\(to ?? "") \(category ?? "")" }
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/summary-oracle.json")
        guard let data = try? Data(contentsOf: url),
            let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { return [] }
        return list.compactMap { item in
            guard let params = item["params"] as? [String: Any], let expected = item["data"],
                let json = try? JSONSerialization.data(withJSONObject: expected, options: [.sortedKeys])
            else { return nil }
            return Case(
                user: item["user"] as? String ?? "", asOf: item["as_of"] as? String ?? "", route: item["route"] as? String ?? "",
                from: params["from"] as? String, to: params["to"] as? String, category: params["category"] as? String,
                limit: params["limit"] as? Int, month: params["month"] as? String, expected: String(decoding: json, as: UTF8.self)
            )
        }
    }()

    static let engine = Task { SummaryEngine(store: try await SQLiteSummaryStore.load(try DemoDataset.bundled(), logger: Logger(label: "test"))) }

    @Test func oracleIsPresent() {
        #expect(Self.cases.count >= 60)
        #expect(Set(Self.cases.map(\.route)) == Set(SummaryKind.allCases.map(\.rawValue)))
    }

    @Test(arguments: cases)
    func summaryMatchesOracle(_ c: Case) async throws {
        let engine = try await Self.engine.value
        let asOf = try #require(Day(iso: c.asOf))
        let kind = try #require(SummaryKind(rawValue: c.route))
        let category = c.category.flatMap(Category.init(rawValue:))
        let period: Period
        if kind == .budgetStatus {
            let first = try #require(Day(iso: (c.month ?? "") + "-01"))
            period = .monthOfYear(month: first.month, year: first.year)
        } else if let from = c.from.flatMap({ Day(iso: $0) }), let to = c.to.flatMap({ Day(iso: $0) }) {
            period = .between(from, to)
        } else {
            period = .allTime
        }
        let request = try #require(SummaryRequest(kind: kind, period: period, category: category, limit: c.limit, asOf: asOf))
        let result = try await engine.run(request, user: c.user)
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(AnyEncodable(result.data)))
        let expected = try JSONSerialization.jsonObject(with: Data(c.expected.utf8))
        #expect(JSONCompare.equal(encoded, expected), "got \(encoded)\nwant \(c.expected)")
    }
}

struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

/// Structural JSON equality; numbers compare within 1e-9.
enum JSONCompare {
    static func equal(_ a: Any, _ b: Any) -> Bool {
        if a is NSNull || b is NSNull { return a is NSNull && b is NSNull }
        if let x = a as? [String: Any], let y = b as? [String: Any] {
            return x.count == y.count && x.allSatisfy { key, v in y[key].map { equal(v, $0) } ?? false }
        }
        if let x = a as? [Any], let y = b as? [Any] {
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        }
        if let x = a as? String, let y = b as? String { return x == y }
        if let x = number(a), let y = number(b) { return abs(x - y) < 1e-9 }
        return false
    }

    static func number(_ v: Any) -> Double? {
        // (No booleans in summary data; on Linux an NSNumber 0/1 also casts to Bool, so no Bool check.)
        if let d = v as? Double { return d }
        if let i = v as? Int { return Double(i) }
        if let n = v as? NSNumber { return n.doubleValue }
        return nil
    }
}
