import Domain
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
    /// The last token of each category word or phrase found ("rv parks" → the index of "parks").
    var categoryEnds: [Int] = []
    var quantities: [Quantity] = []
    /// Unit words standing alone ("to miles", "in celsius"): targets of a conversion.
    var targetUnits: [ConversionUnit] = []
    var targetUnitIndices: [Int] = []
    var places: PlacePair?
    var limit: Int?
    /// Leading "hi," or "hola": consumed, does not count as content.
    var greeted = false
    /// The message was typed in capitals, so a capital says nothing about names.
    var shouting = false
    /// Whether the decision spells out its reasons (`/v1/classify`, problem documents) or only
    /// decides (the hot path of `/v1/query`, where nobody reads them).
    var explain = true

    /// The analysis of text as typed, without normalisation (a `period` parameter, say).
    init(_ text: String) {
        var tokens = Lexer.tokens(text)
        for k in tokens.indices where tokens[k].kind == .word { tokens[k].tags = Lexicon.tags(tokens[k].text) }
        self.init(tokens: tokens)
    }

    /// The analysis of normalised tokens, which carry their tags.
    init(tokens: [Token]) {
        self.tokens = tokens
        tags = tokens.map(\.tags)
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
        guard i >= 0, i < tokens.count, tokens[i].kind == .word else { return false }
        return options.containsWord(tokens[i].text)
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
    /// Words that carry a tag (any of several) and are not yet used.
    func unusedWords(tagged tag: WordTags, except: (Int) -> Bool = { _ in false }) -> [String] {
        var out: [String] = []
        for i in 0..<tokens.count where !used[i] && !tags[i].isDisjoint(with: tag) && !except(i) {
            out.append(tokens[i].text)
        }
        return out
    }

    /// The residual-word policy: what is left once every extractor has explained what it could.
    ///
    /// Function words, fillers and politeness are in the lexicon and mean nothing to a route, so
    /// they may be left over. Content is not: a word the router does not know ("Costco", "Texas",
    /// "u002"), a known word that restricts or redirects the question ("except", "without",
    /// "wife", "user"), a span no period took ("per month", "each year"), or a symbol that asks
    /// for arithmetic ("%", ">"). Any of these means the question asks for more than the route
    /// gives, and it escalates.
    /// - Parameter describing: whether unknown words may describe what is computed ("bridge
    ///   clearance 3.8 m in feet", "a $1,200 rental 8 ways"): true for conversions, mileage and
    ///   splits, whose answer the numbers and units alone decide. Known content words still count.
    func residualContent(describing: Bool = false) -> [String] {
        var out: [String] = []
        for i in 0..<tokens.count where !used[i] {
            switch tokens[i].kind {
            case .word:
                if describing, tags[i].subtracting(WordTags.classes).isEmpty { continue }
                let w = tokens[i].text
                // A month no period took ("jan thru mar"), and "son" outside Spanish (a son, not "are").
                let strayMonth = tags[i].contains(.month)
                // "son" and "he" are Spanish verbs in Spanish ("son 100 galones", "he gastado") and
                // people in English ("my son", "he spent").
                let person = (w == "son" || w == "he")
                    && !tags.indices.contains { $0 != i && tags[$0].contains(.spanish) && !tags[$0].contains(.personal) }
                // Lookup classes (a phrase's first word, a number word, shorthand) are not meaning.
                let meaning = tags[i].subtracting(WordTags.classes)
                if meaning.isEmpty || meaning.contains(.content) || tags[i].contains(.span) || strayMonth || person {
                    out.append(tokens[i].original.isEmpty ? tokens[i].text : tokens[i].original)
                }
            case .symbol:
                if Self.arithmeticSymbols.containsWord(tokens[i].text), !(describing && tokens[i].text == "=") { out.append(tokens[i].text) }
            case .number, .mark:
                break
            }
        }
        return out
    }

    /// Spans of time: words of a period, content when no period explains them.
    static let spanWords: Set<String> = [
        "week", "weeks", "month", "months", "year", "years", "semana", "semanas", "mes", "meses", "ano", "anos",
        "weekly", "monthly", "yearly", "annual", "annually", "semanal", "mensual", "anual", "wk", "yr", "days", "dias",
    ]
    static let arithmeticSymbols: [String] = ["%", "<", ">", "=", "+", "*", "^", "#"]

    // MARK: Units

    /// "… to m", "… in c": a one-letter unit as the target of a conversion, at the end of the
    /// question, right after "to", "in", "into" or "a"/"en".
    private func isUnitSlot(_ i: Int) -> Bool {
        isWord(i - 1, ["to", "in", "into", "a", "en"]) && (i + 1 == count || isSymbol(i + 1, "?") || isSymbol(i + 1, "."))
            && tokens[..<i].contains { $0.kind == .number }
    }

    /// A unit written at `i` (possibly several tokens: "miles per gallon", "l/100km", "°F").
    /// - Parameter afterNumber: single letters (m, l, f, c) count as units only right after a number,
    ///   or when typed in capitals.
    func unit(at i: Int, afterNumber: Bool) -> (Quantity.Unit, Int)? {
        if tokens.indices.contains(i), tokens[i].kind == .word, !tokens[i].tags.contains(.unit) { return nil }
        if isSymbol(i, "°"), let w = word(i + 1) {
            if w == "f" || w == "fahrenheit" { return (.fahrenheit, 2) }
            if w == "c" || w == "celsius" { return (.celsius, 2) }
            return nil
        }
        if isSymbol(i, "%") { return (.percent, 1) }
        guard let w = word(i) else { return nil }
        let per: [String] = ["per", "por", "a", "an", "each", "every"]
        switch w {
        case "miles", "mile", "mi", "millas", "milla":
            // "miles to the gallon"
            if isWord(i + 1, ["to"]), isWord(i + 2, ["the", "a"]), isWord(i + 3, ["gallon", "gal"]) { return (.mpg, 4) }
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
            if w == "l" && !afterNumber && !tokens[i].original.hasPrefix("L") && !(isSymbol(i + 1, "/") && number(i + 2) == 100)
                && !isUnitSlot(i)
            {
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
        case "f": return afterNumber || tokens[i].isUppercase || tokens[i].original == "F" || isUnitSlot(i) ? (.fahrenheit, 1) : nil
        case "c": return afterNumber || tokens[i].original == "C" || isUnitSlot(i) ? (.celsius, 1) : nil
        case "degrees", "grados", "deg":
            if isWord(i + 1, ["f", "fahrenheit"]) { return (.fahrenheit, 2) }
            if isWord(i + 1, ["c", "celsius", "centigrade", "centigrados"]) { return (.celsius, 2) }
            return nil
        case "feet", "foot", "ft", "pies", "pie": return (.feet, 1)
        case "inches", "inch", "pulgadas", "pulgada": return (.inches, 1)
        case "meters", "metres", "meter", "metre", "metros", "metro": return (.meters, 1)
        case "m": return afterNumber || tokens[i].original == "M" || isUnitSlot(i) ? (.meters, 1) : nil
        case "cm", "centimeters", "centimetres", "centimeter", "centimetre", "centimetros", "centimetro": return (.centimeters, 1)
        case "lbs", "lb", "pounds", "pound", "libras", "libra": return (.pounds, 1)
        case "kg", "kgs", "kilograms", "kilogram", "kilos", "kilo", "kilogramos": return (.kilograms, 1)
        case "people", "persons", "person", "ways", "personas", "friends", "amigos", "adults", "travelers", "travellers", "rigs",
            "families", "couples", "campers", "buddies", "pals", "mates":
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
        case .centimeters: return .centimeters
        case .pounds: return .pounds
        case .kilograms: return .kilograms
        default: return nil
        }
    }
}
