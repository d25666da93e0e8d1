import Tier1Cache
import Tier2Compute

/// What the classifier has found in one query so far. Extractors mark the tokens they explain
/// as used; whatever words remain unexplained at the end decide whether a cheap answer is safe.
struct Analysis {
    var tokens: [Token]
    var tags: [WordTags]
    var used: [Bool]
    /// Union of every word's tags.
    var present: WordTags = []

    var periods: [Period] = []
    var periodWords: [String] = []
    var categories: [Category] = []
    var categoryWords: [String] = []
    var quantities: [Quantity] = []
    /// Unit words standing alone ("to miles", "in celsius"): targets of a conversion.
    var targetUnits: [ConversionUnit] = []
    var targetUnitIndices: [Int] = []
    var places: PlacePair?
    var limit: Int?
    /// Leading "hi," or "hola": consumed, does not count as content.
    var greeted = false

    init(_ text: String) {
        tokens = Lexer.tokens(text)
        tags = tokens.map { $0.kind == .word ? Lexicon.tags($0.text) : [] }
        used = Array(repeating: false, count: tokens.count)
        for t in tags { present.formUnion(t) }
    }

    var count: Int { tokens.count }

    func word(_ i: Int) -> String? {
        guard i >= 0, i < tokens.count, tokens[i].kind == .word else { return nil }
        return tokens[i].text
    }

    func isWord(_ i: Int, _ options: Set<String>) -> Bool {
        guard let w = word(i) else { return false }
        return options.contains(w)
    }

    /// The same for a literal list: a constant array literal needs no allocation and no hashing,
    /// which matters on the hot path (these checks run for every token).
    @inline(__always)
    func isWord(_ i: Int, _ options: [String]) -> Bool {
        guard let w = word(i) else { return false }
        return options.contains(w)
    }

    func number(_ i: Int) -> Double? {
        guard i >= 0, i < tokens.count, !used[i] else { return nil }
        if tokens[i].kind == .number { return tokens[i].number }
        if let w = word(i) { return Lexicon.numberWords[w] }
        return nil
    }

    func isSymbol(_ i: Int, _ c: Character) -> Bool {
        i >= 0 && i < tokens.count && tokens[i].isSymbol(c)
    }

    mutating func use(_ range: Range<Int>) {
        for i in range where i < used.count { used[i] = true }
    }

    func has(_ tag: WordTags) -> Bool { present.contains(tag) }

    /// Words that carry a tag and are not yet used.
    func unusedWords(tagged tag: WordTags, except: (Int) -> Bool = { _ in false }) -> [String] {
        var out: [String] = []
        for i in 0..<tokens.count where !used[i] && tags[i].contains(tag) && !except(i) {
            out.append(tokens[i].text)
        }
        return out
    }

    /// Words nothing explains: not in the lexicon, and not used as a period, number, unit,
    /// category or place.
    func unknownWords() -> [String] {
        var out: [String] = []
        for i in 0..<tokens.count where tokens[i].kind == .word && !used[i] && tags[i].isEmpty {
            out.append(tokens[i].original)
        }
        return out
    }

    // MARK: Units

