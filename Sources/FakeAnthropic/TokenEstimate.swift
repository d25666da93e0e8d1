/// The fake's tokenizer stand-in: about four UTF-8 bytes per token, never zero.
enum TokenEstimate {
    static func tokens(utf8Count: Int) -> Int { max(1, (utf8Count + 3) / 4) }
    static func tokens(_ text: String) -> Int { tokens(utf8Count: text.utf8.count) }
}
