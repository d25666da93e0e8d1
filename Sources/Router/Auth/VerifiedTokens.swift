import Foundation
import Synchronization

/// Tokens whose signature and claims verified, by their exact text, each until its `exp`: a
/// dashboard polling with one token pays for the signature once, not on every request.
///
/// Only successes are kept, so a client sending junk cannot fill it (and forging a token that
/// would be kept needs the key). An entry is used only before the token's own `exp`, without the
/// clock-skew leeway the full check allows, so a cached answer is never more lenient than a fresh
/// one. Bounded: when full, expired entries go first, then an arbitrary eighth of the table.
final class VerifiedTokens: Sendable {
    struct Entry {
        let user: String
        /// The token's `exp`, seconds since 1970.
        let expires: Double
    }

    let capacity: Int
    private let table = Mutex<[String: Entry]>([:])

    init(capacity: Int = 10_000) {
        self.capacity = max(8, capacity)
    }

    /// The user of a token verified before and not yet expired at `now`.
    func user(_ token: Substring, now: Double) -> String? {
        // Hashing a Substring and a String of the same text agree, but the dictionary's key type
        // is String: building one is a copy of ~200 bytes, far cheaper than a signature.
        let key = String(token)
        return table.withLock { table in
            guard let entry = table[key] else { return nil }
            guard now < entry.expires else {
                table[key] = nil
                return nil
            }
            return entry.user
        }
    }

    func insert(_ token: Substring, user: String, expires: Double, now: Double) {
        guard expires > now else { return }
        let key = String(token)
        table.withLock { table in
            if table[key] == nil, table.count >= capacity {
                table = table.filter { $0.value.expires > now }
                if table.count >= capacity {
                    for _ in 0..<max(1, capacity / 8) {
                        guard let first = table.indices.first else { break }
                        table.remove(at: first)
                    }
                }
            }
            table[key] = Entry(user: user, expires: expires)
        }
    }

    /// Entries held (tests: the table stays bounded).
    var count: Int { table.withLock { $0.count } }
}