    /// A unit written at `i` (possibly several tokens: "miles per gallon", "l/100km", "°F").
    /// - Parameter afterNumber: single letters (m, l, f, c) count as units only right after a number,
    ///   or when typed in capitals.
    func unit(at i: Int, afterNumber: Bool) -> (Quantity.Unit, Int)? {
        if let w = word(i), !Lexicon.unitWords.contains(w) { return nil }
        if isSymbol(i, "°"), let w = word(i + 1) {
            if w == "f" || w == "fahrenheit" { return (.fahrenheit, 2) }
            if w == "c" || w == "celsius" { return (.celsius, 2) }
            return nil
        }
        if isSymbol(i, "%") { return (.percent, 1) }
        guard let w = word(i) else { return nil }
        let per: Set<String> = ["per", "por", "a", "each", "every"]
        switch w {
        case "miles", "mile", "mi", "millas", "milla":
            if isWord(i + 1, per) || isSymbol(i + 1, "/") {
                if isWord(i + 2, ["gallon", "gal", "galon"]) { return (.mpg, 3) }
                if isWord(i + 2, ["hour", "hora", "h", "hr"]) { return (.mph, 3) }
            }
            return (.miles, 1)
        case "km", "kms", "kilometers", "kilometres", "kilometer", "kilometre", "kilometros", "kilometro":
            if isSymbol(i + 1, "/") && isWord(i + 2, ["h", "hr"]) { return (.kmh, 3) }
            if isWord(i + 1, per) && isWord(i + 2, ["hour", "hora", "h", "hr"]) { return (.kmh, 3) }
            return (.kilometers, 1)
        case "kph", "kmh": return (.kmh, 1)
        case "mph": return (.mph, 1)
        case "mpg": return (.mpg, 1)
        case "l", "liters", "litres", "liter", "litre", "litros", "litro", "lt", "lts":
            // A lone lowercase "l" is a unit only after a number or as in "l/100km".
            if w == "l" && !afterNumber && !tokens[i].original.hasPrefix("L") && !(isSymbol(i + 1, "/") && number(i + 2) == 100) {
                return nil
            }
            // "l/100km", "L/100 km", "liters per 100 km", "litros por cada 100 km"
            if isSymbol(i + 1, "/") || isWord(i + 1, per) {
                let n = isWord(i + 2, ["cada", "each", "every"]) ? i + 3 : i + 2
                if tokens.indices.contains(n), tokens[n].kind == .number, tokens[n].number == 100,
                    isWord(n + 1, ["km", "kms", "kilometers", "kilometres", "kilometros"])
                {
                    return (.litersPer100km, n + 2 - i)
                }
            }
            return (.liters, 1)
        case "gallons", "gallon", "gal", "gals", "galones", "galon": return (.gallons, 1)
        case "fahrenheit": return (.fahrenheit, 1)
        case "celsius", "centigrade", "centigrados": return (.celsius, 1)
        case "f": return afterNumber || tokens[i].isUppercase || tokens[i].original == "F" ? (.fahrenheit, 1) : nil
        case "c": return afterNumber || tokens[i].original == "C" ? (.celsius, 1) : nil
        case "degrees", "grados", "deg":
            if isWord(i + 1, ["f", "fahrenheit"]) { return (.fahrenheit, 2) }
            if isWord(i + 1, ["c", "celsius", "centigrade", "centigrados"]) { return (.celsius, 2) }
            return nil
        case "feet", "foot", "ft", "pies", "pie": return (.feet, 1)
        case "inches", "inch", "pulgadas", "pulgada": return (.inches, 1)
        case "meters", "metres", "meter", "metre", "metros", "metro": return (.meters, 1)
        case "m": return afterNumber || tokens[i].original == "M" ? (.meters, 1) : nil
        case "lbs", "lb", "pounds", "pound", "libras", "libra": return (.pounds, 1)
        case "kg", "kgs", "kilograms", "kilogram", "kilos", "kilo", "kilogramos": return (.kilograms, 1)
        case "people", "persons", "person", "ways", "personas", "friends", "amigos", "adults", "travelers", "travellers":
            return afterNumber ? (.people, 1) : nil
        case "dollars", "dollar", "bucks", "usd", "dolares", "dolar": return afterNumber ? (.dollars, 1) : nil
        default: return nil
        }
    }
}

extension Quantity.Unit {
    /// The conversion unit this is, for `compute.convert`.
    var conversionUnit: ConversionUnit? {
        switch self {
        case .miles: return .miles
        case .kilometers: return .kilometers
        case .mpg: return .milesPerGallon
        case .litersPer100km: return .litersPer100km
        case .gallons: return .gallons
        case .liters: return .liters
        case .mph: return .milesPerHour
        case .kmh: return .kilometersPerHour
        case .fahrenheit: return .fahrenheit
        case .celsius: return .celsius
        case .feet: return .feet
        case .inches: return .inches
        case .meters: return .meters
        case .pounds: return .pounds
        case .kilograms: return .kilograms
        default: return nil
        }
    }
}
