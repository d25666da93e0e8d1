/// Numbers written as words, English and Spanish: "fourteen", "three hundred fifty",
/// "a hundred and twenty", "two thousand", "trescientas", "cuarenta y cinco", "mil doscientos".
///
/// A small state machine over folded words: each word is a value with a role (unit, teen, ten,
/// hundreds, multiplier), and a sequence is read only while the roles follow each other as numbers
/// are spoken, so "two three" is two numbers and "one way" is no number at all.
enum NumberWords {
    enum Role { case unit, teen, ten, hundreds, hundred, thousand, million, dozen }

    /// Folded word → value and role. "a", "an", "un", "una" and "one" count only before a
    /// multiplier or a unit (the callers decide); "y"/"and" only join.
    static let table: [String: (Double, Role)] = {
        var t: [String: (Double, Role)] = [:]
        let englishUnits = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
        for (v, w) in englishUnits.enumerated() { t[w] = (Double(v), .unit) }
        let englishTeens = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                            "eighteen", "nineteen"]
        for (v, w) in englishTeens.enumerated() { t[w] = (Double(10 + v), .teen) }
        let englishTens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
        for (v, w) in englishTens.enumerated() { t[w] = (Double(20 + 10 * v), .ten) }
        t["fourty"] = (40, .ten)
        t["hundred"] = (100, .hundred)
        t["hundreds"] = (100, .hundred)
        t["thousand"] = (1000, .thousand)
        t["grand"] = (1000, .thousand)
        t["million"] = (1_000_000, .million)
        t["dozen"] = (12, .dozen)

        let spanishUnits = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"]
        for (v, w) in spanishUnits.enumerated() { t[w] = (Double(v), .unit) }
        t["un"] = (1, .unit)
        t["una"] = (1, .unit)
        let spanishTeens = ["diez", "once", "doce", "trece", "catorce", "quince", "dieciseis", "diecisiete",
                            "dieciocho", "diecinueve"]
        for (v, w) in spanishTeens.enumerated() { t[w] = (Double(10 + v), .teen) }
        let veinti = ["veinte", "veintiuno", "veintidos", "veintitres", "veinticuatro", "veinticinco", "veintiseis",
                      "veintisiete", "veintiocho", "veintinueve"]
        for (v, w) in veinti.enumerated() { t[w] = (Double(20 + v), v == 0 ? .ten : .teen) }
        t["veintiun"] = (21, .teen)
        let spanishTens = ["treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"]
        for (v, w) in spanishTens.enumerated() { t[w] = (Double(30 + 10 * v), .ten) }
        t["cien"] = (100, .hundreds)
        t["ciento"] = (100, .hundreds)
        let hundreds = ["", "", "dosciento", "tresciento", "cuatrociento", "quiniento", "seisciento", "seteciento",
                        "ochociento", "noveciento"]
        for v in 2...9 {
            let stem = v == 5 ? "quinient" : String(hundreds[v].dropLast())
            t[stem + "os"] = (Double(100 * v), .hundreds)
            t[stem + "as"] = (Double(100 * v), .hundreds)
        }
        t["mil"] = (1000, .thousand)
        t["millon"] = (1_000_000, .million)
        t["millones"] = (1_000_000, .million)
        return t
    }()

    /// Words that only multiply a number before them ("2 hundred", "1.5 thousand", "2 mil").
    static func multiplier(_ word: String) -> Double? {
        switch word {
        case "hundred", "hundreds", "cien": return 100
        case "thousand", "mil", "grand": return 1000
        case "million", "millon", "millones": return 1_000_000
        case "dozen": return 12
        default: return nil
        }
    }

    /// Reads a number spoken in words from `words[start...]` (folded words; nil for a token that
    /// is not a word). Returns the value and how many tokens it spans, or nil.
    /// - Parameter isHyphen: whether the token at an index is the "-" of "forty-five".
    static func read(_ words: (Int) -> String?, isHyphen: (Int) -> Bool, from start: Int) -> (Double, Int)? {
        var total = 0.0
        var current = 0.0
        var last: Role? = nil
        var i = start
        var end = start  // one past the last word that belongs to the number
        var sawWord = false
        // "a hundred", "an even dozen" (only "a"/"an" directly before a multiplier).
        if let w = words(i), w == "a" || w == "an", let next = words(i + 1), let (_, role) = table[next],
            role == .hundred || role == .thousand || role == .dozen
        {
            current = 1
            last = .unit
            i += 1
        }
        while let w = words(i) {
            // "and" / "y" join inside a number: "two hundred and fifty", "cuarenta y cinco".
            if w == "and" || w == "y" {
                guard let next = words(i + 1), let (_, nextRole) = table[next], nextRole != .hundred, nextRole != .thousand,
                    nextRole != .million, nextRole != .dozen
                else { break }
                if w == "and", !(last == .hundred || last == .thousand) { break }
                if w == "y", last != .ten { break }
                i += 1
                continue
            }
            guard let (value, role) = table[w], follows(role, last) else { break }
            // "a hundred two ways", "a grand three ways": the second number counts the people.
            if last == .hundred || last == .thousand, role == .unit || role == .teen || role == .ten,
                let after = words(i + 1), ["ways", "people", "persons", "of", "personas", "friends", "guys", "folks"].contains(after)
            {
                break
            }
            // "thousand" alone is not a number ("a thousand" is); "mil" alone is.
            if role == .thousand || role == .million, last == nil, w != "mil" { break }
            switch role {
            case .unit, .teen, .ten, .hundreds:
                current += value
            case .hundred:
                current = (current == 0 ? 1 : current) * 100
            case .dozen:
                current = (current == 0 ? 1 : current) * 12
            case .thousand, .million:
                total += (current == 0 ? 1 : current) * value
                current = 0
            }
            last = role
            sawWord = true
            i += 1
            end = i
            // "a grand" is money, and nothing is added to it.
            if w == "grand" { break }
            // "forty-five": the hyphen joins a ten and a unit.
            if role == .ten, isHyphen(i), let next = words(i + 1), let (_, r) = table[next], r == .unit {
                i += 1
            }
        }
        guard sawWord else { return nil }
        return (total + current, end - start)
    }

    /// Whether a word of `role` may follow `last`, as numbers are spoken.
    private static func follows(_ role: Role, _ last: Role?) -> Bool {
        switch role {
        case .unit:
            return last == nil || last == .ten || last == .hundred || last == .hundreds || last == .thousand || last == .million
        case .teen, .ten:
            return last == nil || last == .hundred || last == .hundreds || last == .thousand || last == .million
        case .hundreds: return last == nil || last == .thousand || last == .million
        case .hundred: return last == .unit || last == .teen || last == .ten
        case .dozen: return last == nil || last == .unit || last == .teen
        case .thousand, .million: return last != .thousand && last != .million
        }
    }
}
