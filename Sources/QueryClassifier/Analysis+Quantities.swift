import Domain
import Foundation

/// Numbers with units, money and prices; categories; the "last N" of recent expenses.
extension Analysis {
    private static let perWords: [String] = ["per", "a", "an", "por", "el", "each", "every", "la"]
    private static let gallonWords: [String] = ["gallon", "gal", "galon", "gallons", "galones"]
    private static let literWords: [String] = ["liter", "litre", "l", "litro", "liters", "litres", "litros", "lt"]

    mutating func extractQuantities() {
        var i = 0
        while i < count {
            guard !used[i] else {
                i += 1
                continue
            }
            // "$3.89", "$ 240", "-$5"
            if isSymbol(i, "$"), i + 1 < count, tokens[i + 1].kind == .number, !used[i + 1] {
                let negative = isSymbol(i - 1, "-") && tokens[i].attached
                let value = negative ? -tokens[i + 1].number : tokens[i + 1].number
                var end = i + 2
                var unit = Quantity.Unit.dollars
                if let (perUnit, length) = pricePer(at: end) {
                    unit = perUnit
                    end += length
                } else if isWord(end, ["dollars", "dollar", "usd", "dolares"]) {
                    end += 1
                }
                quantities.append(Quantity(value: value, unit: unit, index: i + 1))
                use(i..<end)
                i = end
                continue
            }
            // "six ways", "five of us", "twenty people": people counted in words.
            if tokens[i].kind == .word, let n = Lexicon.numberWords[tokens[i].text], !isWord(i - 1, ["last", "past"]) {
                if let (u, length) = self.unit(at: i + 1, afterNumber: true), u == .people {
                    quantities.append(Quantity(value: n, unit: .people, index: i))
                    use(i..<(i + 1 + length))
                    i += 1 + length
                    continue
                }
                // "divide 85 dollars between two"
                if isWord(i - 1, ["between", "among", "amongst", "entre"]), present.contains(.split) {
                    quantities.append(Quantity(value: n, unit: .people, index: i))
                    use(i..<(i + 1))
                    i += 1
                    continue
                }
                if isWord(i + 1, ["of"]), isWord(i + 2, ["us"]) {
                    quantities.append(Quantity(value: n, unit: .people, index: i))
                    use(i..<(i + 3))
                    i += 3
                    continue
                }
            }
            guard tokens[i].kind == .number else {
                i += 1
                continue
            }
            // The 100 of "L/100km" belongs to the unit, not to the quantities.
            let literWord: [String] = ["l", "liters", "litres", "liter", "litre", "litros", "lt"]
            if tokens[i].number == 100, isSymbol(i - 1, "/") || isWord(i - 1, ["per", "por", "cada", "each", "every"]),
                isWord(i - 2, literWord) || isWord(i - 3, literWord) && isWord(i - 1, ["cada", "each", "every"])
            {
                i += 1
                continue
            }
            var value = tokens[i].number
            var end = i + 1
            // "10^12"
            if isSymbol(end, "^"), end + 1 < count, tokens[end + 1].kind == .number {
                value = Foundation.pow(value, min(tokens[end + 1].number, 400))
                end += 2
            }
            // "240-mile drive"
            if isSymbol(end, "-"), tokens.indices.contains(end + 1), tokens[end + 1].kind == .word { end += 1 }
            var unit = Quantity.Unit.none
            if let (u, length) = self.unit(at: end, afterNumber: true) {
                unit = u
                end += length
                if u == .dollars, let (perUnit, length) = pricePer(at: end) {
                    unit = perUnit
                    end += length
                }
            } else if let (perUnit, length) = pricePer(at: end) {
                unit = perUnit  // "4.25 per gallon"
                end += length
            } else if isWord(end, ["of"]), isWord(end + 1, ["us"]) {
                unit = .people  // "4 of us"
                end += 2
            } else if isWord(i - 1, ["somos", "seremos", "were", "between", "among", "amongst", "entre"]),
                present.contains(.split) || present.contains(.each)
            {
                unit = .people  // "si somos 6": six people
            }
            // "me and my 2 buddies": three people.
            if unit == .people, isWord(i - 1, ["my"]), isWord(i - 2, ["and"]), isWord(i - 3, ["me", "i"]) { value += 1 }
            // "11 ft 6 in": feet and inches together.
            if unit == .feet, end + 1 < count, tokens[end].kind == .number, isWord(end + 1, ["in", "inch", "inches"]) {
                value += tokens[end].number / 12
                end += 2
            }
            // "going 50", "at 60" after a distance, with no unit: a speed in mph when the question is about time.
            if unit == .none, isWord(i - 1, ["going", "averaging", "doing", "go", "driving"]) { unit = .mph }
            // "600 miles at 55" in a drive-time question: a speed.
            // (Below 25 "at 7" is a time of day, not a speed.)
            if unit == .none, isWord(i - 1, ["at", "a"]), present.contains(.duration), value >= 25, value <= 100 { unit = .mph }
            // "el litro a 1.45 dólares", "gas at 3 dollars a gallon": the price is per the unit named before it.
            if unit == .dollars, isWord(i - 1, ["at", "a", "is", "es"]) {
                if isWord(i - 2, ["liter", "litre", "litro", "l"]) { unit = .dollarsPerLiter }
            }
            // "gas at 3.89", "el galón a 4.25": a fuel price without its dollar sign.
            if unit == .none, isWord(i - 1, ["at", "a", "is", "es", "costs", "cuesta"]),
                isWord(i - 2, ["gas", "gasoline", "diesel", "petrol", "fuel", "gasolina", "combustible", "diesels", "gallon", "galon", "gal"]),
                value > 0, value < 20
            {
                unit = .dollarsPerGallon
            }
            quantities.append(Quantity(value: value, unit: unit, index: i))
            use(i..<end)
            i = end
        }
    }

