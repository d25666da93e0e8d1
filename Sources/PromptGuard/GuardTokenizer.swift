/// Turns the folded bytes into words, undoing what obfuscation does inside and between words:
///
/// - leetspeak: digits and symbols inside a word that has letters ("1gn0r3", "pr3v10us",
///   "$y$tem") are read as letters, and the reading is kept only if it is a known word, so
///   "30d", "u002" and "4x4" stay what they are;
/// - letters spelled one by one ("i g n o r e", "i.g.n.o.r.e", "a-c-t a-s D-A-N"): runs of
///   single letters are gathered, split where the writer left a wider gap, and otherwise cut
///   into known words ("ignoreall" → "ignore all");
/// - words broken by a joiner or a space ("ign-ore", "sys\u{200B}tem", "instruc tions"): pieces
///   are glued back when together they spell a known word;
/// - identifiers ("summary_spend", "user_id"): kept whole, because tool syntax is itself a signal;
/// - words run together ("ignoreallpreviousinstructions"): a long unknown word is cut into
///   known words when it can be entirely.
///
/// Repeated letters are undone by the lexicon lookup itself (`GuardLexicon.lookup`).
struct GuardTokenizer: Sendable {
    let lexicon: GuardLexicon

    func tokens(_ folded: [UInt8]) -> [GuardToken] {
        let pieces = Self.pieces(folded)
        guard !pieces.isEmpty else { return [] }
        let forms = pieces.map { resolve(folded, $0) }
        var out: [GuardToken] = []
        out.reserveCapacity(pieces.count)
        var sentence = 0
        var i = 0
        while i < pieces.count {
            if pieces[i].gapBefore.endsSentence { sentence += 1 }
            let consumed =
                singleLetterRun(folded, pieces, from: i, sentence: sentence, into: &out)
                ?? identifier(folded, pieces, forms, from: i, sentence: sentence, into: &out)
                ?? join(pieces, forms, from: i, sentence: sentence, into: &out)
                ?? word(folded, pieces, forms, at: i, sentence: sentence, into: &out)
            // A group may span several pieces; a full stop inside it still counts.
            for k in (i + 1)..<(i + consumed) where pieces[k].gapBefore.endsSentence { sentence += 1 }
            i += consumed
        }
        applyPhrases(&out)
        return out
    }

    // MARK: Pieces and gaps

    /// What lies between two pieces of letters and digits (eight bytes: pieces are copied often).
    struct Gap {
        var spaces: UInt16 = 0
        var joiners: UInt16 = 0
        var underscores: UInt16 = 0
        private var bits: UInt8 = 0

        private static let sentenceBit: UInt8 = 1, clauseBit: UInt8 = 2, dotBit: UInt8 = 4, equalsBit: UInt8 = 8
        private static let colonBit: UInt8 = 16, parenBit: UInt8 = 32

        private func bit(_ b: UInt8) -> Bool { bits & b != 0 }
        private mutating func set(_ b: UInt8, _ on: Bool) { bits = on ? bits | b : bits & ~b }

        var sentence: Bool { get { bit(Self.sentenceBit) } set { set(Self.sentenceBit, newValue) } }
        var clause: Bool { get { bit(Self.clauseBit) } set { set(Self.clauseBit, newValue) } }
        var dot: Bool { get { bit(Self.dotBit) } set { set(Self.dotBit, newValue) } }
        var equals: Bool { get { bit(Self.equalsBit) } set { set(Self.equalsBit, newValue) } }
        var colon: Bool { get { bit(Self.colonBit) } set { set(Self.colonBit, newValue) } }
        var paren: Bool { get { bit(Self.parenBit) } set { set(Self.parenBit, newValue) } }

        /// A full stop, a question or exclamation mark, a semicolon, a line break.
        var endsSentence: Bool { sentence || dot && spaces > 0 }
        /// Pieces may be glued across it: only spaces and joiners between them.
        var joins: Bool { !endsSentence && !clause }
        /// Joiners and no space: "ign-ore", "i.g.n", "ig\u{200B}nore".
        var tight: Bool { spaces == 0 && joins }
        var underscoreOnly: Bool { underscores > 0 && joiners == underscores && tight }
    }

    /// A maximal run of letters, digits and in-word leet symbols (apostrophes between letters
    /// are skipped: "you're" is "youre").
    struct Piece {
        var start: Int
        var end: Int
        var gapBefore: Gap
        var gapAfter = Gap()
        var letters: UInt16 = 0
        var digits: UInt16 = 0
        var symbols: UInt16 = 0
        var length: UInt16 = 0

