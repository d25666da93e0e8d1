import Synchronization

/// Admission per user: at most `limit` requests of one user inside the handlers at once. It is
/// checked right after the token, before a body is read, so a client that opens many connections
/// and trickles their bodies holds a handful of places, never the instance's (`InFlightLimit`).
final class UserInFlightLimit: Sendable {
    let limit: Int
    private let counts = Mutex<[String: Int]>([:])

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Takes a place for `user` if one is free; a caller that got one must `leave(_:)` once.
    func tryEnter(_ user: String) -> Bool {
        counts.withLock { counts in
            let now = counts[user, default: 0]
            guard now < limit else { return false }
            counts[user] = now + 1
            return true
        }
    }

    func leave(_ user: String) {
        counts.withLock { counts in
            // Users with nothing in flight are forgotten: the map holds only active users.
            if let now = counts[user], now > 1 { counts[user] = now - 1 } else { counts[user] = nil }
        }
    }

    /// Requests of `user` in hand now (tests).
    func inFlight(_ user: String) -> Int { counts.withLock { $0[user, default: 0] } }
}
