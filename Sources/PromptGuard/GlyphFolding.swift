/// The first step: every Unicode scalar becomes at most one ASCII byte, so the rest of the guard
/// reads one alphabet. Letters are lower-cased, accents dropped, lookalikes (Cyrillic "а",
/// Greek "ο", fullwidth "ｉ", mathematical "𝐢", circled "ⓘ", small capitals "ɪ") read as the
/// Latin letter they imitate.
///
/// Invisible characters (zero-width spaces and joiners, bidi controls, soft hyphens, tags) do
/// not vanish: they become `invisible`, a joiner the tokenizer may glue across ("ig\u{200B}nore")
/// without gluing real words ("ignore\u{2060}all" stays two words). A right-to-left override
/// shows its text reversed, so the text inside one is reversed back.
enum GlyphFolding {
    /// An invisible format character: a soft joiner.
    static let invisible: UInt8 = 0x01
    /// Any other character outside the tables (emoji, other scripts): also a soft joiner.
    static let foreign: UInt8 = 0x02

    static func fold(_ text: String, into out: inout [UInt8]) {
        // Most questions are plain ASCII: then folding is lower-casing bytes.
        var text = text
        let ascii = text.withUTF8 { bytes -> Bool in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
            for byte in bytes { out.append(Self.ascii(byte)) }
            return true
        }
        if ascii { return }
        // Open bidi embeddings, overrides and isolates: where each began, and whether it reverses.
        var open: [(reverses: Bool, start: Int)] = []
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                out.append(Self.ascii(UInt8(truncatingIfNeeded: v)))
                continue
            }
            switch v {
            case 0x202A, 0x202B, 0x202D, 0x2066, 0x2067, 0x2068:
                out.append(invisible)
                open.append((false, out.count))
            case 0x202E:
                out.append(invisible)
                open.append((true, out.count))
            case 0x202C, 0x2069:
                if let last = open.popLast(), last.reverses { out[last.start...].reverse() }
                out.append(invisible)
            default:
                if let byte = fold(v) { out.append(byte) }
            }
        }
        // Overrides left open run to the end of the text.
        while let last = open.popLast() {
            if last.reverses { out[last.start...].reverse() }
        }
    }

    /// Lower-cases letters; control characters become spaces, line breaks newlines.
    @inline(__always)
    static func ascii(_ byte: UInt8) -> UInt8 {
        switch byte {
        case 0x41...0x5A: return byte + 32
        case 0x0A, 0x0D: return 0x0A
        case 0x00..<0x20, 0x7F: return 0x20
        default: return byte
        }
    }

    /// One non-ASCII scalar: a byte, or nil when it is dropped (a combining mark, a variation
    /// selector: it only decorates the letter before it).
    static func fold(_ v: UInt32) -> UInt8? {
        switch v {
        case 0x0300...0x036F, 0x0483...0x0489, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F,
            0xFE00...0xFE0F, 0xE0100...0xE01EF:
            return nil
        case 0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B...0x180F, 0x200B...0x200F, 0x2060...0x2064,
            0x206A...0x206F, 0x3164, 0xFEFF, 0xFFA0, 0x1D173...0x1D17A, 0xE0000...0xE007F:
            return invisible
        case 0x0085, 0x00A0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
            return 0x20
        case 0x2028, 0x2029:
            return 0x0A
        case 0x00A1:
            return UInt8(ascii: "!")
        case 0x00BF:
            return UInt8(ascii: "?")
        case 0x00B9:
            return UInt8(ascii: "1")
        case 0x00B2, 0x00B3:
            return UInt8(ascii: "0") + UInt8(v - 0x00B0)
        case 0x2070, 0x2074...0x2079:
            return UInt8(ascii: "0") + UInt8(v - 0x2070)
        case 0x00AA:
            return UInt8(ascii: "a")
        case 0x00BA:
            return UInt8(ascii: "o")
        case GlyphTables.latinStart..<GlyphTables.latinStart + UInt32(GlyphTables.latin.count):
            return letter(GlyphTables.latin[Int(v - GlyphTables.latinStart)])
        case GlyphTables.latinAdditionalStart..<GlyphTables.latinAdditionalStart + UInt32(GlyphTables.latinAdditional.count):
            return letter(GlyphTables.latinAdditional[Int(v - GlyphTables.latinAdditionalStart)])
        case 0xFF01...0xFF5E:
            // Fullwidth forms: the same order as ASCII, shifted.
            return ascii(UInt8(v - 0xFEE0))
        case 0x1D400...0x1D6A3:
            // Mathematical alphanumerics: 52 letters (A–Z, a–z) per style, bold to monospace.
            let offset = (v - 0x1D400) % 52
            return UInt8(ascii: "a") + UInt8(offset < 26 ? offset : offset - 26)
        case 0x1D6A4:
            return UInt8(ascii: "i")
        case 0x1D6A5:
            return UInt8(ascii: "j")
        case 0x1D7CE...0x1D7FF:
            return UInt8(ascii: "0") + UInt8((v - 0x1D7CE) % 10)
        case 0x24B6...0x24CF:
            return UInt8(ascii: "a") + UInt8(v - 0x24B6)
        case 0x24D0...0x24E9:
            return UInt8(ascii: "a") + UInt8(v - 0x24D0)
        case 0x249C...0x24B5:
            return UInt8(ascii: "a") + UInt8(v - 0x249C)
        case 0x2460...0x2468:
            return UInt8(ascii: "1") + UInt8(v - 0x2460)
        case 0x24EA:
            return UInt8(ascii: "0")
        case 0x1F130...0x1F149:
            return UInt8(ascii: "a") + UInt8(v - 0x1F130)
        case 0x1F150...0x1F169:
            return UInt8(ascii: "a") + UInt8(v - 0x1F150)
        case 0x1F170...0x1F189:
            return UInt8(ascii: "a") + UInt8(v - 0x1F170)
        case 0x1F1E6...0x1F1FF:
            return UInt8(ascii: "a") + UInt8(v - 0x1F1E6)
        default:
            return GlyphTables.lookalikes[v] ?? foreign
        }
    }

    @inline(__always)
    private static func letter(_ byte: UInt8) -> UInt8 { byte == UInt8(ascii: ".") ? foreign : byte }
}
