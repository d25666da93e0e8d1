/// What one instance holds of one user's allowance at one tier between trips to the shared GCRA:
/// the cells it leased and has not spent, when they lapse, and until when the shared GCRA said
/// that no cell fits. Times are microseconds on the instance's monotonic clock.
///
/// Cells lapse at `expires` and are never carried into the next lease, so an instance never holds
/// more than one lease's worth (the error bound in `LeasedRateLimiter` counts on it), and an entry
/// whose cells lapsed holds nothing worth keeping. A refusal is remembered until `blockedUntil`:
/// the shared arrival time never goes back, so no cell can fit before then, whatever other
/// instances do, and refusing locally until then is what the shared GCRA would answer.
struct RateLease: Sendable, Equatable {
    private(set) var cells = 0
    private(set) var expires: Int64 = .min
    private(set) var blockedUntil: Int64 = .min

    /// Cells that may still be spent.
    func unspent(at now: Int64) -> Int { now < expires ? cells : 0 }

    /// Spends one cell if a live one is left.
    mutating func take(at now: Int64) -> Bool {
        guard unspent(at: now) > 0 else { return false }
        cells -= 1
        return true
    }

    /// Microseconds until the shared GCRA can fit a cell, while its last refusal holds.
    func blocked(at now: Int64) -> Int64? { now < blockedUntil ? blockedUntil - now : nil }

    /// Adds cells the shared GCRA granted. Live cells of an earlier lease stay (a trip that
    /// overlapped this one), and the later end wins; lapsed ones are gone.
    mutating func add(_ granted: Int, at now: Int64, lifetime: Int64) {
        cells = unspent(at: now) + max(0, granted)
        expires = max(expires, now + lifetime)
        blockedUntil = .min
    }

    /// The shared GCRA fits no cell for `wait` microseconds from now.
    mutating func block(for wait: Int64, at now: Int64) {
        blockedUntil = max(blockedUntil, now + max(0, wait))
    }

    /// Nothing to spend and nothing to remember: forgetting it changes no decision.
    func isIdle(at now: Int64) -> Bool { unspent(at: now) == 0 && blocked(at: now) == nil }
}
