/// Facts about characters that look like Latin letters, used by `GlyphFolding`. Tables rather
/// than Unicode normalisation: NFKD would cost an allocation per question and still leaves
/// Cyrillic "а" and Greek "ο" alone, which is exactly what a homoglyph attack relies on.
enum GlyphTables {
    /// Latin-1 Supplement and Latin Extended-A/B letters (U+00C0…U+024F) to their base letter;
    /// "." where there is none (×, ÷, clicks). Derived from the Unicode decompositions, with the
    /// letters that have none (ø, ł, đ, ß, æ) folded by look.
    static let latin: [UInt8] = Array(
        ("aaaaaaaceeeeiiiidnooooo.ouuuuypsaaaaaaaceeeeiiiidnooooo.ouuuuypy"
            + "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii..jjkkklllllll"
            + "lllnnnnnn.nnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzz."
            + "b.bb...cc..dd....ffg...ikkl...nooo..pp.....ttt.uu..yyzz....z...."
            + ".............aaiioouuuuuuuuuu.aaaa..ggggkkoooo..j...gg..nnaa...."
            + "aaaaeeeeiiiioooorrrruuuusstt..hh.d....aaeeooooooooyylntj...cc..."
            + "......eejj..rryy").utf8)
    static let latinStart: UInt32 = 0x00C0

    /// Latin Extended Additional (U+1E00…U+1EFF: ḟ, ṡ, ạ, ỳ …) to the base letter.
    static let latinAdditional: [UInt8] = Array(
        ("aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm"
            + "mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv"
            + "wwwwwwwwwwxxxxyyzzzzzzhtwy......aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee"
            + "eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......").utf8)
    static let latinAdditionalStart: UInt32 = 0x1E00

    /// Letters of other scripts, small capitals and letterlike symbols that pass for a Latin
    /// letter, and the punctuation that passes for an apostrophe, hyphen or dot.
    static let lookalikes: [UInt32: UInt8] = {
        var table: [UInt32: UInt8] = [:]
        func add(_ letters: String, _ scalars: [UInt32]) {
            for (letter, scalar) in zip(letters.utf8, scalars) { table[scalar] = letter }
        }
        // Cyrillic, lower then upper case.
        add("abehkmnoptcyxbijsdqwhl", [0x0430, 0x0432, 0x0435, 0x043D, 0x043A, 0x043C, 0x043F, 0x043E, 0x0440, 0x0442, 0x0441, 0x0443, 0x0445, 0x044C, 0x0456, 0x0458, 0x0455, 0x0501, 0x051B, 0x051D, 0x04BB, 0x04CF])
        add("eiy", [0x0451, 0x0457, 0x045E])
        add("abehkmoptcyxijsdhl", [0x0410, 0x0412, 0x0415, 0x041D, 0x041A, 0x041C, 0x041E, 0x0420, 0x0422, 0x0421, 0x0423, 0x0425, 0x0406, 0x0408, 0x0405, 0x0500, 0x04BA, 0x04C0])
        add("ei", [0x0401, 0x0407])
        // Greek, lower then upper case (with tonos).
        add("abyeiknvoptuxwcjz", [0x03B1, 0x03B2, 0x03B3, 0x03B5, 0x03B9, 0x03BA, 0x03B7, 0x03BD, 0x03BF, 0x03C1, 0x03C4, 0x03C5, 0x03C7, 0x03C9, 0x03F2, 0x03F3, 0x03B6])
        add("aeniouwiu", [0x03AC, 0x03AD, 0x03AE, 0x03AF, 0x03CC, 0x03CD, 0x03CE, 0x03CA, 0x03CB])
        add("abezhikmnoptyxcj", [0x0391, 0x0392, 0x0395, 0x0396, 0x0397, 0x0399, 0x039A, 0x039C, 0x039D, 0x039F, 0x03A1, 0x03A4, 0x03A5, 0x03A7, 0x03F9, 0x037F])
        add("aehioy", [0x0386, 0x0388, 0x0389, 0x038A, 0x038C, 0x038E])
        // Armenian.
        add("ouhngquo", [0x0585, 0x057D, 0x0570, 0x0578, 0x0581, 0x0566, 0x054D, 0x0555])
        // IPA letters and small capitals.
        add("aggiinrylhbl", [0x0251, 0x0261, 0x0262, 0x026A, 0x0269, 0x0274, 0x0280, 0x028F, 0x029F, 0x029C, 0x0299, 0x01C0])
        add("abcddejklmoptuvwz", [0x1D00, 0x1D03, 0x1D04, 0x1D05, 0x1D06, 0x1D07, 0x1D0A, 0x1D0B, 0x1D0C, 0x1D0D, 0x1D0F, 0x1D18, 0x1D1B, 0x1D1C, 0x1D20, 0x1D21, 0x1D22])
        add("fsq", [0xA730, 0xA731, 0xA7AF])
        // Letterlike symbols (they fill the holes of the mathematical alphabets) and Roman numerals.
        add("cghhhhiillnpqrrrzbceefmoeg", [0x2102, 0x210A, 0x210B, 0x210C, 0x210D, 0x210E, 0x2110, 0x2111, 0x2112, 0x2113, 0x2115, 0x2119, 0x211A, 0x211B, 0x211C, 0x211D, 0x2124, 0x212C, 0x212D, 0x212F, 0x2130, 0x2131, 0x2133, 0x2134, 0x212E, 0x210A])
        table[0x2139] = UInt8(ascii: "i")
        add("ivxlcdm", [0x2170, 0x2174, 0x2179, 0x217C, 0x217D, 0x217E, 0x217F])
        add("ivxlcdm", [0x2160, 0x2164, 0x2169, 0x216C, 0x216D, 0x216E, 0x216F])
        // Punctuation that stands for an apostrophe, a hyphen or a dot.
        for scalar: UInt32 in [0x2018, 0x2019, 0x201B, 0x02BC, 0x02B9, 0x2032, 0x00B4, 0x0060] { table[scalar] = UInt8(ascii: "'") }
        for scalar: UInt32 in [0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE63, 0x2043] { table[scalar] = UInt8(ascii: "-") }
        for scalar: UInt32 in [0x00B7, 0x2022, 0x2024, 0x2027, 0x2219, 0x22C5, 0x30FB, 0x2026] { table[scalar] = UInt8(ascii: ".") }
        for scalar: UInt32 in [0x201C, 0x201D, 0x00AB, 0x00BB, 0x201E] { table[scalar] = UInt8(ascii: "\"") }
        return table
    }()
}
