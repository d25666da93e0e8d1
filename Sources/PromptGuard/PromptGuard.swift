/// A local pre-check for prompt injection, run on a question before it is sent to tier 3.
///
/// It exists because tier 3 is the only tier that reads a question as instructions; tiers 1 and
/// 2 read it as data. The check is lexical and costs microseconds, so it can run on every tier 3
/// question without a model call; it is a tripwire in front of the real defences (tools bound to
/// the asking user, a system prompt that treats the question as untrusted), not a replacement.
///
/// How it reads a question:
/// 1. `GlyphFolding`: one ASCII byte per character; homoglyphs, fullwidth and mathematical
///    letters, accents and case folded; invisible characters kept as soft joiners; right-to-left
///    overrides undone.
/// 2. `GuardTokenizer`: words, with leetspeak, letters spelled one by one, words broken by
///    joiners or spaces, identifiers and run-together words undone; repeated letters are
///    undone by the lexicon lookup.
/// 3. `GuardLexicon`: each word's roles (override verb, instruction noun, user noun …).
/// 4. `ContextMarks`: what neighbours add ("your instructions", "no rules", "all users").
/// 5. `GuardPatterns`: short patterns over roles, with gaps, never regular expressions over text.
///
/// ```swift
/// let guardrail = PromptGuard()
/// if case .suspect(let threat, let evidence) = guardrail.check(question) { … }
/// ```
public struct PromptGuard: Sendable {
    private let tokenizer: GuardTokenizer
    private let patterns: [GuardPattern]

    public init() {
        tokenizer = GuardTokenizer(lexicon: .shared)
        patterns = GuardPatterns.all
    }

    /// Whether `text` looks like a prompt-injection attempt, and which kind. Pure and thread-safe.
    public func check(_ text: String) -> PromptVerdict {
        let tokens = read(text)
        guard let (pattern, range) = firstMatch(tokens.words) else { return .clean }
        return .suspect(pattern.threat, evidence: Self.evidence(tokens.words, range, folded: tokens.folded))
    }

    /// The name of the pattern that matched, for tests and for tuning; nil when clean.
    func matchedPattern(_ text: String) -> String? {
        firstMatch(read(text).words)?.0.name
    }

    /// The normalised words, as the patterns see them (for tests).
    func normalizedWords(_ text: String) -> [String] {
        let tokens = read(text)
        return tokens.words.map { Self.text(of: $0, folded: tokens.folded) }
    }

    private func read(_ text: String) -> (words: [GuardToken], folded: [UInt8]) {
        var folded: [UInt8] = []
        folded.reserveCapacity(text.utf8.count)
        GlyphFolding.fold(text, into: &folded)
        var words = tokenizer.tokens(folded)
        ContextMarks.apply(&words)
        return (words, folded)
    }

    private func firstMatch(_ tokens: [GuardToken]) -> (GuardPattern, ClosedRange<Int>)? {
        guard let first = tokens.first else { return nil }
        // Every role, mark and flag of the question in one token: a pattern whose first step
        // cannot accept it cannot match anywhere, and most patterns stop here.
        var present = first
        for t in tokens {
            present.classes = WordClass(rawValue: present.classes.rawValue | t.classes.rawValue)
            present.marks = ContextMark(rawValue: present.marks.rawValue | t.marks.rawValue)
            present.flags = GuardToken.Flags(rawValue: present.flags.rawValue | t.flags.rawValue)
        }
        // Borrowed in place: iterating the array would copy each pattern (and retain its steps).
        return patterns.withUnsafeBufferPointer { all in
            for i in all.indices where all[i].steps.first?.possible(present) == true {
                if let range = all[i].match(tokens) { return (all[i], range) }
            }
            return nil
        }
    }

    /// The matched words, normalised and space-separated, at most twelve of them.
    static func evidence(_ tokens: [GuardToken], _ range: ClosedRange<Int>, folded: [UInt8]) -> String {
        let shown = range.count > 12 ? Array(range.prefix(6)) + Array(range.suffix(5)) : Array(range)
        var out = ""
        for (n, i) in shown.enumerated() {
            if n > 0 { out += " " }
            if range.count > 12, n == 6 { out += "… " }
            out += text(of: tokens[i], folded: folded)
        }
        return out
    }

    /// A word as normalised; identifiers, phrases and long words as folded (control bytes dropped).
    static func text(of token: GuardToken, folded: [UInt8]) -> String {
        if token.key.count > 0, !token.has(.identifier) { return token.key.text }
        let bytes = folded[token.span].map { $0 < 0x20 ? UInt8(ascii: " ") : $0 }
        return String(decoding: bytes, as: UTF8.self)
    }
}
