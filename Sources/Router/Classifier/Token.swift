/// One lexical unit of a query.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        /// Letters (and digits inside a word), folded to lowercase ASCII.
        case word
        /// A number, with its value in `number`.
        case number
        /// One punctuation or symbol character: $ % / , . ? ! ; : ° - ^ & +
        case symbol
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

    func isSymbol(_ c: Character) -> Bool { kind == .symbol && text.first == c }
    func isWord(_ w: String) -> Bool { kind == .word && text == w }
}
