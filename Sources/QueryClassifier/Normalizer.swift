import Tier2Compute

/// The question as the classifier reads it, after normalisation, and what was changed.
struct Normalized {
    var tokens: [Token]
    var rewrites: [Rewrite]
    /// Typed in capitals (known even when rewrites are not recorded).
    var shouting = false

    /// The normalised words, as `/v1/classify` shows them.
    var text: String { Self.text(of: tokens) }

    static func text(of tokens: [Token]) -> String {
        var out = ""
        for (k, t) in tokens.enumerated() {
            if k > 0, !t.attached || t.kind == .word && tokens[k - 1].kind == .word { out += " " }
            out += t.kind == .word && t.isUppercase ? t.original : t.text
        }
        return out
    }
}

/// The rewrites of one normalisation, written down only when someone will read them.
struct RewriteLog {
    let recording: Bool
    var items: [Rewrite] = []
    var shouting = false

    init(recording: Bool) { self.recording = recording }

    /// Records a rewrite; its texts are not even built when nothing is recorded.
    mutating func add(_ kind: Rewrite.Kind, from: @autoclosure () -> String, to: @autoclosure () -> String) {
        if recording { items.append(Rewrite(kind, from: from(), to: to())) }
    }
}

/// Turns what people type and say into what the classifier's vocabulary expects, before any
/// route is considered: fillers and politeness dropped, numbers in words turned into numbers,
/// shorthand expanded, emoji set aside, typos in known words corrected, "we" read as "I".
///
/// Two passes over the lexer's tokens, no regular expressions: the first rewrites single tokens
/// (symbols, shorthand, suffixes on numbers, repeated letters, spelling), the second whole phrases
/// (fillers, idioms, numbers in words, first person). Each change is recorded as a `Rewrite`.
struct Normalizer {
    let gazetteer: Gazetteer

    /// - Parameter record: whether to write down each rewrite (for `/v1/classify`); the tokens
    ///   are the same either way.
    func normalize(_ source: [Token], record: Bool = true) -> Normalized {
        var rewrites = RewriteLog(recording: record)
        let tokens = tokenPass(source, rewrites: &rewrites)
        let out = phrasePass(tokens, rewrites: &rewrites)
        return Normalized(tokens: out, rewrites: rewrites.items, shouting: rewrites.shouting)
    }

    // MARK: Tokens

    private func word(_ text: String, like t: Token, original: String? = nil) -> Token {
        var w = Token(kind: .word, text: text, original: original ?? text)
        w.attached = t.attached
        w.tags = Lexicon.tags(text)
        return w
    }

    /// The same token read as another word.
    private func retext(_ t: inout Token, _ text: String) {
        t.text = text
        t.tags = Lexicon.tags(text)
    }

    /// Messages typed in capitals: more than two words, three quarters of them in capitals.
    private func shouting(_ tokens: [Token]) -> Bool {
        var words = 0
        var upper = 0
        for t in tokens where t.kind == .word && t.text.utf8.count > 1 {
            words += 1
            if t.isUppercase { upper += 1 }
        }
        return words > 2 && upper * 4 >= words * 3
    }

