import Domain
import Foundation

/// Corrects a typo in a word the router knows ("spnd" → spend, "gallns" → gallons,
/// "restaraunts" → restaurants), and only where the correction is unambiguous.
///
/// Targets are the words that carry meaning for some tier 1 or 2 route (categories, months,
/// numbers, units, summary and compute vocabulary). A word is never corrected into a judgement,
/// modal, conditional or future word, and never into a word that means nothing to a route:
/// turning an unknown content word ("Costco") into a filler would hide what made the question
/// need tier 3. Distance 1 (optimal string alignment: insert, delete, substitute, swap) is found
/// through a deletion index; distance 2 only for words of 7 letters or more, by a scan of the
/// words with the same first letter and a similar length.
///
/// A word of English or Spanish is never a typo, whatever it is near: "shipping" is not
/// "shopping", "coast" is not "cost", "ahorraremos" is not "ahorramos". `Resources/near-words.txt`
/// holds every dictionary word within reach of a target (made by `scripts/make_near_words.py`
/// from SCOWL's American English list and the Spanish word list of Debian's `wspanish`).
public enum Spelling {
    /// Words the corrector may produce, folded.
    static let targets: [[UInt8]] = {
        var words: Set<String> = []
        let meaningful: WordTags = [
            .spend, .budget, .budgetState, .save, .recent, .expenseNoun, .listVerb, .fuel, .economy, .gallonNoun,
            .fillup, .buyVerb, .stats, .price, .cost, .money, .distance, .drive, .duration, .convert, .split, .people,
            .each, .greeting, .thanks, .help, .perDay, .speed, .billNoun, .periodStart,
        ]
        let forbidden: WordTags = [.judgement, .modal, .conditional, .future, .content]
        for (word, tags) in Lexicon.tags where word.utf8.count >= 3 {
            guard tags.isDisjoint(with: forbidden) else { continue }
            if !tags.isDisjoint(with: meaningful) || Lexicon.categories[word] != nil || Lexicon.months[word] != nil
                || NumberWords.table[word] != nil || Lexicon.unitWords.contains(word)
            {
                words.insert(word)
            }
        }
        // Short period words ("for", "in") correct nothing useful and collide with everything.
        return words.filter { $0.utf8.count >= 4 || Lexicon.categories[$0] != nil }.sorted().map { Array($0.utf8) }
    }()

    /// English and Spanish words near the targets: real words, never corrected.
    static let realWords: Set<String> = {
        guard let url = Bundle.module.url(forResource: "near-words", withExtension: "txt"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [] }
        var words: Set<String> = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") { words.insert(String(line)) }
        return words
    }()

    /// The words corrections may produce, for `router vocabulary` and the near-words generator.
    public static var targetWords: [String] { targets.map { String(decoding: $0, as: UTF8.self) } }

    /// FNV-1a of a word's bytes with the byte at `skip` left out (none when `skip` is out of
    /// range): the key of a deletion, computed without building the shorter word.
    @inline(__always)
    private static func key(_ w: UnsafeBufferPointer<UInt8>, skipping skip: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in 0..<w.count where k != skip {
            h ^= UInt64(w[k])
            h = h &* 0x100_0000_01b3
        }
        return h ^ UInt64(w.count - (skip < w.count ? 1 : 0))
    }

    /// The key of every target and of every target with one letter deleted → the targets it came
    /// from (a collision only costs an exact check).
    private static let deletions: [UInt64: [Int32]] = {
        var index: [UInt64: [Int32]] = [:]
        for (n, word) in targets.enumerated() {
            word.withUnsafeBufferPointer { w in
                for skip in 0...w.count {
                    let k = key(w, skipping: skip)
                    if index[k]?.contains(Int32(n)) != true { index[k, default: []].append(Int32(n)) }
                }
            }
        }
        return index
    }()

    /// Targets by first letter, for the distance-2 scan.
    private static let byFirstLetter: [UInt8: [Int32]] = {
        var t: [UInt8: [Int32]] = [:]
        for (n, word) in targets.enumerated() { t[word[0], default: []].append(Int32(n)) }
        return t
    }()

    /// What a word means to the routes: two candidates with the same meaning are not ambiguous.
    private static func meaning(_ word: String) -> String {
        var key = String(Lexicon.tags(word).subtracting([.known, .filler, .spanish]).subtracting(WordTags.classes).rawValue)
        if let c = Lexicon.categories[word] { key += "c" + c.rawValue }
        if let m = Lexicon.months[word] { key += "m\(m)" }
        if let (v, _) = NumberWords.table[word] { key += "n\(v)" }
        if Lexicon.unitWords.contains(word) { key += "u" + String(word.prefix(3)) }
        return key
    }

