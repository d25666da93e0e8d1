/// A normalised word (lower-case ASCII, at most 16 letters) packed into two integers, so the
/// lexicon is probed without building a `String` for every candidate: a question's words, the
/// pieces of "ign-ore", the letters of "i g n o r e" and the de-leeted "1gn0r3" are all tried.
///
/// Longer words have no key: no trigger word is that long, so they can only be unknown.
struct WordKey: Hashable, Sendable {
    private(set) var low: UInt64 = 0
    private(set) var high: UInt64 = 0
    private(set) var count: Int = 0

    static func == (a: WordKey, b: WordKey) -> Bool { a.low == b.low && a.high == b.high && a.count == b.count }

    static let capacity = 16

    init() {}

    init?(_ text: String) {
        self.init(text.utf8)
    }

    init?(_ bytes: some Sequence<UInt8>) {
        self.init()
        for byte in bytes {
            guard append(byte) else { return nil }
        }
    }

    /// Adds one byte at the end; false when the word would be longer than `capacity`.
    @discardableResult
    mutating func append(_ byte: UInt8) -> Bool {
        guard count < Self.capacity else { return false }
        if count < 8 {
            low |= UInt64(byte) << (UInt64(count) * 8)
        } else {
            high |= UInt64(byte) << (UInt64(count - 8) * 8)
        }
        count += 1
        return true
    }

    /// The key of `self` followed by `other`, if it fits: the packed bytes shifted into place.
    func appending(_ other: WordKey) -> WordKey? {
        guard count + other.count <= Self.capacity else { return nil }
        var out = self
        let shift = UInt64(count) * 8
        if shift < 64 {
            out.low |= other.low << shift
            // Smart shifts: by 64 or more they give zero, as wanted when `count` is 0.
            out.high |= other.high << shift | other.low >> (64 - shift)
        } else {
            out.high |= other.low << (shift - 64)
        }
        out.count += other.count
        return out
    }

    subscript(index: Int) -> UInt8 {
        index < 8 ? UInt8(truncatingIfNeeded: low >> (UInt64(index) * 8)) : UInt8(truncatingIfNeeded: high >> (UInt64(index - 8) * 8))
    }

    var bytes: [UInt8] { (0..<count).map { self[$0] } }

    var text: String { String(decoding: bytes, as: UTF8.self) }
}
