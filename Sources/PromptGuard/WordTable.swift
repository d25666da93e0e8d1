/// A fixed, lookup-only hash table from words to a 64-bit payload (a `WordClass`'s bits, or an
/// index), with open addressing and a multiplicative hash of the packed key.
///
/// Why not `Dictionary`: it hashes with a seeded SipHash, which was a fifth of the guard's time.
/// Why not generic: the generic version was not specialised and paid for runtime metadata on
/// every probe. The table is built once from the lexicon and a question can only probe it, so a
/// cheap hash is enough (no keys chosen to collide can be inserted).
struct WordTable: Sendable {
    /// One array, so a probe touches one cache line and one bounds check.
    private var slots: [Slot]
    private let mask: Int

    private struct Slot: Sendable {
        var key = WordKey()
        var value: UInt64 = 0
        var used = false
    }

    init(_ entries: [WordKey: UInt64]) {
        var capacity = 16
        while capacity < entries.count * 3 { capacity <<= 1 }
        slots = Array(repeating: Slot(), count: capacity)
        mask = capacity - 1
        for (key, value) in entries {
            var slot = Self.hash(key) & mask
            while slots[slot].used { slot = (slot + 1) & mask }
            slots[slot] = Slot(key: key, value: value, used: true)
        }
    }

    @inline(__always)
    private static func hash(_ key: WordKey) -> Int {
        let mixed = (key.low &* 0x9E37_79B9_7F4A_7C15) ^ (key.high &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(truncatingIfNeeded: key.count)
        return Int(truncatingIfNeeded: (mixed ^ (mixed >> 29)) >> 7)
    }

    subscript(key: WordKey) -> UInt64? {
        var slot = Self.hash(key) & mask
        while slots[slot].used {
            if slots[slot].key == key { return slots[slot].value }
            slot = (slot + 1) & mask
        }
        return nil
    }

    func contains(_ key: WordKey) -> Bool { self[key] != nil }
}