    /// The known word `word` is a typo of, or nil when there is none or more than one meaning.
    static func correct(_ word: String) -> String? {
        let q = Array(word.utf8)
        guard q.count >= 4, q.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }), !realWords.contains(word) else { return nil }
        return q.withUnsafeBufferPointer { correct(q, $0) }
    }

    private static func correct(_ q: [UInt8], _ w: UnsafeBufferPointer<UInt8>) -> String? {
        // A doubled letter typed once too often: "gass", "fuell".
        for k in 1..<w.count where w[k] == w[k - 1] {
            for n in deletions[key(w, skipping: k)] ?? [] {
                let t = targets[Int(n)]
                if t.count == w.count - 1, distance(q, t, max: 1) == 1 { return String(decoding: t, as: UTF8.self) }
            }
        }
        var found: [Int32] = []
        // The typed word itself, and each of it with one letter left out, against the targets and
        // their deletions: every target within one insert, delete, substitute or swap.
        for skip in 0...w.count {
            for n in deletions[key(w, skipping: skip)] ?? [] where !found.contains(n) {
                if distance(q, targets[Int(n)], max: 1) <= 1 { found.append(n) }
            }
        }
        if found.isEmpty, q.count >= 7 {
            let mask = letters(q)
            for n in byFirstLetter[q[0]] ?? [] {
                let t = targets[Int(n)]
                guard abs(t.count - q.count) <= 2, (mask ^ letters(t)).nonzeroBitCount <= 4 else { continue }
                if distance(q, t, max: 2) <= 2 { found.append(n) }
            }
        }
        // Number words only from longer typos with the same first letter ("fourty", not "site" → siete).
        found.removeAll { n in
            let t = targets[Int(n)]
            return NumberWords.table[String(decoding: t, as: UTF8.self)] != nil && (q.count < 5 || t[0] != q[0])
        }
        // Two letters swapped is the commonest slip of all: such a candidate wins over a substituted one
        // ("spned" is spend, not speed).
        if found.count > 1, let swapped = found.first(where: { isTransposition(q, targets[Int($0)]) }) { found = [swapped] }
        guard let first = found.first else { return transposedWord(q) }
        let chosen = String(decoding: targets[Int(first)], as: UTF8.self)
        let key = meaning(chosen)
        for n in found.dropFirst() where meaning(String(decoding: targets[Int(n)], as: UTF8.self)) != key { return nil }
        return chosen
    }

    /// Whether `b` is `a` with two neighbouring letters swapped.
    private static func isTransposition(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var k = 0
        while k < a.count, a[k] == b[k] { k += 1 }
        guard k + 1 < a.count, a[k] == b[k + 1], a[k + 1] == b[k] else { return false }
        return a[(k + 2)...] == b[(k + 2)...]
    }

    /// A swap of two neighbouring letters in any word the router knows ("mcuh" → much): so
    /// unlikely to turn one real word into another that even function words may be its target.
    private static func transposedWord(_ q: [UInt8]) -> String? {
        var candidate = q
        var result: String?
        for k in 0..<(q.count - 1) where q[k] != q[k + 1] {
            candidate.swapAt(k, k + 1)
            let word = String(decoding: candidate, as: UTF8.self)
            let tags = Lexicon.tags(word)
            if !tags.subtracting(WordTags.classes).isEmpty, tags.isDisjoint(with: [.judgement, .modal, .conditional, .future, .content]) {
                if result != nil { return nil }  // two ways to read it: leave it
                result = word
            }
            candidate.swapAt(k, k + 1)
        }
        return result
    }

    /// The set of letters in a word, as bits.
    private static func letters(_ w: [UInt8]) -> UInt32 {
        var m: UInt32 = 0
        for b in w { m |= 1 << UInt32((b &- 0x61) & 31) }
        return m
    }

    /// Optimal string alignment distance, giving up (returning max + 1) once it exceeds `max`.
    /// Three rows on the stack: no allocation.
    static func distance(_ a: [UInt8], _ b: [UInt8], max: Int) -> Int {
        if abs(a.count - b.count) > max { return max + 1 }
        if a.isEmpty || b.isEmpty { return Swift.max(a.count, b.count) }
        let n = b.count
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * (n + 1)) { rows in
            var previous2 = 0
            var previous = n + 1
            var current = 2 * (n + 1)
            for j in 0...n { rows[previous + j] = j }
            for i in 1...a.count {
                rows[current] = i
                var rowMin = i
                for j in 1...n {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var v = Swift.min(rows[previous + j] + 1, rows[current + j - 1] + 1, rows[previous + j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { v = Swift.min(v, rows[previous2 + j - 2] + 1) }
                    rows[current + j] = v
                    rowMin = Swift.min(rowMin, v)
                }
                if rowMin > max { return max + 1 }
                (previous2, previous, current) = (previous, current, previous2)
            }
            return rows[previous + n]
        }
    }
}
