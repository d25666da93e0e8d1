import Foundation

/// The demo catalogue's rows (CATALOG.md "Data"), read from the project's own copy of the CSVs.
/// Both the embedded store and `router seed --demo` load from here.
public struct DemoDataset: Sendable {
    public struct Table: Sendable {
        public let name: String
        public let columns: [String]
        public let rows: [[String]]

        package init(name: String, columns: [String], rows: [[String]]) {
            self.name = name
            self.columns = columns
            self.rows = rows
        }
    }

    public static let tableNames = ["users", "expenses", "budgets", "fuel_logs", "savings", "trips"]

    public let tables: [Table]

    package init(tables: [Table]) { self.tables = tables }

    public func table(_ name: String) -> Table? { tables.first { $0.name == name } }

    /// Reads the CSVs bundled with this module.
    public static func bundled() throws -> DemoDataset {
        var tables: [Table] = []
        for name in tableNames {
            guard let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "demo") else {
                throw DemoDatasetError.missing(name)
            }
            tables.append(try parse(name: name, csv: String(contentsOf: url, encoding: .utf8)))
        }
        return DemoDataset(tables: tables)
    }

    /// The demo CSVs are plain: no quoted fields, no commas inside values. A quote is refused
    /// rather than misread.
    static func parse(name: String, csv: String) throws -> Table {
        var lines = csv.split(whereSeparator: \.isNewline).makeIterator()
        guard let header = lines.next() else { throw DemoDatasetError.empty(name) }
        let columns = header.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var rows: [[String]] = []
        while let line = lines.next() {
            guard !line.contains("\"") else { throw DemoDatasetError.malformed(name, String(line.prefix(80))) }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == columns.count else { throw DemoDatasetError.malformed(name, String(line.prefix(80))) }
            rows.append(fields)
        }
        return Table(name: name, columns: columns, rows: rows)
    }
}

public enum DemoDatasetError: Error, CustomStringConvertible {
    case missing(String)
    case empty(String)
    case malformed(String, String)

    public var description: String {
        switch self {
        case .missing(let t): return "demo data file \(t).csv is missing from the bundle"
        case .empty(let t): return "demo data file \(t).csv is empty"
        case .malformed(let t, let line): return "demo data file \(t).csv has a malformed line: \(line)"
        }
    }
}

/// Parses a decimal with up to three places ("27.219", "13.8") into thousandths, exactly.
func thousandths(_ text: String) -> Int64? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count <= 2, let whole = Int64(parts[0]) else { return nil }
    var fraction: Int64 = 0
    if parts.count == 2 {
        let digits = parts[1]
        guard digits.count <= 3, !digits.isEmpty, let f = Int64(digits) else { return nil }
        fraction = f * [1, 100, 10, 1][digits.count]
    }
    return whole * 1000 + (text.hasPrefix("-") ? -fraction : fraction)
}
