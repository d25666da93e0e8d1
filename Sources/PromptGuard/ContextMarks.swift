/// Sets each word's `ContextMark`s from its neighbours within the same sentence, once per
/// question, so that a pattern step can say "an instruction noun that belongs to the assistant"
/// instead of listing every way of saying so. Windows are small (two or three words) and look
/// both ways, because Spanish puts the adjective after the noun ("las instrucciones anteriores").
enum ContextMarks {
    static func apply(_ t: inout [GuardToken]) {
        let n = t.count
        // Pass 1: marks that depend on words only.
        for i in 0..<n {
            let w = t[i]
            // "you were told", "were you given", "te dijeron" (not "I told you").
            if w.has(.toldVerb), near(t, i, before: 2, after: 0, .youWord) { t[i].marks.insert(.toldYou) }
            // "you are", "you're", "eres".
            if w.has(.youAreWord) || w.has(.areWord) && at(t, i - 1, sameAs: i, .youWord) { t[i].marks.insert(.youAre) }
            // "system prompt", "system message", "prompt del sistema", "mensaje de sistema".
            if w.has(.promptLike), w.key.count > 0,
                at(t, i - 1, sameAs: i, .systemWord) || at(t, i + 1, sameAs: i, .docPreposition) && at(t, i + 2, sameAs: i, .systemWord)
            {
                t[i].marks.insert(.systemPrompt)
            }
            // A limit said to be absent: "no rules", "without any restrictions", "sin reglas",
            // "no content policy"; but not "no budget limit" or "no limits on distance" (limits
            // of the trip, not of the assistant).
            if w.has(.limitable), !at(t, i + 1, sameAs: i, .limitQualifier) {
                var j = i - 1
                while j >= max(0, i - 3), t[j].sentence == w.sentence {
                    if t[j].has(.limitWord) {
                        t[i].marks.insert(.removedLimit)
                        break
                    }
                    if t[j].has(.tripQuantity) { break }
                    j -= 1
                }
            }
            // "all users", "every other user", "todos los usuarios", "any other user's"; accounts
            // too, unless the sentence is about the asker's own ("for all my accounts", "run my
            // budget report for all accounts").
            if w.has(.people), !(w.has(.accountNoun) && near(t, i, before: 8, after: 0, .firstPerson)) {
                var j = i - 1
                while j >= max(0, i - 3), t[j].sentence == w.sentence {
                    if t[j].has(.quantifier) {
                        t[i].marks.insert(.foreignUsers)
                        break
                    }
                    if !t[j].has(.glue) { break }
                    j -= 1
                }
            }
            // "your tools", "the tools you have".
            if w.has(.toolNoun),
                near(t, i, before: 2, after: 0, .possessive2) || at(t, i + 1, sameAs: i, .youWord) && at(t, i + 2, sameAs: i, .haveWord)
            {
                t[i].marks.insert(.ownedTools)
            }
        }
        // Pass 2: instruction nouns that belong to the assistant (needs `toldYou`, `systemPrompt`).
        for i in 0..<n where t[i].has(.limitable) || t[i].has(.systemPrompt) {
            let w = t[i]
            let owned =
                w.has(.systemPrompt)
                || near(t, i, before: 3, after: 0, .ownerBefore)
                || near(t, i, before: 0, after: 3, .ownerAfter, or: .toldYou)
            let instruction = w.has(.instructionNoun) || w.has(.systemPrompt)
            if owned && instruction { t[i].marks.insert(.ownedNoun) }
            // What an override may aim at: the assistant's instructions; bare instructions that
            // are not a document's ("ignore instructions", not "the instructions for the hitch");
            // "all rules"; "your filters".
            let target =
                (owned && instruction)
                || w.has(.strictNoun) && !at(t, i + 1, sameAs: i, .docPreposition)
                || w.has(.sweepable) && near(t, i, before: 2, after: 0, .allWord)
                || w.has(.safetyNoun) && near(t, i, before: 2, after: 0, .possessive2)
            if target { t[i].marks.insert(.overrideTarget) }
        }
    }

    /// Whether the word at `j` is in the sentence of the word at `i` and has one of `classes`.
    @inline(__always)
    private static func at(_ t: [GuardToken], _ j: Int, sameAs i: Int, _ classes: WordClass) -> Bool {
        j >= 0 && j < t.count && t[j].sentence == t[i].sentence && t[j].has(classes)
    }

    /// Whether a word with one of `classes` (or `marks`) is within `before` words before `i` or
    /// `after` words after it, in its sentence.
    private static func near(
        _ t: [GuardToken], _ i: Int, before: Int, after: Int, _ classes: WordClass, or marks: ContextMark = ContextMark()
    ) -> Bool {
        let sentence = t[i].sentence
        var j = i - 1
        while j >= 0, j >= i - before, t[j].sentence == sentence {
            if t[j].has(classes) || t[j].has(marks) { return true }
            j -= 1
        }
        j = i + 1
        while j < t.count, j <= i + after, t[j].sentence == sentence {
            if t[j].has(classes) || t[j].has(marks) { return true }
            j += 1
        }
        return false
    }
}
