import Tier2Compute

/// Splits a query into words, numbers and symbols in one pass over its Unicode scalars.
/// No regular expressions, no backtracking: the cost is linear in the text.
enum Lexer {
    static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(24)
        let s = Array(text.unicodeScalars)
        var i = 0
        var lastEnd = -1  // index just past the previous token: is the next one attached?
        while i < s.count {
            let c = s[i]
            if isDigit(c) || (c == "." && i + 1 < s.count && isDigit(s[i + 1])) {
                let (value, end) = number(s, from: i)
                var token = Token(kind: .number, text: String(String.UnicodeScalarView(s[i..<end])), original: "")
                token.number = value
                token.attached = lastEnd == i
                // "-100 miles": a minus typed after a space and right before the digits is a sign.
                if let last = tokens.last, last.isSymbol("-"), !last.attached, token.attached {
                    tokens.removeLast()
                    token.number = -value
                    token.text = "-" + token.text
                    token.attached = false
                }
                token.original = token.text
                tokens.append(token)
                i = end
                lastEnd = end
            } else if let b = TextFolding.base(c), !isDigit(c) {
                let start = i
                var folded: [UInt8] = [b]
                var upper = c.properties.isUppercase
                i += 1
                while i < s.count {
                    if let fb = TextFolding.base(s[i]), !isDigit(s[i]) {
                        folded.append(fb)
                        upper = upper && s[i].properties.isUppercase
                        i += 1
                    } else if s[i] == "'" || s[i] == "\u{2019}", i + 1 < s.count,
                        TextFolding.base(s[i + 1]) != nil, !isDigit(s[i + 1])
                    {
                        i += 1  // "what's" → "whats"
                    } else {
                        break
                    }
                }
                var token = Token(
                    kind: .word, text: String(decoding: folded, as: UTF8.self),
                    original: String(String.UnicodeScalarView(s[start..<i]))
                )
                token.isUppercase = upper && folded.count > 1
                token.attached = lastEnd == start
                tokens.append(token)
                lastEnd = i
            } else if let symbol = symbolCharacter(c) {
                var token = Token(kind: .symbol, text: String(symbol), original: String(symbol))
                token.attached = lastEnd == i
                tokens.append(token)
                i += 1
                lastEnd = i
            } else {
                i += 1  // spaces, ¿ ¡, quotes, emoji: separators
            }
        }
        return tokens
    }

    @inline(__always)
    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

    private static func symbolCharacter(_ s: Unicode.Scalar) -> Character? {
        switch s {
        case "$", "%", "/", ",", ".", "?", "!", ";", ":", "-", "^", "&", "+", "°", "€", "#", "(", ")", "*", "=":
            return Character(s)
        case "\u{2013}", "\u{2014}": return "-"
        default: return nil
        }
    }

    /// Reads "1,200.50", "3.89", "1e12" from `start`. A comma is a thousands separator only when
    /// exactly three digits follow it.
    private static func number(_ s: [Unicode.Scalar], from start: Int) -> (Double, Int) {
        var digits: [UInt8] = []
        var i = start
        var seenPoint = false
        func digit(at j: Int) -> Bool { j < s.count && isDigit(s[j]) }
        while i < s.count {
            let c = s[i]
            if isDigit(c) {
                digits.append(UInt8(c.value))
                i += 1
            } else if c == ",", !seenPoint, !digits.isEmpty, digit(at: i + 1), digit(at: i + 2), digit(at: i + 3),
                !digit(at: i + 4)
            {
                i += 1
            } else if c == ".", !seenPoint, digit(at: i + 1) {
                seenPoint = true
                digits.append(UInt8(ascii: "."))
                i += 1
            } else if c == "e" || c == "E", !digits.isEmpty, digit(at: i + 1),
                i + 2 >= s.count || TextFolding.base(s[i + 2]) == nil || isDigit(s[i + 2])
            {
                digits.append(UInt8(ascii: "e"))
                i += 1
                while digit(at: i) {
                    digits.append(UInt8(s[i].value))
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
