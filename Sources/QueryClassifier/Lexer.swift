import Tier2Compute

/// Splits a query into words, numbers and symbols in one pass over its UTF-8 bytes.
/// No regular expressions, no backtracking: the cost is linear in the text, and ASCII (most
/// queries) takes a fast path with no Unicode table lookups.
enum Lexer {
    static func tokens(_ text: String) -> [Token] {
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { tokens(bytes: $0) } ?? []
    }

    /// One decoded character: its scalar and its length in bytes.
    @inline(__always)
    private static func scalar(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Unicode.Scalar, Int) {
        let c0 = b[i]
        if c0 < 0x80 { return (Unicode.Scalar(c0), 1) }
        var value: UInt32
        var length: Int
        if c0 & 0xE0 == 0xC0 {
            value = UInt32(c0 & 0x1F)
            length = 2
        } else if c0 & 0xF0 == 0xE0 {
            value = UInt32(c0 & 0x0F)
            length = 3
        } else {
            value = UInt32(c0 & 0x07)
            length = 4
        }
        guard i + length <= b.count else { return ("\u{FFFD}", 1) }
        for k in 1..<length { value = value << 6 | UInt32(b[i + k] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// Letters in capitals: ASCII A–Z and Latin-1 À–Þ (but ×).
    @inline(__always)
    private static func isUpper(_ s: Unicode.Scalar) -> Bool {
        (s.value >= 0x41 && s.value <= 0x5A) || (s.value >= 0xC0 && s.value <= 0xDE && s.value != 0xD7)
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private static func tokens(bytes b: UnsafeBufferPointer<UInt8>) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(24)
        var folded: [UInt8] = []
        folded.reserveCapacity(32)
        var i = 0
        var lastEnd = -1  // byte just past the previous token: is the next one attached?
        while i < b.count {
            let c = b[i]
            if isDigit(c) || (c == UInt8(ascii: ".") && i + 1 < b.count && isDigit(b[i + 1])) {
                let (value, end) = number(b, from: i)
                let text = String(decoding: UnsafeBufferPointer(rebasing: b[i..<end]), as: UTF8.self)
                var token = Token(kind: .number, text: text, original: text)
                token.number = value
                token.attached = lastEnd == i
                // "-100 miles": a minus typed after a space and right before the digits is a sign.
                if let last = tokens.last, last.isSymbol("-"), !last.attached, token.attached {
                    tokens.removeLast()
                    token.number = -value
                    token.text = "-" + text
                    token.original = token.text
                    token.attached = false
                }
                tokens.append(token)
                i = end
                lastEnd = end
                continue
            }
            let (s, length) = scalar(b, i)
            if let base = TextFolding.base(s), !isDigit(base) {
                let start = i
                folded.removeAll(keepingCapacity: true)
                folded.append(base)
                var upper = isUpper(s)
                i += length
                while i < b.count {
                    let (next, nextLength) = scalar(b, i)
                    if let nb = TextFolding.base(next), !isDigit(nb) {
                        folded.append(nb)
                        upper = upper && isUpper(next)
                        i += nextLength
                    } else if next == "'" || next == "\u{2019}", i + nextLength < b.count,
                        let after = TextFolding.base(scalar(b, i + nextLength).0), !isDigit(after)
                    {
                        i += nextLength  // "what's" → "whats"
                    } else {
                        break
                    }
                }
                var token = Token(
                    kind: .word, text: String(decoding: folded, as: UTF8.self),
                    original: String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
                )
                token.isUppercase = upper && folded.count > 1
                token.attached = lastEnd == start
                tokens.append(token)
                lastEnd = i
            } else if let symbol = symbolCharacter(s) {
                var token = Token(kind: .symbol, text: String(symbol), original: String(symbol))
                token.attached = lastEnd == i
                tokens.append(token)
                i += length
                lastEnd = i
            } else if isMark(s) {
                // A pictograph with its modifiers (variation selectors, skin tones, joiners) is one mark.
                let start = i
                i += length
                while i < b.count {
                    let (next, nextLength) = scalar(b, i)
                    guard isModifier(next) || (next == "\u{200D}" && i + nextLength < b.count) else { break }
                    i += nextLength
                    if next == "\u{200D}" {
                        let (joined, joinedLength) = scalar(b, i)
                        if isMark(joined) { i += joinedLength }
                    }
                }
                let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
                var token = Token(kind: .mark, text: text, original: text)
                token.attached = lastEnd == start
                tokens.append(token)
                lastEnd = i
            } else {
                i += length  // spaces, ¿ ¡, quotes, format characters: separators
            }
        }
        return tokens
    }

    private static func symbolCharacter(_ s: Unicode.Scalar) -> Character? {
        switch s {
        case "$", "%", "/", ",", ".", "?", "!", ";", ":", "-", "^", "&", "+", "°", "€", "#", "(", ")", "*", "=", "@", "<", ">":
            return Character(s)
        case "\u{2013}", "\u{2014}": return "-"
        default: return nil
        }
    }

    /// Emoji, arrows and other symbols outside the symbol set: kept as marks for normalisation.
    /// ASCII never gets here, so the Unicode property lookup costs only non-ASCII text.
    private static func isMark(_ s: Unicode.Scalar) -> Bool {
        guard s.value >= 0x80 else { return false }
        switch s.properties.generalCategory {
        case .otherSymbol, .mathSymbol, .modifierSymbol, .currencySymbol: return true
        default: return s.properties.isEmojiPresentation
        }
    }

    /// Scalars that modify the pictograph before them: variation selectors, skin tones, keycaps.
    private static func isModifier(_ s: Unicode.Scalar) -> Bool {
        (s.value >= 0xFE00 && s.value <= 0xFE0F) || (s.value >= 0x1F3FB && s.value <= 0x1F3FF) || s.value == 0x20E3
    }

    /// Reads "1,200.50", "3.89", "1e12" from `start`. A comma is a thousands separator only when
    /// exactly three digits follow it.
    private static func number(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> (Double, Int) {
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        var i = start
        var seenPoint = false
        func digit(at j: Int) -> Bool { j < b.count && isDigit(b[j]) }
        while i < b.count {
            let c = b[i]
            if isDigit(c) {
                digits.append(c)
                i += 1
            } else if c == UInt8(ascii: ","), !seenPoint, !digits.isEmpty, digit(at: i + 1), digit(at: i + 2),
                digit(at: i + 3), !digit(at: i + 4)
            {
                i += 1
            } else if c == UInt8(ascii: "."), !seenPoint, digit(at: i + 1) {
                seenPoint = true
                digits.append(c)
                i += 1
            } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E"), !digits.isEmpty,
                digit(at: i + 1) || ((b[safe: i + 1] == UInt8(ascii: "-") || b[safe: i + 1] == UInt8(ascii: "+")) && digit(at: i + 2))
            {
                // "1e12", "1e-300": scientific notation (then bounds-checked like any number).
                digits.append(UInt8(ascii: "e"))
                i += 1
                if !isDigit(b[i]) {
                    digits.append(b[i])
                    i += 1
                }
                while digit(at: i) {
                    digits.append(b[i])
                    i += 1
                }
                break
            } else {
                break
            }
        }
        if digits.first == UInt8(ascii: ".") { digits.insert(UInt8(ascii: "0"), at: 0) }
        return (Double(String(decoding: digits, as: UTF8.self)) ?? 0, i)
    }

}

extension UnsafeBufferPointer<UInt8> {
    /// The byte at `i`, or nil past the end.
    subscript(safe i: Int) -> UInt8? { i >= 0 && i < count ? self[i] : nil }
}
