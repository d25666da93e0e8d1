/// Greetings in front of a question, and questions chained in one message.
extension Analysis {
    /// "Hi, how much did I spend…", "thanks! and what's my mpg": a greeting or thanks in front
    /// of a question is consumed (with the punctuation and "and"/"also"/"now" after it), so it
    /// does not count as content or as a second question.
    mutating func consumeLeadingGreeting() {
        var i = 0
        while i < count, let w = word(i), !tags[i].isDisjoint(with: [.greeting, .thanks]) || (i > 0 && isWord(i, ["you", "so", "much", "a", "lot"])) {
            // "good" only as in "good morning".
            if w == "good" && !isWord(i + 1, ["morning", "afternoon", "evening"]) { break }
            i += 1
        }
        guard i > 0 else { return }
        while i < count, isSymbol(i, ",") || isSymbol(i, "!") || isSymbol(i, ".") || isSymbol(i, ":") || isSymbol(i, "-")
            || isWord(i, ["there", "and", "also", "now", "so", "y", "ahora", "tambien", "then", "ok", "okay"])
        {
            i += 1
        }
        guard i < count else { return }
        use(0..<i)
        greeted = true
    }

    private static let abbreviations: [String] = ["st", "mt", "ft", "mr", "mrs", "dr", "vs", "approx", "e", "g", "i"]
    private static let clauseStarters: [String] = [
        "how", "what", "whats", "is", "am", "are", "did", "do", "does", "can", "could", "will", "would", "should",
        "if", "then", "show", "tell", "give", "list", "find", "check", "compare", "also", "when", "where", "which",
        "why", "who", "cuanto", "cuanta", "que", "como", "cual", "si", "donde", "muestra", "dime",
        "split", "convert", "divide", "calculate", "add", "then", "plus", "my", "mi", "whats", "hows",
    ]

    /// The start of a second question, if the message holds more than one: a sentence break
    /// followed by more words, or "and"/"y"/"then" followed by a question or request word.
    func secondClause() -> String? {
        var sawContent = false
        for i in 0..<count {
            if used[i] && (tokens[i].kind != .word) { continue }
            if tokens[i].kind == .word || tokens[i].kind == .number { sawContent = true }
            guard sawContent else { continue }
            if isSymbol(i, ".") || isSymbol(i, "?") || isSymbol(i, "!") || isSymbol(i, ";") {
                if isSymbol(i, "."), let prev = word(i - 1), Self.abbreviations.containsWord(prev) { continue }
                if (i + 1..<count).contains(where: { tokens[$0].kind == .word }) {
                    // "…this month? Many thanks.": thanks or a greeting after the question ends it.
                    let rest = (i + 1)..<count
                    if rest.allSatisfy({ k in
                        tokens[k].kind != .word || !tags[k].isDisjoint(with: [.thanks, .greeting, .smalltalkFiller])
                            || tags[k].subtracting(WordTags.classes) == .filler
                    }), rest.contains(where: { !tags[$0].isDisjoint(with: [.thanks, .greeting]) }) {
                        continue
                    }
                    // "130 miles, 14 mpg, gas is $3.49. fuel cost?": facts, then the short question about them.
                    let before = 0..<i
                    let words = rest.filter { tokens[$0].kind == .word }
                    if words.count <= 3, !before.contains(where: { tags[$0].contains(.question) }),
                        !words.contains(where: { tags[$0].contains(.question) && !used[$0] && !isWord($0, ["what", "whats", "how"]) })
                    {
                        continue
                    }
                    return tokens[(i + 1)..<min(count, i + 4)].map(\.original).joined(separator: " ")
                }
            }
            // ", is that a lot" / ", am I on track": a yes/no question after the first one.
            if isSymbol(i, ","), let next = word(i + 1), let after = word(i + 2),
                ["is", "am", "are", "was", "does", "do", "did", "should", "can", "could", "would", "es", "estoy", "voy"].contains(next),
                ["that", "it", "this", "i", "we", "there", "my", "eso", "bien", "mucho"].contains(after)
            {
                return "\(next) \(after)"
            }
            // ", what/how …" after a first question (not after a statement of facts).
            if isSymbol(i, ","), let next = word(i + 1), tags[i + 1].contains(.question),
                (0..<i).contains(where: { tags[$0].contains(.question) && !used[$0] })
            {
                return next
            }
            // "budget status & how much have I saved": "&" joins two questions as "and" does.
            if isSymbol(i, "&"), !used[i], let next = word(i + 1), Self.clauseStarters.containsWord(next) || tags[i + 1].contains(.question) {
                return "& \(next)"
            }
            // "me and my buddies": people, not a second question.
            if isWord(i, ["and", "y"]), isWord(i - 1, ["me", "i", "yo", "mi"]) { continue }
            if let w = word(i), !used[i], tags[i].contains(.join) || w == "but" || w == "pero" {
                var j = i + 1
                while isSymbol(j, ",") { j += 1 }
                if let next = word(j), Self.clauseStarters.containsWord(next) {
                    return "\(w) \(next)"
                }
            }
        }
        return nil
    }
}
