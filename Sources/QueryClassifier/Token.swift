/// One lexical unit of a query.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        /// Letters (and digits inside a word), folded to lowercase ASCII.
        case word
        /// A number, with its value in `number`.
        case number
        /// One punctuation or symbol character: $ % / , . ? ! ; : ° - ^ & + @ < >
        case symbol
        /// Emoji, arrows and other pictographs: normalisation reads a few ("→", "⛽") and sets the
        /// rest aside.
        case mark
    }

    var kind: Kind
    /// The folded text: "whats", "350", "$".
    var text: String
    var number: Double = 0
    /// The word as typed (case and accents kept), for place names in answers.
    var original: String
    /// Typed all in capitals ("OR", "ME"): a two-letter word like that may be a state code.
    var isUppercase: Bool = false
    /// Typed directly after the previous token, with no space ("350mi", "$3.50", "l/100km").
    var attached: Bool = false
    /// The lexicon's tags for a word, looked up once (by normalisation) and read by every stage after.
    var tags: WordTags = []

    func isSymbol(_ c: Character) -> Bool { kind == .symbol && text.first == c }
    func isWord(_ w: String) -> Bool { kind == .word && text.fastEquals(w) }
}

extension String {
    /// Equality that settles most mismatches on the length and the first byte, before the
    /// standard library's general comparison: the classifier compares words to literals
    /// thousands of times a second, and almost all of them differ.
    @inline(__always)
    func fastEquals(_ other: String) -> Bool {
        let a = utf8
        let b = other.utf8
        guard a.count == b.count, a.first == b.first else { return false }
        return self == other
    }
}

extension Array where Element == String {
    /// `contains` with `fastEquals`.
    @inline(__always)
    func containsWord(_ word: String) -> Bool {
        for w in self where w.fastEquals(word) { return true }
        return false
    }
}
