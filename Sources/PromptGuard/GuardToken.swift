/// One normalised word of a question, as the patterns see it.
struct GuardToken: Sendable {
    /// The word after folding, de-leeting and joining ("1gn0r3" → "ignore"); empty when longer
    /// than `WordKey.capacity` (such words are never trigger words).
    var key: WordKey
    /// Where the word came from in the folded text, for the verdict's evidence.
    var span: Range<Int>
    var classes: WordClass
    var marks = ContextMark()
    /// Sentences are counted so that no pattern joins words across a full stop, a question mark
    /// or a line break ("ignore the tolls. previous instructions from the dealer …" is two).
    var sentence: Int = 0
    var flags = Flags()

    /// What immediately follows the word: syntax that only code and tool calls use.
    struct Flags: OptionSet, Sendable, Hashable {
        let rawValue: UInt8
        /// "user_id=", "user_id:", `"user_id": `.
        static let assigned = Flags(rawValue: 1 << 0)
        /// "people=0": an equals sign, rare in a question unless it is arithmetic.
        static let equals = Flags(rawValue: 1 << 1)
        /// "summary_spend(": a call.
        static let called = Flags(rawValue: 1 << 2)
    }

    // Bit tests on the raw values: the generic `isDisjoint(with:)` is not specialised for these
    // types and dominated the profile.
    @inline(__always) func has(_ c: WordClass) -> Bool { classes.rawValue & c.rawValue != 0 }
    @inline(__always) func has(_ m: ContextMark) -> Bool { marks.rawValue & m.rawValue != 0 }
    @inline(__always) func hasAll(_ m: ContextMark) -> Bool { marks.rawValue & m.rawValue == m.rawValue }
    @inline(__always) func hasAll(_ f: Flags) -> Bool { flags.rawValue & f.rawValue == f.rawValue }
}