    private func tokenPass(_ src: [Token], rewrites: inout RewriteLog) -> [Token] {
        var out: [Token] = []
        out.reserveCapacity(src.count + 4)
        let shouting = shouting(src)
        if shouting {
            rewrites.shouting = true
            rewrites.add(.capitals, from: "ALL CAPS", to: "lower case")
        }
        var setAside = ""
        var i = 0
        while i < src.count {
            var t = src[i]
            if shouting { t.isUppercase = false }
            let next = i + 1 < src.count ? src[i + 1] : nil
            switch t.kind {
            case .mark:
                let first = t.text.unicodeScalars.first ?? " "
                if let w = NormalizerVocabulary.markWords[t.text] {
                    rewrites.add(.symbol, from: t.text, to: w)
                    out.append(word(w, like: t, original: t.text))
                } else if first.properties.generalCategory == .currencySymbol || NormalizerVocabulary.contentMarks.contains(first)
                    || !NormalizerVocabulary.isMood(first) && !atSentenceEdge(src, i)
                {
                    // "£60", "🚫 gas", "spend on 🍺": a currency that is not dollars, a negation, a
                    // thing named by its picture. Content: the router cannot read it, so it must not vanish.
                    out.append(word(t.text, like: t, original: t.text))
                } else {
                    setAside += t.text
                }
                i += 1
                continue
            case .symbol:
                // "->", "=>": to.
                if (t.isSymbol("-") || t.isSymbol("=")), let next, next.isSymbol(">"), next.attached {
                    rewrites.add(.shorthand, from: t.text + ">", to: "to")
                    out.append(word("to", like: t, original: t.text + ">"))
                    i += 2
                    continue
                }
                if t.isSymbol("@") {
                    rewrites.add(.shorthand, from: "@", to: "at")
                    out.append(word("at", like: t, original: "@"))
                    i += 1
                    continue
                }
                // "€90": another currency is content, never dollars.
                if t.isSymbol("€") {
                    out.append(word("€", like: t, original: "€"))
                    i += 1
                    continue
                }
                if t.isSymbol("$") {
                    // "40$", "1.65 $/L": the sign typed after the number goes before it.
                    if let last = out.last, last.kind == .number, !(next?.kind == .number && next?.attached == true),
                        !(out.count >= 2 && out[out.count - 2].isSymbol("$"))
                    {
                        rewrites.add(.shorthand, from: last.text + "$", to: "$" + last.text)
                        var sign = t
                        sign.attached = last.attached
                        var number = out.removeLast()
                        number.attached = true
                        out.append(sign)
                        out.append(number)
                        i += 1
                        continue
                    }
                    // A "$" on its own asks about money.
                    if next?.kind != .number {
                        rewrites.add(.shorthand, from: "$", to: "money")
                        out.append(word("money", like: t, original: "$"))
                        i += 1
                        continue
                    }
                }
                out.append(t)
                i += 1
                continue
            case .number:
                if let next, next.kind == .word, next.attached || next.text == "k" {
                    // "5k in miles": a race's kilometres, converted.
                    if next.text == "k", next.attached, i + 3 < src.count, ["in", "to", "into"].containsWord(src[i + 2].text),
                        ["miles", "mi", "mile", "meters", "feet", "ft"].containsWord(src[i + 3].text)
                    {
                        rewrites.add(.shorthand, from: t.original + next.original, to: t.text + " km")
                        out.append(t)
                        var w = word("km", like: next, original: next.original)
                        w.attached = false
                        out.append(w)
                        i += 2
                        continue
                    }
                    // "1.2k", "$2k", "1.5 k": thousands.
                    if next.text == "k" {
                        var n = t
                        n.number = t.number * 1000
                        n.text = Self.format(n.number)
                        n.original = t.original + next.original
                        rewrites.add(.shorthand, from: n.original, to: n.text)
                        out.append(n)
                        i += 2
                        continue
                    }
                    // "2day": today.
                    if t.number == 2, next.text == "day" {
                        rewrites.add(.shorthand, from: t.original + next.original, to: "today")
                        out.append(word("today", like: t, original: t.original + next.original))
                        i += 2
                        continue
                    }
                    // "30d", "2wk", "3hrs": a span or a duration typed onto the number.
                    if let span = NormalizerVocabulary.numberSuffix(next.text) {
                        // A widget's "spend 30d" is the last 30 days; "over the last 30d" says so itself.
                        let spanWord = span != "hours" && span != "minutes"
                        let introduced = out.last.map { $0.kind == .word && NormalizerVocabulary.spanIntroducers.contains($0.text) } ?? false
                        if spanWord && !introduced {
                            rewrites.add(.shorthand, from: t.original + next.original, to: "last " + t.text + " " + span)
                            out.append(word("last", like: t, original: ""))
                        } else {
                            rewrites.add(.shorthand, from: t.original + next.original, to: t.text + " " + span)
                        }
                        out.append(t)
                        var w = word(span, like: next, original: next.original)
                        w.attached = false
                        out.append(w)
                        i += 2
                        continue
                    }
                }
                out.append(t)
                i += 1
                continue
            case .word:
                break
            }
            // Words.
            // "w/" → with, "w/o" → without, "b/w" → between.
            if (t.text == "w" || t.text == "b"), let next, next.isSymbol("/"), next.attached {
                if t.text == "w", i + 2 < src.count, src[i + 2].isWord("o"), src[i + 2].attached {
                    rewrites.add(.shorthand, from: "w/o", to: "without")
                    out.append(word("without", like: t, original: "w/o"))
                    i += 3
                    continue
                }
                if t.text == "b", i + 2 < src.count, src[i + 2].isWord("w"), src[i + 2].attached {
                    rewrites.add(.shorthand, from: "b/w", to: "between")
                    out.append(word("between", like: t, original: "b/w"))
                    i += 3
                    continue
                }
                if t.text == "w" {
                    rewrites.add(.shorthand, from: "w/", to: "with")
                    out.append(word("with", like: t, original: "w/"))
                    i += 2
                    continue
                }
            }
            // "u002", "i10": letters with digits typed onto them are an identifier, not a word
            // the router knows (and never "you").
            if let next, next.kind == .number, next.attached, !Lexicon.unitWords.contains(t.text), t.text.utf8.count <= 3,
                !(next.text.contains("."))
            {
                var id = t
                id.text = t.text + next.text
                id.original = t.original + next.original
                id.isUppercase = false
                out.append(id)
                i += 2
                continue
            }
            // "month's", "diesel's": a possessive or "is" on a word is the word.
            if t.text.utf8.count > 3, t.text.utf8.last == UInt8(ascii: "s"), Self.endsWithApostropheS(t.original) {
                t.text.removeLast()
            }
            // The one lookup: every decision below, and every stage after, reads these tags.
            t.tags = Lexicon.tags(t.text)
            // "we" → I: a household asking about its own records is the user asking.
            if t.tags.contains(.firstPerson), let me = NormalizerVocabulary.firstPerson[t.text], !t.isUppercase,
                !(t.text == "us" && out.last.map { ["of", "between", "among", "amongst", "both", "the"].contains($0.text) } == true),
                !(t.text == "us" && t.original == "US")
            {
                rewrites.add(.firstPerson, from: t.original, to: me)
                retext(&t, me)
                out.append(t)
                i += 1
                continue
            }
            // "él" (he) folds to "el" (the): keep the person.
            if t.text == "el", t.original == "él" || t.original == "Él" || t.original == "ÉL" {
                retext(&t, "him")
                out.append(t)
                i += 1
                continue
            }
            // "the US" is a country.
            if t.text == "us", out.last?.text == "the" {
                retext(&t, "usa")
                out.append(t)
                i += 1
                continue
            }
            // "fill-up", "fill-ups": one word.
            if t.text == "fill", let next, next.isSymbol("-"), i + 2 < src.count, src[i + 2].attached,
                src[i + 2].isWord("up") || src[i + 2].isWord("ups")
            {
                retext(&t, src[i + 2].text == "up" ? "fillup" : "fillups")
                t.original += "-" + src[i + 2].original
                out.append(t)
                i += 3
                continue
            }
            if t.tags.contains(.shorthand), let expansion = NormalizerVocabulary.shorthand[t.text], !t.isUppercase,
                !(RegionFilter.named(t.text) != nil
                    && out.last.map { $0.kind == .word && gazetteer.startsName($0.text) || $0.isSymbol(",") } == true)
            {
                rewrites.add(.shorthand, from: t.original, to: expansion.joined(separator: " "))
                for (k, w) in expansion.enumerated() {
                    var e = word(w, like: t, original: k == 0 ? t.original : "")
                    if k > 0 { e.attached = false }
                    out.append(e)
                }
                i += 1
                continue
            }
            if t.tags.isEmpty {
                if let collapsed = collapseRepeats(t.text) {
                    rewrites.add(.repeatedLetters, from: t.original, to: collapsed)
                    retext(&t, collapsed)
                } else if mayCorrect(t, at: i, in: src, shouting: shouting, previous: out.last),
                    let fixed = Spelling.correct(t.text)
                {
                    rewrites.add(.spelling, from: t.original, to: fixed)
                    retext(&t, fixed)
                }
            }
            out.append(t)
            i += 1
        }
        if !setAside.isEmpty { rewrites.add(.symbol, from: setAside, to: "") }
        return out
    }