        var hasLeet: Bool { digits + symbols > 0 && letters > 0 }
    }

    /// A piece read as a word: its known spelling, or its raw spelling when unknown.
    struct Form {
        var key: WordKey?
        var classes: WordClass
        var known: Bool
        /// How it takes part in a join: de-leeted even when unknown on its own ("1nstruc" +
        /// "t10ns"), while `key` keeps "30d" and "4x4" as typed.
        var joinKey: WordKey?
    }

    static func isLetter(_ c: UInt8) -> Bool { c >= 0x61 && c <= 0x7A }
    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    static func isAlnum(_ c: UInt8) -> Bool { isLetter(c) || isDigit(c) }
    static func isLeetSymbol(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "@") || c == UInt8(ascii: "$") || c == UInt8(ascii: "!") || c == UInt8(ascii: "|") || c == UInt8(ascii: "+")
    }

    /// The letter a digit or symbol stands for; `alternate` reads "1" and "|" as "l", not "i".
    static func leetLetter(_ c: UInt8, alternate: Bool = false) -> UInt8? {
        switch c {
        case UInt8(ascii: "0"): return UInt8(ascii: "o")
        case UInt8(ascii: "1"), UInt8(ascii: "|"): return alternate ? UInt8(ascii: "l") : UInt8(ascii: "i")
        case UInt8(ascii: "3"): return UInt8(ascii: "e")
        case UInt8(ascii: "4"), UInt8(ascii: "@"): return UInt8(ascii: "a")
        case UInt8(ascii: "5"), UInt8(ascii: "$"): return UInt8(ascii: "s")
        case UInt8(ascii: "7"), UInt8(ascii: "+"): return UInt8(ascii: "t")
        case UInt8(ascii: "8"): return UInt8(ascii: "b")
        case UInt8(ascii: "9"): return UInt8(ascii: "g")
        case UInt8(ascii: "!"): return UInt8(ascii: "i")
        default: return nil
        }
    }

    static func pieces(_ b: [UInt8]) -> [Piece] {
        var out: [Piece] = []
        var gap = Gap()
        let n = b.count
        var i = 0
        func inWordSymbol(_ j: Int) -> Bool { isLeetSymbol(b[j]) && j + 1 < n && isAlnum(b[j + 1]) }
        while i < n {
            let c = b[i]
            if isAlnum(c) || inWordSymbol(i) {
                var p = Piece(start: i, end: i, gapBefore: gap)
                var j = i
                while j < n {
                    let d = b[j]
                    if isLetter(d) {
                        p.letters += 1
                    } else if isDigit(d) {
                        p.digits += 1
                    } else if inWordSymbol(j) {
                        p.symbols += 1
                    } else if d == UInt8(ascii: "'"), j > i, j + 1 < n, isAlnum(b[j + 1]) {
                        j += 1
                        continue
                    } else {
                        break
                    }
                    p.length += 1
                    j += 1
                }
                p.end = j
                if !out.isEmpty { out[out.count - 1].gapAfter = gap }
                out.append(p)
                gap = Gap()
                i = j
                continue
            }
            switch c {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                gap.spaces += 1
            case 0x0A:
                gap.spaces += 1
                gap.sentence = true
            case UInt8(ascii: "?"), UInt8(ascii: "!"), UInt8(ascii: ";"):
                gap.sentence = true
            case UInt8(ascii: "."):
                gap.dot = true
                gap.joiners += 1
            case UInt8(ascii: "-"), UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "`"), UInt8(ascii: "~"), GlyphFolding.invisible,
                GlyphFolding.foreign:
                gap.joiners += 1
            case UInt8(ascii: "_"):
                gap.joiners += 1
                gap.underscores += 1
            case UInt8(ascii: "="):
                gap.clause = true
                gap.equals = true
            case UInt8(ascii: ":"):
                gap.clause = true
                gap.colon = true
            case UInt8(ascii: "("):
                gap.clause = true
                gap.paren = true
            default:
                gap.clause = true
            }
            i += 1
        }
        if !out.isEmpty { out[out.count - 1].gapAfter = gap }
        return out
    }

    // MARK: Reading one piece

    /// The piece's letters, apostrophes skipped; nil when longer than a key holds.
    private func rawKey(_ b: [UInt8], _ p: Piece) -> WordKey? {
        guard p.length <= UInt16(WordKey.capacity) else { return nil }
        var key = WordKey()
        for j in p.start..<p.end where b[j] != UInt8(ascii: "'") { key.append(b[j]) }
        return key
    }

    private func deleet(_ raw: WordKey, alternate: Bool) -> WordKey {
        var key = WordKey()
        for k in 0..<raw.count { key.append(Self.leetLetter(raw[k], alternate: alternate) ?? raw[k]) }
        return key
    }

    /// "u002", "U017's": the shape of a user id.
    private func isUserID(_ raw: WordKey) -> Bool {
        guard raw.count >= 3, raw[0] == UInt8(ascii: "u") else { return false }
        var end = raw.count
        if raw[end - 1] == UInt8(ascii: "s") { end -= 1 }
        guard end - 1 >= 2, end - 1 <= 6 else { return false }
        for k in 1..<end where !Self.isDigit(raw[k]) { return false }
        return true
    }

    func resolve(_ b: [UInt8], _ p: Piece) -> Form {
        guard let raw = rawKey(b, p) else { return Form(key: nil, classes: WordClass(), known: false, joinKey: nil) }
        if p.letters == 0 { return Form(key: raw, classes: p.digits > 0 ? .number : WordClass(), known: false, joinKey: raw) }
        if let hit = lexicon.lookup(raw) { return Form(key: hit.key, classes: hit.classes, known: true, joinKey: hit.key) }
        if isUserID(raw) { return Form(key: raw, classes: .userID, known: false, joinKey: raw) }
        if p.hasLeet {
            let primary = deleet(raw, alternate: false)
            if let hit = lexicon.lookup(primary) { return Form(key: hit.key, classes: hit.classes, known: true, joinKey: hit.key) }
            let alternate = deleet(raw, alternate: true)
            if alternate != primary, let hit = lexicon.lookup(alternate) {
                return Form(key: hit.key, classes: hit.classes, known: true, joinKey: hit.key)
            }
            return Form(key: raw, classes: WordClass(), known: false, joinKey: primary)
        }
        return Form(key: raw, classes: WordClass(), known: false, joinKey: raw)
    }

    // MARK: Groups of pieces

    private func append(
        _ key: WordKey, _ classes: WordClass, span: Range<Int>, after gap: Gap, sentence: Int, into out: inout [GuardToken]
    ) {
        var t = GuardToken(key: key, span: span, classes: classes, sentence: sentence)
        if gap.equals || gap.colon { t.flags.insert(.assigned) }
        if gap.equals { t.flags.insert(.equals) }
        if gap.paren { t.flags.insert(.called) }
        out.append(t)
    }

    private func isSingle(_ b: [UInt8], _ p: Piece) -> Bool {
        p.length == 1 && (p.letters == 1 || Self.leetLetter(b[p.start]) != nil)
    }

    /// Letters spelled one at a time. Returns how many pieces it took, or nil when there is no
    /// such run here (fewer than three single letters, or fewer than two real letters: "a 4 x").
    private func singleLetterRun(
        _ b: [UInt8], _ pieces: [Piece], from i: Int, sentence: Int, into out: inout [GuardToken]
    ) -> Int? {
        guard isSingle(b, pieces[i]) else { return nil }
        var j = i + 1
        var letters = Int(pieces[i].letters)
        while j < pieces.count, pieces[j - 1].gapAfter.joins, isSingle(b, pieces[j]) {
            letters += Int(pieces[j].letters)
            j += 1
        }
        guard j - i >= 3, letters >= 2 else { return nil }
        // Where the words of the run end: at spaces when joiners hold the letters together
        // ("i.g.n.o.r.e a.l.l"), else at the widest spaces ("i g n o r e   a l l").
        var tight = false
        var spaced = false
        var narrowest = UInt16.max
        var widest: UInt16 = 0
        for k in i..<(j - 1) {
            let gap = pieces[k].gapAfter
            if gap.spaces == 0 {
                tight = true
            } else {
                spaced = true
                narrowest = min(narrowest, gap.spaces)
                widest = max(widest, gap.spaces)
            }
        }
        func endsWord(_ gap: Gap) -> Bool {
            if tight && spaced { return gap.spaces > 0 }
            return spaced && widest > narrowest && gap.spaces > narrowest
        }
        var chunkStart = i
        for k in i..<j where k == j - 1 || endsWord(pieces[k].gapAfter) {
            chunk(b, pieces, chunkStart..<(k + 1), sentence: sentence, into: &out)
            chunkStart = k + 1
        }
        return j - i
    }

    /// One word of a single-letter run: known as it is, or cut into known words, or unknown.
    private func chunk(_ b: [UInt8], _ pieces: [Piece], _ range: Range<Int>, sentence: Int, into out: inout [GuardToken]) {
        let span = pieces[range.lowerBound].start..<pieces[range.upperBound - 1].end
        let after = pieces[range.upperBound - 1].gapAfter
        for alternate in [false, true] {
            var letters: [UInt8] = []
            letters.reserveCapacity(range.count)
            for k in range {
                let c = b[pieces[k].start]
                letters.append(Self.isLetter(c) ? c : Self.leetLetter(c, alternate: alternate) ?? c)
            }
            if let key = WordKey(letters), let hit = lexicon.lookup(key) {
                append(hit.key, hit.classes, span: span, after: after, sentence: sentence, into: &out)
                return
            }
            if let words = segment(letters) {
                for (n, word) in words.enumerated() {
                    append(word.key, word.classes, span: span, after: n == words.count - 1 ? after : Gap(), sentence: sentence, into: &out)
                }
                return
            }
            // Only "1" and "|" read two ways; without them the second reading is the first.
            let ambiguous = range.contains { b[pieces[$0].start] == UInt8(ascii: "1") || b[pieces[$0].start] == UInt8(ascii: "|") }
            if !ambiguous { break }
        }
        // Spells nothing: the letters stay as typed ("a 4 x 4").
        for k in range {
            var key = WordKey()
            key.append(b[pieces[k].start])
            let classes = Self.isDigit(b[pieces[k].start]) ? .number : lexicon.classes(of: key) ?? WordClass()
            append(key, classes, span: pieces[k].start..<pieces[k].end, after: pieces[k].gapAfter, sentence: sentence, into: &out)
        }
    }

    /// "summary_spend", "us3r_1d": pieces held together by underscores only.
    private func identifier(
        _ b: [UInt8], _ pieces: [Piece], _ forms: [Form], from i: Int, sentence: Int, into out: inout [GuardToken]
    ) -> Int? {
        guard pieces[i].gapAfter.underscoreOnly, i + 1 < pieces.count, pieces[i + 1].letters > 0 else { return nil }
        var j = i + 1
        while j + 1 < pieces.count, pieces[j].gapAfter.underscoreOnly, pieces[j + 1].letters > 0 { j += 1 }
        var joined: WordKey? = forms[i].joinKey
        for k in (i + 1)...j { joined = joined.flatMap { a in forms[k].joinKey.flatMap { a.appending($0) } } }
        let span = pieces[i].start..<pieces[j].end
        if let joined, let hit = lexicon.lookup(joined) {
            // "user_id" is a tool parameter; "ign_ore" is just a word broken by underscores.
            let classes = hit.classes.contains(.toolParam) ? hit.classes.union(.identifier) : hit.classes
            append(hit.key, classes, span: span, after: pieces[j].gapAfter, sentence: sentence, into: &out)
        } else if (i...j).allSatisfy({ forms[$0].known }) {
            // "ignore_previous_instructions": words written as an identifier are still words.
            for k in i...j {
                append(forms[k].key ?? WordKey(), forms[k].classes, span: pieces[k].start..<pieces[k].end, after: pieces[k].gapAfter, sentence: sentence, into: &out)
            }
        } else {
            append(WordKey(), .identifier, span: span, after: pieces[j].gapAfter, sentence: sentence, into: &out)
        }
        return j - i + 1
    }

    /// Pieces that spell a known word together: across joiners always ("ign-ore", "sys\u{200B}tem"),
    /// across a space only when none of them is a word on its own ("instruc tions", "dis regard";
    /// never "to do" → "todo" or "for get" → "forget").
    private func join(_ pieces: [Piece], _ forms: [Form], from i: Int, sentence: Int, into out: inout [GuardToken]) -> Int? {
        // How many pieces may take part at all: up to four, while the gaps join, and across a
        // space only while every piece so far is unknown on its own.
        var most = 1
        var spaced = false
        var allUnknown = !forms[i].known
        while most < 4, i + most < pieces.count {
            let gap = pieces[i + most - 1].gapAfter
            guard gap.joins, forms[i + most].joinKey != nil else { break }
            spaced = spaced || gap.spaces > 0
            allUnknown = allUnknown && !forms[i + most].known
            if spaced && !allUnknown { break }
            most += 1
        }
        guard most >= 2, let first = forms[i].joinKey, lexicon.isPrefix(first) else { return nil }
        // The joined spellings of the first two, three and four pieces (no array: this runs for
        // most words of most questions).
        func joined(_ k: Int) -> WordKey? {
            var key: WordKey? = first
            for m in 1..<k { key = key.flatMap { a in forms[i + m].joinKey.flatMap { a.appending($0) } } }
            return key
        }
        for k in stride(from: most, through: 2, by: -1) {
            guard let key = joined(k), let hit = lexicon.lookup(key) else { continue }
            let span = pieces[i].start..<pieces[i + k - 1].end
            append(hit.key, hit.classes, span: span, after: pieces[i + k - 1].gapAfter, sentence: sentence, into: &out)
            return k
        }
        return nil
    }

    /// A piece on its own: its reading, or, for a long unknown run of letters, the known words
    /// it is made of ("ignoreallpreviousinstructions").
    private func word(_ b: [UInt8], _ pieces: [Piece], _ forms: [Form], at i: Int, sentence: Int, into out: inout [GuardToken]) -> Int {
        let p = pieces[i]
        let form = forms[i]
        if !form.known, p.length >= 12, p.digits + p.symbols == 0, let words = segment(Array(b[p.start..<p.end])) {
            for (n, w) in words.enumerated() {
                append(w.key, w.classes, span: p.start..<p.end, after: n == words.count - 1 ? p.gapAfter : Gap(), sentence: sentence, into: &out)
            }
            return 1
        }
        append(form.key ?? WordKey(), form.classes, span: p.start..<p.end, after: p.gapAfter, sentence: sentence, into: &out)
        return 1
    }

    /// Cuts letters into the fewest known words of two letters or more, or nil when they cannot
    /// all be covered. Prefix pruning keeps it to a few probes per letter.
    func segment(_ letters: [UInt8]) -> [(key: WordKey, classes: WordClass)]? {
        let n = letters.count
        guard n >= 4, n <= 96 else { return nil }
        var best = [Int](repeating: .max, count: n + 1)
        var back = [Int](repeating: -1, count: n + 1)
        best[0] = 0
        for i in 0..<n where best[i] != .max {
            var key = WordKey()
            for j in i..<min(n, i + WordKey.capacity) {
                key.append(letters[j])
                guard lexicon.isPrefix(key) else { break }
                if j > i, lexicon.classes(of: key) != nil, best[i] + 1 < best[j + 1] {
                    best[j + 1] = best[i] + 1
                    back[j + 1] = i
                }
            }
        }
        guard best[n] != .max, best[n] >= 2 else { return nil }
        var cuts: [Int] = []
        var at = n
        while at > 0 {
            cuts.append(at)
            at = back[at]
        }
        var out: [(key: WordKey, classes: WordClass)] = []
        var start = 0
        for end in cuts.reversed() {
            guard let key = WordKey(letters[start..<end]), let classes = lexicon.classes(of: key) else { return nil }
            out.append((key, classes))
            start = end
        }
        return out
    }

    // MARK: Phrases

    /// "haz de cuenta" → one pretend verb; "no longer" → one cancel word. The phrase's roles
    /// replace its first word's; its other words are dropped.
    private func applyPhrases(_ tokens: inout [GuardToken]) {
        var i = 0
        while i < tokens.count {
            if let candidates = lexicon.phrases(startingWith: tokens[i].key) {
                for phrase in candidates {
                    let end = i + phrase.rest.count
                    guard end < tokens.count else { continue }
                    var match = true
                    for (k, word) in phrase.rest.enumerated() where tokens[i + 1 + k].key != word || tokens[i + 1 + k].sentence != tokens[i].sentence {
                        match = false
                        break
                    }
                    guard match else { continue }
                    tokens[i].classes = phrase.classes
                    tokens[i].key = WordKey()
                    tokens[i].span = tokens[i].span.lowerBound..<tokens[end].span.upperBound
                    tokens[i].flags = tokens[end].flags
                    tokens.removeSubrange((i + 1)...end)
                    break
                }
            }
            i += 1
        }
    }
}