    /// "/gal", "per gallon", "a gallon", "por galón", "/L", "per liter".
    private func pricePer(at i: Int) -> (Quantity.Unit, Int)? {
        guard isSymbol(i, "/") || isWord(i, Self.perWords) else { return nil }
        if isWord(i + 1, Self.gallonWords) { return (.dollarsPerGallon, 2) }
        if isWord(i + 1, Self.literWords) { return (.dollarsPerLiter, 2) }
        return nil
    }

    /// Bare unit words ("to miles", "in celsius", "how many liters"): conversion targets.
    mutating func extractTargetUnits() {
        var i = 0
        while i < count {
            if !used[i], let (unit, length) = unit(at: i, afterNumber: false), let target = unit.conversionUnit {
                // "gallons" and "mpg" standing alone are also what tier 1 fuel questions ask about;
                // the route decision reads them from `targetUnits` either way.
                targetUnits.append(target)
                targetUnitIndices.append(i)
                use(i..<(i + length))
                i += length
            } else {
                i += 1
            }
        }
    }

    /// Categories by word or two-word phrase ("eating out", "RV parks").
    mutating func extractCategories() {
        var i = 0
        while i < count {
            // One bit tells whether a word can name a category at all; most cannot.
            guard !used[i], tags[i].contains(.category), let w = word(i) else {
                i += 1
                continue
            }
            if let next = word(i + 1), !used[i + 1], let category = Lexicon.categoryPhrases[w + " " + next] {
                record(category, words: tokens[i].original + " " + tokens[i + 1].original)
                categoryEnds.append(i + 1)
                use(i..<(i + 2))
                i += 2
                continue
            }
            if let category = Lexicon.categories[w] {
                // "gas" in "gas money" or "gas mileage" is about fuel, still the fuel category.
                record(category, words: tokens[i].original)
                categoryEnds.append(i)
                use(i..<(i + 1))
            }
            i += 1
        }
    }

    private mutating func record(_ category: Category, words: String) {
        if !categories.contains(category) {
            categories.append(category)
            categoryWords.append(words)
        }
    }

    /// "last 10 expenses", "my 3 latest purchases", "las últimas 5 compras": a count for
    /// recent expenses. Uses a bare number next to a recency word or an expense noun.
    mutating func extractLimit() {
        for q in quantities where q.unit == .none && q.value == q.value.rounded() && q.value >= 1 && q.value <= 1000 {
            let i = q.index
            let before = i > 0 ? tags[i - 1] : []
            var j = i + 1
            while j < count, j - i < 4, !tags[j].contains(.expenseNoun),
                tags[j].contains(.filler) || tags[j].contains(.recent) || Lexicon.categories[tokens[j].text] != nil
                    || isWord(j, ["most", "mas"])
            {
                j += 1
            }
            if before.contains(.recent) || before.contains(.listVerb) || (j < count && tags[j].contains(.expenseNoun)) {
                limit = Int(q.value)
                quantities.removeAll { $0.index == i }
                return
            }
        }
        // Number words: "last three purchases".
        for i in 0..<count where !used[i] {
            guard let w = word(i), let n = Lexicon.numberWords[w], i > 0, tags[i - 1].contains(.recent) else { continue }
            limit = Int(n)
            use(i..<(i + 1))
            return
        }
    }
}