    /// Whether the mark at `i` stands at the start or the end of the message or of a sentence
    /// (with only other marks between it and the edge).
    private func atSentenceEdge(_ src: [Token], _ i: Int) -> Bool {
        func edge(_ k: Int) -> Bool { k < 0 || k >= src.count || src[k].kind == .symbol && [".", "!", "?", ",", ":", ";", "-"].contains(src[k].text) }
        var before = i - 1
        while before >= 0, src[before].kind == .mark { before -= 1 }
        var after = i + 1
        while after < src.count, src[after].kind == .mark { after += 1 }
        return edge(before) || edge(after)
    }

    /// "month's", "diesel’s": the last two characters typed were an apostrophe and an s.
    private static func endsWithApostropheS(_ s: String) -> Bool {
        let u = s.utf8
        guard u.last == UInt8(ascii: "s") || u.last == UInt8(ascii: "S") else { return false }
        let beforeS = u.index(before: u.endIndex)
        guard beforeS > u.startIndex else { return false }
        let previous = u[u.index(before: beforeS)]
        if previous == UInt8(ascii: "'") { return true }
        // U+2019 is E2 80 99 in UTF-8.
        return previous == 0x99 && u.distance(from: u.startIndex, to: beforeS) >= 3
            && u[u.index(beforeS, offsetBy: -3)] == 0xE2
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }

    private func isKnown(_ word: String) -> Bool { Lexicon.tags[word] != nil }

    /// "hiii" → hi, "sooo" → so, "todayyy" → today: runs of three or more letters, shortened
    /// to two and then to one, as long as that gives a known word.
    private func collapseRepeats(_ word: String) -> String? {
        let b = Array(word.utf8)
        var hasRun = false
        for k in 2..<max(b.count, 2) where b[k] == b[k - 1] && b[k] == b[k - 2] { hasRun = true }
        guard hasRun else { return nil }
        for keep in [2, 1] {
            var out: [UInt8] = []
            var run = 0
            for (k, c) in b.enumerated() {
                run = k > 0 && b[k - 1] == c ? run + 1 : 1
                if run <= keep || (run > 2 && keep == 2 && false) { out.append(c) }
            }
            let candidate = String(decoding: out, as: UTF8.self)
            if isKnown(candidate) { return candidate }
        }
        // Doubled letters the word also has ("thaaanks" → thanks, "pleeease" → please).
        var out: [UInt8] = []
        var k = 0
        while k < b.count {
            var j = k
            while j + 1 < b.count, b[j + 1] == b[k] { j += 1 }
            out.append(b[k])
            if j - k == 1 { out.append(b[k]) }  // a plain double stays double
            k = j + 1
        }
        let candidate = String(decoding: out, as: UTF8.self)
        return isKnown(candidate) ? candidate : nil
    }

    /// Where a spelling correction is safe: not a place (or its first word), not a capitalised
    /// name in a sentence, not in the slot after "at"/"from"/"near" where merchants and places go.
    private func mayCorrect(_ t: Token, at i: Int, in src: [Token], shouting: Bool, previous: Token?) -> Bool {
        if gazetteer.startsName(t.text) || RegionFilter.named(t.text) != nil { return false }
        if !shouting, i > 0, let first = t.original.unicodeScalars.first, first.properties.isUppercase { return false }
        // The slot after "at", "from", "near": look back past fillers and articles ("at um the costco").
        var k = i - 1
        while k >= 0, src[k].kind == .word, ["um", "uh", "the", "a", "el", "la", "los", "las", "like", "my", "our", "mi"].contains(src[k].text) {
            k -= 1
        }
        if k >= 0, src[k].kind == .word || src[k].isSymbol("@"),
            ["at", "from", "near", "via", "en", "desde", "cerca", "called", "named", "@"].contains(src[k].text)
        {
            return false
        }
        _ = previous
        return true
    }

