import Foundation

/// Place names of the United States, Canada and Mexico (GeoNames, CC BY 4.0), indexed by folded
/// name. Loaded once from the project's own copy of `cities.csv`.
public struct Gazetteer: Sendable {
    /// Places by folded name, most populous first.
    private let byKey: [String: [Place]]
    /// The longest name in words, so that callers scanning text know how far to look.
    public let longestNameWords: Int
    /// The first word of every name: a span of text that does not start with one is no place,
    /// which lets a scanner skip most positions with one lookup.
    private let firstWords: Set<String>

    public init(places: [Place]) {
        var byKey: [String: [Place]] = [:]
        var longest = 1
        var firstWords = Set<String>()
        for place in places {
            let key = TextFolding.key(place.name)
            guard !key.isEmpty else { continue }
            byKey[key, default: []].append(place)
            let words = key.split(separator: " ")
            longest = max(longest, words.count)
            if let first = words.first { firstWords.insert(String(first)) }
        }
        self.firstWords = firstWords
        for (key, list) in byKey {
            byKey[key] = list.sorted { $0.population > $1.population }
        }
        self.byKey = byKey
        self.longestNameWords = longest
    }

    /// The gazetteer shipped with the project.
    public static let bundled: Gazetteer = {
        guard let url = Bundle.module.url(forResource: "cities", withExtension: "csv"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            // The resource is part of the build; without it the build itself is broken.
            fatalError("cities.csv is missing from the Tier2Compute resources")
        }
        return Gazetteer(csv: text)
    }()

    /// Parses GeoNames rows: geonameid,name,region,country,latitude,longitude,population.
    public init(csv: String) {
        var places: [Place] = []
        places.reserveCapacity(22_000)
        var first = true
        for line in csv.split(whereSeparator: \.isNewline) {
            if first {
                first = false
                continue
            }
            let fields = Self.fields(of: line)
            guard fields.count >= 7, let lat = Double(fields[4]), let lon = Double(fields[5]) else { continue }
            places.append(
                Place(
                    name: fields[1], region: fields[2], country: fields[3],
                    latitude: lat, longitude: lon, population: Int(fields[6]) ?? 0
                )
            )
        }
        self.init(places: places)
    }

    /// Splits one CSV line, honouring double quotes (a few names contain commas).
    static func fields(of line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let c = iterator.next() {
            if quoted {
                if c == "\"" { quoted = false } else { current.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        fields.append(current)
        return fields
    }

    /// True when a folded key (see `TextFolding.key`) is a known place name.
    public func knows(key: String) -> Bool { byKey[key] != nil }

    /// True when some name's key starts with this folded word.
    public func startsName(_ word: String) -> Bool { firstWords.contains(word) }

    /// All places of a name, most populous first.
    public func places(key: String) -> [Place] { byKey[key] ?? [] }

    /// The place a name means: the most populous of that name, unless `filter` narrows it.
    public func lookup(name: String, filter: RegionFilter? = nil) -> Place? {
        let candidates = byKey[TextFolding.key(name)] ?? []
        guard let filter else { return candidates.first }
        return candidates.first(where: filter.admits)
    }

    /// Resolves what a person wrote: "Denver", "Portland, ME", "Portland, Oregon", "Vancouver BC",
    /// "Vancouver, Canada". Never guesses another place: an unknown name, or a known name that is
    /// not in the region given, is an error naming what was asked.
    public func resolve(_ text: String) throws(ComputeError) -> Place {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .missingParameter("place") }
        guard trimmed.count <= 120 else { throw .invalidValue(field: "place", reason: "a place name is at most 120 characters") }
        if let comma = trimmed.lastIndex(of: ",") {
            let name = String(trimmed[..<comma])
            let qualifier = TextFolding.key(String(trimmed[trimmed.index(after: comma)...]))
            if let filter = RegionFilter.named(qualifier) {
                if let place = lookup(name: name, filter: filter) { return place }
                throw .unknownPlace(trimmed)
            }
        }
        if let place = lookup(name: trimmed) { return place }
        // "Portland Oregon": the last one or two words may be a region.
        let words = TextFolding.key(trimmed).split(separator: " ").map(String.init)
        for tail in [2, 1] where words.count > tail {
            let qualifier = words.suffix(tail).joined(separator: " ")
            guard let filter = RegionFilter.named(qualifier) else { continue }
            let name = words.dropLast(tail).joined(separator: " ")
            if let place = lookup(name: name, filter: filter) { return place }
        }
        throw .unknownPlace(trimmed)
    }
}
