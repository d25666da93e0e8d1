import Domain

/// The GCRA every instance shares, handing out cells of a user's allowance in batches: Redis in
/// the router (`RedisRateLeases`), an in-memory GCRA in tests.
package protocol RateLeaseSource: Sendable {
    /// Takes up to `cells` cells of the user's allowance at `tier`, as many as fit now: each is one
    /// request admitted at once, so a lease of k advances the arrival time as k requests would.
    func lease(user: String, tier: Tier, limit: RateLimit, cells: Int) async throws -> LeaseGrant
}

/// What the shared GCRA answered to a request for cells.
package enum LeaseGrant: Sendable, Equatable {
    /// This many cells (at least 1, at most the number asked for) were taken from the allowance.
    case cells(Int)
    /// No cell fits now; one will after this many microseconds (more than 0).
    case wait(micros: Int64)
}
