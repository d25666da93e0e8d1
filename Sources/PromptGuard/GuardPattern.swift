/// One phrase pattern: words of given roles, in order, with at most a few words between them,
/// all in one sentence. "An override verb, then within four words something it may aim at"
/// covers "ignore all previous instructions", "olvida las instrucciones anteriores" and
/// "d1sr3g4rd y0ur ru13s" at once, because the words have been normalised and classed first.
struct GuardPattern: Sendable {
    /// A short name for tests and for reading a verdict's provenance.
    let name: String
    let threat: PromptThreat
    let steps: [Step]
    /// Another word that must occur within `Near.window` words of the match, in its sentence,
    /// either side ("all users" counts only near their data: "all users' expenses").
    var near: Near? = nil
    /// The match does not count when such a word comes just before it ("forget what you were
    /// told" is an override, not a question about the prompt).
    var notAfter: Near? = nil
    /// What may follow the last word; `.endOrGlue` keeps "ignore the above" apart from
    /// "ignore expenses above $50" and "forget everything before Denver".
    var follower: Follower = .any

    struct Step: Sendable {
        /// Any of these roles or marks (none given: any word).
        var classes: WordClass = []
        var marks: ContextMark = []
        /// All of these marks.
        var required: ContextMark = []
        /// All of these flags.
        var flags: GuardToken.Flags = []
        /// Words allowed between the previous step and this one.
        var gap = 0
        /// When set, the words in the gap must have one of these roles.
        var gapOnly: WordClass? = nil

        @inline(__always)
        func accepts(_ t: GuardToken) -> Bool {
            (classes.rawValue | UInt64(marks.rawValue) == 0 || t.has(classes) || t.has(marks)) && t.hasAll(required) && t.hasAll(flags)
        }

        /// Whether a question whose words have these roles, marks and flags at all could match.
        func possible(_ present: GuardToken) -> Bool {
            accepts(present)
        }
    }

    struct Near: Sendable {
        var classes: WordClass = []
        var marks: ContextMark = []
        var flags: GuardToken.Flags = []
        var window: Int

        @inline(__always)
        func accepts(_ t: GuardToken) -> Bool {
            (classes.rawValue | UInt64(marks.rawValue) == 0 || t.has(classes) || t.has(marks)) && t.hasAll(flags)
        }
    }

    enum Follower: Sendable {
        case any
        /// Nothing in the sentence after it, or a word of glue ("and", "this", "y").
        case endOrGlue
        /// Anything but a number ("the text above …", not "everything above $100").
        case notNumber
    }

    /// The first match in `tokens`, as the range of words from its first to its last step.
    func match(_ tokens: [GuardToken]) -> ClosedRange<Int>? {
        guard let first = steps.first else { return nil }
        for i in tokens.indices where first.accepts(tokens[i]) {
            if let notAfter, Self.any(tokens, around: i..<(i + 1), window: notAfter.window, before: true, after: false, notAfter) { continue }
            guard let end = extend(tokens, step: 1, from: i) else { continue }
            if let near, !Self.any(tokens, around: i..<(end + 1), window: near.window, before: true, after: true, near) { continue }
            return i...end
        }
        return nil
    }

    /// Matches steps `step…` after the word at `from`; returns the index of the last word.
    private func extend(_ tokens: [GuardToken], step: Int, from: Int) -> Int? {
        guard step < steps.count else {
            return followerAllows(tokens, after: from) ? from : nil
        }
        let s = steps[step]
        var j = from + 1
        while j < tokens.count, j <= from + 1 + s.gap, tokens[j].sentence == tokens[from].sentence {
            if s.accepts(tokens[j]), let end = extend(tokens, step: step + 1, from: j) { return end }
            if let only = s.gapOnly, !tokens[j].has(only) { return nil }
            j += 1
        }
        return nil
    }

    private func followerAllows(_ tokens: [GuardToken], after i: Int) -> Bool {
        switch follower {
        case .any:
            return true
        case .endOrGlue:
            let j = i + 1
            return j >= tokens.count || tokens[j].sentence != tokens[i].sentence || tokens[j].has(.glue) && !tokens[j].has(.number)
        case .notNumber:
            let j = i + 1
            return j >= tokens.count || tokens[j].sentence != tokens[i].sentence || !tokens[j].has(.number)
        }
    }

    private static func any(
        _ tokens: [GuardToken], around range: Range<Int>, window: Int, before: Bool, after: Bool, _ near: Near
    ) -> Bool {
        let sentence = tokens[range.lowerBound].sentence
        if before {
            var j = range.lowerBound - 1
            while j >= 0, j >= range.lowerBound - window, tokens[j].sentence == sentence {
                if near.accepts(tokens[j]) { return true }
                j -= 1
            }
        }
        if after {
            var j = range.upperBound
            while j < tokens.count, j < range.upperBound + window, tokens[j].sentence == sentence {
                if near.accepts(tokens[j]) { return true }
                j += 1
            }
        }
        // Inside the match too (a word between two steps).
        if after && before {
            for j in range.dropFirst() where near.accepts(tokens[j]) { return true }
        }
        return false
    }
}
