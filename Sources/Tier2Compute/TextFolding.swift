/// Case and accent folding shared by the gazetteer index and the Router's tokenizer, so that a
/// place typed as "querétaro" or "St. George" finds the same key the index was built with.
///
/// Table-driven on purpose: it runs on the classifier's hot path, where Foundation's
/// locale-aware folding would cost more than the whole classification.
public enum TextFolding {
    // Latin-1 Supplement (U+00C0–U+00FF) and Latin Extended-A (U+0100–U+017F); "." = no base letter.
    private static let latin1: [UInt8] = Array("aaaaaaaceeeeiiiidnooooo.ouuuuy.saaaaaaaceeeeiiiidnooooo.ouuuuy.y".utf8)
    private static let latinExtendedA: [UInt8] = Array(
        ("aaaaaa" + "cccccccc" + "dddd" + "eeeeeeeeee" + "gggggggg" + "hhhh" + "iiiiiiiiii" + "ii" + "jj" + "kkk"
            + "llllllllll" + "nnnnnnnnn" + "oooooo" + "oo" + "rrrrrr" + "ssssssss" + "tttttt" + "uuuuuuuuuuuu"
            + "ww" + "yyy" + "zzzzzz" + "s").utf8
    )

    /// The lowercase ASCII letter or digit a scalar folds to, or nil for anything else
    /// (punctuation, symbols, spaces, letters outside Latin).
    @inline(__always)
    public static func base(_ scalar: Unicode.Scalar) -> UInt8? {
        let v = scalar.value
        if v < 0x80 {
            let b = UInt8(v)
            if b >= 0x61 && b <= 0x7A { return b }  // a-z
            if b >= 0x41 && b <= 0x5A { return b + 0x20 }  // A-Z
            if b >= 0x30 && b <= 0x39 { return b }  // 0-9
            return nil
        }
        if v >= 0xC0 && v <= 0xFF {
            let b = latin1[Int(v - 0xC0)]
            return b == UInt8(ascii: ".") ? nil : b
        }
        if v >= 0x100 && v <= 0x17F { return latinExtendedA[Int(v - 0x100)] }
        return nil
    }

    /// A lookup key for a name: lowercase ASCII words separated by single spaces. Apostrophes and
    /// dots vanish ("Coeur d'Alene" → "coeur dalene", "St." → "st"); other punctuation separates
    /// words; the abbreviations St, Ft and Mt at the start become Saint, Fort and Mount.
    public static func key(_ text: String) -> String {
        var words: [String] = []
        var current: [UInt8] = []
        func flush() {
            if !current.isEmpty {
                words.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
        }
        for scalar in text.unicodeScalars {
            if let b = base(scalar) {
                current.append(b)
            } else if scalar == "'" || scalar == "." || scalar == "\u{2019}" {
                continue
            } else {
                flush()
            }
        }
        flush()
        if let first = words.first, let expanded = abbreviations[first], words.count > 1 {
            words[0] = expanded
        }
        return words.joined(separator: " ")
    }

    /// Abbreviations a name may start with, and the word the index holds instead.
    public static let abbreviations = ["st": "saint", "ft": "fort", "mt": "mount"]
}
