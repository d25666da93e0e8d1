import Foundation
import NIOHTTP1

/// One request a load run can send, and the tier it is expected to be answered by.
///
/// A query file is JSON Lines; each line is an object with
/// - `tier` (1, 2 or 3; required): the histogram the request is counted in;
/// - either `body` (a JSON object, sent as is) or `query` (+ optional `as_of`, `max_tier`), which
///   becomes the body `{"query": …, "as_of": …}`; with either, the default is `POST /v1/query`;
/// - or `path` alone (e.g. `/v1/summaries/spend?period=this_month`): a `GET`;
/// - optional `method`, `path` (default `/v1/query` when there is a body), `name` (or `id`).
/// Blank lines and lines starting with `#` or `//` are skipped.
struct QueryEntry: Sendable {
    let tier: Int
    let name: String
    let method: HTTPMethod
    let path: String
    let body: [UInt8]?
}

enum QueryFileError: Error, CustomStringConvertible {
    case unreadable(String, String)
    case badLine(String, Int, String)
    case empty(String)

    var description: String {
        switch self {
        case .unreadable(let file, let why): "cannot read \(file): \(why)"
        case .badLine(let file, let line, let why): "\(file):\(line): \(why)"
        case .empty(let file): "\(file) holds no requests"
        }
    }
}

enum QueryFile {
    static func load(_ file: String) throws -> [QueryEntry] {
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw QueryFileError.unreadable(file, "\(error)")
        }
        var entries: [QueryEntry] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("//") { continue }
            let number = offset + 1
            func bad(_ why: String) -> QueryFileError { .badLine(file, number, why) }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw bad("not a JSON object")
            }
            guard let tier = (object["tier"] as? NSNumber)?.intValue ?? (object["expect"] as? [String: Any])
                .flatMap({ ($0["tier"] as? NSNumber)?.intValue }),
                (1...3).contains(tier)
            else { throw bad("needs \"tier\" (1, 2 or 3)") }
            let name = (object["name"] as? String) ?? (object["id"] as? String) ?? "line \(number)"

            var body: [String: Any]?
            if let b = object["body"] {
                guard let b = b as? [String: Any] else { throw bad("\"body\" must be a JSON object") }
                body = b
            } else if let query = object["query"] as? String {
                var b: [String: Any] = ["query": query]
                if let asOf = object["as_of"] as? String { b["as_of"] = asOf }
                if let maxTier = object["max_tier"] { b["max_tier"] = maxTier }
                body = b
            }
            let path = (object["path"] as? String) ?? (body == nil ? nil : "/v1/query")
            guard let path, path.hasPrefix("/") else { throw bad("needs \"path\" (starting with /), \"query\" or \"body\"") }
            let method: HTTPMethod
            if let m = object["method"] as? String {
                method = HTTPMethod(rawValue: m.uppercased())
            } else {
                method = body == nil ? .GET : .POST
            }
            let bytes = try body.map {
                Array(try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys, .withoutEscapingSlashes]))
            }
            entries.append(QueryEntry(tier: tier, name: name, method: method, path: path, body: bytes))
        }
        if entries.isEmpty { throw QueryFileError.empty(file) }
        return entries
    }
}

/// Tier weights, e.g. `1=60,2=30,3=10`.
struct Mix: Sendable, CustomStringConvertible {
    var weights: [Int: Double]

    init(weights: [Int: Double]) { self.weights = weights }

    init?(parsing text: String) {
        var w: [Int: Double] = [:]
        for part in text.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, let tier = Int(kv[0].trimmingCharacters(in: .whitespaces)),
                let weight = Double(kv[1].trimmingCharacters(in: .whitespaces)), weight >= 0, (1...3).contains(tier)
            else { return nil }
            w[tier] = weight
        }
        guard w.values.contains(where: { $0 > 0 }) else { return nil }
        weights = w
    }

    var description: String {
        weights.keys.sorted().map { "\($0)=\(formatNumber(weights[$0]!))" }.joined(separator: ",")
    }

    /// Exactly `n` tiers in these proportions (largest remainder), in a seeded random order.
    func assign(_ n: Int, rng: inout SplitMix64) -> [Int] {
        let tiers = weights.keys.sorted().filter { weights[$0]! > 0 }
        let total = tiers.reduce(0) { $0 + weights[$1]! }
        var counts: [Int: Int] = [:]
        var remainders: [(Int, Double)] = []
        var used = 0
        for t in tiers {
            let exact = Double(n) * weights[t]! / total
            counts[t] = Int(exact.rounded(.down))
            used += counts[t]!
            remainders.append((t, exact - exact.rounded(.down)))
        }
        for (t, _) in remainders.sorted(by: { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }).prefix(n - used) {
            counts[t]! += 1
        }
        var out: [Int] = []
        out.reserveCapacity(n)
        for t in tiers { out.append(contentsOf: repeatElement(t, count: counts[t]!)) }
        out.shuffle(using: &rng)
        return out
    }
}

/// A small seeded generator, so that a run's request sequence can be repeated.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func formatNumber(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(format: "%g", x)
}
