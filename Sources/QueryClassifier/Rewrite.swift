/// One change normalisation made to a question before it was classified; `/v1/classify` lists
/// them so that a misroute can be understood at a glance.
public struct Rewrite: Sendable, Equatable, Encodable {
    public enum Kind: String, Sendable, Encodable, CaseIterable {
        /// Fillers and politeness dropped: "um", "you know", "can you tell me", "please".
        case filler
        /// A number written in words, now in digits: "three hundred fifty" → 350.
        case number
        /// Phone and widget shorthand expanded: "w/" → with, "30d" → 30 days, "u" → you, "1.2k" → 1200.
        case shorthand
        /// Emoji and symbols set aside, or read where they mean a word: "⛽" → fuel, "→" → to.
        case symbol
        /// A typo in a known word corrected by edit distance: "spnd" → spend.
        case spelling
        /// Letters repeated for emphasis: "hiii" → hi.
        case repeatedLetters = "repeated_letters"
        /// A household's "we", "us", "our" read as the user's "I", "me", "my".
        case firstPerson = "first_person"
        /// An idiom in the router's own words: "shell out" → spent, "in the red" → over.
        case idiom
        /// A message typed in capitals read in lower case (no state codes guessed from it).
        case capitals
    }

    public let kind: Kind
    /// The text as typed ("" when something was added).
    public let from: String
    /// What the classifier read instead ("" when it was dropped).
    public let to: String

    public init(_ kind: Kind, from: String, to: String) {
        self.kind = kind
        self.from = from
        self.to = to
    }
}