    // MARK: Phrases

    /// The words of `tokens` from `i` match `phrase`.
    private func matches(_ tokens: [Token], _ i: Int, _ phrase: [String]) -> Bool {
        guard i + phrase.count <= tokens.count else { return false }
        for (k, w) in phrase.enumerated() where w != "*" {
            guard tokens[i + k].kind != .number, tokens[i + k].text == w else { return false }
        }
        return true
    }

    private func phrasePass(_ tokens: [Token], rewrites: inout RewriteLog) -> [Token] {
        var out: [Token] = []
        out.reserveCapacity(tokens.count)
        var dropped: [String] = []
        func flushDropped() {
            if !dropped.isEmpty {
                rewrites.add(.filler, from: dropped.joined(separator: " "), to: "")
                dropped.removeAll()
            }
        }
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            if t.kind == .number {
                flushDropped()
                out.append(numberWithMultiplier(tokens, &i, rewrites: &rewrites))
                continue
            }
            guard t.kind == .word else {
                flushDropped()
                out.append(t)
                i += 1
                continue
            }
            // Idioms, in the router's own words.
            if t.tags.contains(.phraseStart), let candidates = NormalizerVocabulary.idioms[t.text],
                let (phrase, replacement) = candidates.first(where: { matches(tokens, i, $0.0) })
            {
                flushDropped()
                let from = tokens[i..<(i + phrase.count)].map(\.original).joined(separator: " ")
                rewrites.add(.idiom, from: from, to: replacement.joined(separator: " "))
                for (k, w) in replacement.enumerated() {
                    var e = word(w, like: t, original: k == 0 ? from : "")
                    if let n = Double(w) {
                        e.kind = .number
                        e.number = n
                    }
                    if k > 0 { e.attached = false }
                    out.append(e)
                }
                i += phrase.count
                continue
            }
            // Fillers and politeness.
            if t.tags.contains(.phraseStart), let phrases = NormalizerVocabulary.fillerPhrases[t.text] {
                var matched = 0
                for phrase in phrases where matches(tokens, i, phrase) {
                    if phrase.last == "*" {
                        // ("could you please check": the verb after please and kindly.)
                        var verb = i + phrase.count - 1
                        while verb < tokens.count, ["please", "pls", "plz", "kindly", "just", "quickly"].containsWord(tokens[verb].text) { verb += 1 }
                        guard verb < tokens.count, tokens[verb].kind == .word,
                            NormalizerVocabulary.requestVerbs.contains(tokens[verb].text)
                        else { continue }
                        matched = phrase.count - 1
                    } else {
                        matched = phrase.count
                    }
                    break
                }
                let opening = out.isEmpty || out.last?.kind == .symbol && [",", ".", "!", "?", ";", ":"].contains(out.last?.text ?? "")
                if matched == 1, NormalizerVocabulary.openingFillers.contains(t.text), !opening { matched = 0 }
                // "tell me about…" is an open request, not politeness.
                if matched > 0, tokens[i + matched - 1].text == "me", i + matched < tokens.count,
                    NormalizerVocabulary.openRequests.contains(tokens[i + matched].text)
                {
                    matched = 0
                }
                // "Miami, OK", "Kent, OH": a state code after a comma.
                if matched == 1, i > 0, tokens[i - 1].isSymbol(","), RegionFilter.named(t.text) != nil { matched = 0 }
                if matched > 0, !keepsMeaning(tokens, i, matched) {
                    if rewrites.recording { for k in i..<(i + matched) { dropped.append(tokens[k].original) } }
                    i += matched
                    continue
                }
            }
            // Numbers in words.
            if t.tags.contains(.numberWord) || t.text == "a" || t.text == "an" {
                if let n = spokenNumber(tokens, &i, rewrites: &rewrites) {
                    flushDropped()
                    out.append(n)
                    continue
                }
            }
            flushDropped()
            // "minus 10", "negative 5": a sign in words.
            if t.text == "minus" || t.text == "negative" || t.text == "menos", i + 1 < tokens.count, out.last?.kind != .number {
                var j = i + 1
                var n: Token? = nil
                if tokens[j].kind == .number {
                    n = tokens[j]
                    j += 1
                } else if tokens[j].kind == .word, NumberWords.table[tokens[j].text] != nil {
                    var scratch = RewriteLog(recording: false)
                    n = spokenNumber(tokens, &j, rewrites: &scratch)
                }
                if var n {
                    n.number = -n.number
                    n.text = Self.format(n.number)
                    n.original = tokens[i..<j].map(\.original).joined(separator: " ")
                    rewrites.add(.number, from: n.original, to: n.text)
                    out.append(n)
                    i = j
                    continue
                }
            }
            out.append(t)
            i += 1
        }
        flushDropped()
        return dollarsAndCents(out, rewrites: &rewrites)
    }

    /// "3 dollars and 79 cents", "4 dólares con 10 centavos": one amount, "$3.79".
    private func dollarsAndCents(_ tokens: [Token], rewrites: inout RewriteLog) -> [Token] {
        let dollars = ["dollars", "dollar", "bucks", "dolares", "dolar"]
        let cents = ["cents", "cent", "centavos", "centavo"]
        guard tokens.contains(where: { $0.kind == .word && (cents.contains($0.text) || dollars.contains($0.text)) }) else { return tokens }
        var out: [Token] = []
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            if t.kind == .number, i + 1 < tokens.count, tokens[i + 1].kind == .word, dollars.contains(tokens[i + 1].text) {
                var j = i + 2
                if j < tokens.count, tokens[j].kind == .word, ["and", "y", "con"].contains(tokens[j].text) { j += 1 }
                // "3 dollars and 79 cents", or "3 dollars 89" with the cents unsaid (two digits, nothing after
                // them that makes them something else: a unit, a span).
                let centsSaid = j + 1 < tokens.count && tokens[j + 1].kind == .word && cents.contains(tokens[j + 1].text)
                let centsUnsaid = j < tokens.count && j == i + 2 && tokens[j].kind == .number && tokens[j].text.utf8.count == 2
                    && (j + 1 == tokens.count || !tokens[j + 1].tags.contains(.unit) && !tokens[j + 1].tags.contains(.span))
                if j < tokens.count, tokens[j].kind == .number, tokens[j].number < 100, centsSaid || centsUnsaid {
                    let end = centsSaid ? j + 2 : j + 1
                    var sign = Token(kind: .symbol, text: "$", original: "$")
                    sign.attached = t.attached
                    var n = t
                    n.number = t.number + tokens[j].number / 100
                    n.text = Self.format(n.number)
                    n.attached = true
                    let from = tokens[i..<end].map(\.original).joined(separator: " ")
                    n.original = n.text
                    rewrites.add(.number, from: from, to: "$" + n.text)
                    out.append(sign)
                    out.append(n)
                    i = end
                    continue
                }
            }
            out.append(t)
            i += 1
        }
        return out
    }

    /// Fillers that are words of the question after all: "like" in "what is it like", "so" in
    /// "so far", "just" before a number ("just 20 bucks" is not a filter), "well" in "as well".
    private func keepsMeaning(_ tokens: [Token], _ i: Int, _ length: Int) -> Bool {
        guard length == 1 else { return false }
        let w = tokens[i].text
        let next = i + 1 < tokens.count && tokens[i + 1].kind == .word ? tokens[i + 1].text : nil
        let previous = i > 0 && tokens[i - 1].kind == .word ? tokens[i - 1].text : nil
        switch w {
        case "so": return next == "far" || next == "much" && previous == "spent"
        case "like": return next == nil && i > 0 || previous == "looks" || previous == "look" || previous == "feel"
        case "well": return previous == "as"
        case "yes", "nah", "k": return tokens.count == 1
        case "hey", "oye": return i == 0 && tokens.count == 1
        default: return false
        }
    }

    /// A number spoken in words at `i` (English or Spanish), as a number token.
    private func spokenNumber(_ tokens: [Token], _ i: inout Int, rewrites: inout RewriteLog) -> Token? {
        let words: (Int) -> String? = { k in k < tokens.count && tokens[k].kind == .word ? tokens[k].text : nil }
        let hyphen: (Int) -> Bool = { k in k < tokens.count && tokens[k].isSymbol("-") }
        guard var (value, length) = NumberWords.read(words, isHyphen: hyphen, from: i) else { return nil }
        // "twenty twenty five", "twenty nineteen": a year.
        if value == 20, length == 1, let (rest, restLength) = NumberWords.read(words, isHyphen: hyphen, from: i + 1),
            rest >= 10, rest < 100
        {
            value = 2000 + rest
            length += restLength
        }
        // "mil gracias", "a thousand thanks": thanks, not a number.
        if let after = words(i + length), Lexicon.tags(after).contains(.thanks) { return nil }
        // "one", "un", "una" on their own are words ("which one", "una semana"), except before a unit
        // or in "one and a half".
        if length == 1, value == 1 {
            guard let next = words(i + 1), Lexicon.unitWords.contains(next) || next == "hour" || next == "hora"
                || next == "and" && words(i + 2) == "a" && words(i + 3) == "half"
            else { return nil }
        }
        // "two point five": decimals said digit by digit.
        if words(i + length) == "point" || words(i + length) == "punto" {
            var scale = 0.1
            var k = i + length + 1
            while let w = words(k), let (digit, role) = NumberWords.table[w], role == .unit, digit < 10 {
                value += digit * scale
                scale /= 10
                k += 1
            }
            if k > i + length + 1 { length = k - i }
        }
        // "two and a half", "dos y media".
        if words(i + length) == "and", words(i + length + 1) == "a", words(i + length + 2) == "half" {
            value += 0.5
            length += 3
        } else if words(i + length) == "y", words(i + length + 1) == "media" || words(i + length + 1) == "medio" {
            value += 0.5
            length += 2
        }
        let from = tokens[i..<(i + length)].map(\.original).joined(separator: " ")
        var n = Token(kind: .number, text: Self.format(value), original: from)
        n.number = value
        n.attached = tokens[i].attached
        rewrites.add(.number, from: from, to: n.text)
        i += length
        return n
    }

    /// "2 hundred", "1.5 thousand", "2 mil", "a couple hundred": digits with a multiplier word.
    private func numberWithMultiplier(_ tokens: [Token], _ i: inout Int, rewrites: inout RewriteLog) -> Token {
        var n = tokens[i]
        i += 1
        guard i < tokens.count, tokens[i].kind == .word, let m = NumberWords.multiplier(tokens[i].text) else { return n }
        n.number *= m
        n.original += " " + tokens[i].original
        i += 1
        // "2 hundred fifty", "2 hundred and 80": the rest in words or digits.
        let words: (Int) -> String? = { k in k < tokens.count && tokens[k].kind == .word ? tokens[k].text : nil }
        let and = words(i) == "and" || words(i) == "y" ? 1 : 0
        if m == 100 || m == 1000, let (rest, length) = NumberWords.read(words, isHyphen: { _ in false }, from: i + and), rest < m {
            n.number += rest
            n.original += " " + tokens[i..<(i + and + length)].map(\.original).joined(separator: " ")
            i += and + length
        } else if m == 100 || m == 1000, i + and < tokens.count, tokens[i + and].kind == .number, tokens[i + and].number < m,
            tokens[i + and].number == tokens[i + and].number.rounded()
        {
            n.number += tokens[i + and].number
            n.original += " " + tokens[i..<(i + and + 1)].map(\.original).joined(separator: " ")
            i += and + 1
        }
        n.text = Self.format(n.number)
        rewrites.add(.number, from: n.original, to: n.text)
        return n
    }
}
