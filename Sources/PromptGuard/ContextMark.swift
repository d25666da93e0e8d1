/// What a word means given its neighbours, set once per question by `ContextMarks` so the
/// patterns stay short: "instructions" alone is a document ("the instructions for dumping
/// tanks"); "your instructions", "the previous instructions", "las instrucciones anteriores"
/// are the assistant's.
struct ContextMark: OptionSet, Sendable, Hashable {
    let rawValue: UInt16

    /// An instruction noun owned by the assistant or by the conversation so far: your, its,
    /// hidden, system, previous, above, "you were given" (either side, for Spanish word order).
    static let ownedNoun = ContextMark(rawValue: 1 << 0)
    /// What an override verb may aim at: an owned noun, a strict instruction noun that is not a
    /// document ("instructions for …"), "all rules", "your filters".
    static let overrideTarget = ContextMark(rawValue: 1 << 1)
    /// "system prompt", "system message", "system instructions", "prompt del sistema".
    static let systemPrompt = ContextMark(rawValue: 1 << 2)
    /// A rule or limit said to be absent: "no rules", "without any restrictions", "sin filtros".
    static let removedLimit = ContextMark(rawValue: 1 << 3)
    /// Users or accounts other than the asker: "all users", "every other user", "otro usuario".
    static let foreignUsers = ContextMark(rawValue: 1 << 4)
    /// Told to the assistant: "you were told", "were you given", "te dijeron".
    static let toldYou = ContextMark(rawValue: 1 << 5)
    /// The assistant's tools: "your tools", "the tools you have".
    static let ownedTools = ContextMark(rawValue: 1 << 6)
    /// "you are", "you're", "eres": the assistant's identity being stated.
    static let youAre = ContextMark(rawValue: 1 << 7)
}
