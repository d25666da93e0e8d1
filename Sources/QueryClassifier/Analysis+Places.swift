import Tier2Compute

/// Place names around "from … to …", "between … and …", "de … a …", "… to …" and "… from …".
extension Analysis {
    private static let fromWords: [String] = ["from", "de", "desde"]
    private static let betweenWords: [String] = ["between", "entre"]
    private static let toWords: [String] = ["to", "a", "hasta", "till", "until"]
    private static let andWords: [String] = ["and", "y", "&"]
    /// State codes that are also everyday words (in, or, me, hi, ok…): taken only in capitals or after a comma.
    private static let ambiguousCodes: [String] = ["in", "or", "me", "hi", "ok", "oh", "de", "la", "al", "id", "ma", "pa", "ne", "ms", "mo", "ga", "va", "wa", "sc", "nb", "on", "pe", "ns", "nt", "nu", "us"]

    /// A place starting at `i`: the longest gazetteer name there, with an optional region
    /// (", TX", ", Oregon", " BC"). Returns the text as typed and the tokens it spans.
    func knownPlace(at i: Int, gazetteer: Gazetteer) -> (String, Int)? {
        // Tokens are already folded words, so a span's key is their text joined by spaces, with a
        // leading St/Ft/Mt expanded (and its dot skipped) as the index has it.
        guard i < count, !used[i], tokens[i].kind == .word else { return nil }
        var first = tokens[i].text
        var j = i + 1
        if let expanded = TextFolding.abbreviations[first], j < count {
            first = expanded
            if isSymbol(j, ".") { j += 1 }
        }
        guard gazetteer.startsName(first) else { return nil }
        var key = first
        var best: Int? = gazetteer.knows(key: key) ? j - i : nil
        var words = 1
        let maxWords = min(gazetteer.longestNameWords, 6)
        while j < count, words < maxWords, !used[j], tokens[j].kind == .word {
            key += " "
            key += tokens[j].text
            words += 1
            j += 1
            if gazetteer.knows(key: key) { best = j - i }
        }
        guard let length = best else { return nil }
        var end = i + length
        var text = tokens[i..<end].filter { $0.kind == .word }.map(\.original).joined(separator: " ")
        // Region: ", CO" / ", Colorado" / " Colorado" / " BC" (codes only in capitals without a comma).
        let afterComma = isSymbol(end, ",")
        let r = afterComma ? end + 1 : end
        for width in [3, 2, 1] where r + width <= count {
            let words = tokens[r..<(r + width)]
            guard words.allSatisfy({ $0.kind == .word }) else { continue }
            let key = words.map(\.text).joined(separator: " ")
            guard RegionFilter.named(key) != nil else { continue }
            // Without a comma, a lowercase two-letter code counts unless it is also a common word.
            // Right before "to" or "and" ("springfield mo to branson") it can only be the region.
            if width == 1, key.count == 2, !afterComma, words.first?.isUppercase != true,
                Self.ambiguousCodes.containsWord(key), !isWord(r + 1, ["to", "and", "y", "a"]), r + 1 < count, !isSymbol(r + 1, "?")
            {
                continue
            }
            text += ", " + words.map(\.original).joined(separator: " ")
            end = r + width
            break
        }
        return (text, end - i)
    }

    /// An unknown place between anchors: the words up to the next anchor, symbol or number.
    private func unknownPlace(at i: Int, stop: [String]) -> (String, Int)? {
        var j = i
        var words: [String] = []
        while j < count, !used[j], tokens[j].kind == .word, !stop.containsWord(tokens[j].text), words.count < 4 {
            // Words the router knows (my, the, at, …) are not place names.
            if !tags[j].isEmpty && tokens[j].original.first?.isUppercase != true { break }
            words.append(tokens[j].original)
            j += 1
        }
        return words.isEmpty ? nil : (words.joined(separator: " "), j - i)
    }

    private func place(at i: Int, gazetteer: Gazetteer, stop: [String]) -> (String, Int, Bool)? {
        if let (text, length) = knownPlace(at: i, gazetteer: gazetteer) { return (text, length, true) }
        if let (text, length) = unknownPlace(at: i, stop: stop) { return (text, length, false) }
        return nil
    }

    mutating func extractPlaces(gazetteer: Gazetteer) {
        for i in 0..<count where !used[i] {
            guard let w = word(i) else { continue }
            // from X to Y, de X a Y, desde X hasta Y
            if Self.fromWords.containsWord(w), let (a, la, ka) = place(at: i + 1, gazetteer: gazetteer, stop: Self.toWords) {
                let t = i + 1 + la
                if isWord(t, Self.toWords), let (b, lb, kb) = place(at: t + 1, gazetteer: gazetteer, stop: []) {
                    // "de" is common in Spanish: only take it when at least one name is known.
                    if w == "de" && !(ka || kb) { continue }
                    places = PlacePair(from: a, to: b, fromKnown: ka, toKnown: kb)
                    use(i..<(t + 1 + lb))
                    return
                }
                // "how far is X from Y", "qué tan lejos está X de Y": X is the known name just before.
                if w == "from" || (w == "de" && (present.contains(.distance) || present.contains(.unit))), ka,
                    let (x, start) = knownPlace(endingAt: i, gazetteer: gazetteer)
                {
                    places = PlacePair(from: x, to: a, fromKnown: true, toKnown: true)
                    use(start..<(i + 1 + la))
                    return
                }
            }
            // between X and Y
            if Self.betweenWords.containsWord(w), let (a, la, ka) = place(at: i + 1, gazetteer: gazetteer, stop: Self.andWords) {
                let t = i + 1 + la
                if isWord(t, Self.andWords) || isSymbol(t, "&"), let (b, lb, kb) = place(at: t + 1, gazetteer: gazetteer, stop: []) {
                    places = PlacePair(from: a, to: b, fromKnown: ka, toKnown: kb)
                    use(i..<(t + 1 + lb))
                    return
                }
            }
        }
        // X to Y (and, for "how far apart are X and Y", X and Y), with both names known. Spoken,
        // "to" is often transcribed "two", "too" or "2".
        for i in 0..<count where !used[i] && (isWord(i, ["to", "too"]) || isWord(i, ["and", "y"]) && present.contains(.distance)
            || tokens[i].kind == .number && tokens[i].number == 2 && ["2", "two", "Two", "TWO"].containsWord(tokens[i].original))
        {
            guard let (b, lb) = knownPlace(at: i + 1, gazetteer: gazetteer),
                let (a, start) = knownPlace(endingAt: i, gazetteer: gazetteer)
            else { continue }
            places = PlacePair(from: a, to: b, fromKnown: true, toKnown: true)
            use(start..<(i + 1 + lb))
            return
        }
    }

    /// The longest known place (with optional region) whose last token is just before `end`.
    private func knownPlace(endingAt end: Int, gazetteer: Gazetteer) -> (String, Int)? {
        let maxWords = min(gazetteer.longestNameWords, 6) + 4
        var start = end - 1
        var best: (String, Int)? = nil
        while start >= 0, end - start <= maxWords, !used[start] {
            if let (text, length) = knownPlace(at: start, gazetteer: gazetteer), start + length == end {
                best = (text, start)
            }
            start -= 1
        }
        return best
    }
}
