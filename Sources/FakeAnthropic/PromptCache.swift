/// The server-side prompt cache: which prefixes are warm, for how long (fact sheet §5).
///
/// Reads refresh the entry's lifetime; writes become visible only when ``commit(_:now:)`` runs,
/// which the endpoint does once the response has started, so parallel identical requests all miss.
struct PromptCache: Sendable {
    private struct Entry {
        let tokens: Int
        let ttl: CacheTTL
        var expiry: ContinuousClock.Instant
    }

    private var entries: [PromptCacheKey: Entry] = [:]

    /// Works out the read and the write for one request, refreshing the entry it reads.
    mutating func plan(
        breakpoints: [PromptBreakpoint], totalTokens: Int, minimumTokens: Int, now: ContinuousClock.Instant
    ) -> CachePlan {
        entries = entries.filter { $0.value.expiry > now }

        var read: PromptBreakpoint?
        for breakpoint in breakpoints.reversed() {
            if var entry = entries[breakpoint.key] {
                entry.expiry = now + entry.ttl.duration
                entries[breakpoint.key] = entry
                read = breakpoint
                break
            }
        }
        let readTokens = read?.tokens ?? 0
        let candidates = breakpoints.filter { $0.position > (read?.position ?? -1) && $0.tokens >= minimumTokens }
        var plan = CachePlan(totalTokens: totalTokens, readTokens: readTokens)
        if let target = candidates.last {
            let written = max(0, target.tokens - readTokens)
            switch target.ttl {
            case .fiveMinutes: plan.creation5mTokens = written
            case .oneHour: plan.creation1hTokens = written
            }
            plan.registrations = candidates
        }
        return plan
    }

    /// Makes the planned writes readable.
    mutating func commit(_ plan: CachePlan, now: ContinuousClock.Instant) {
        for breakpoint in plan.registrations {
            entries[breakpoint.key] = Entry(tokens: breakpoint.tokens, ttl: breakpoint.ttl, expiry: now + breakpoint.ttl.duration)
        }
    }

    mutating func removeAll() { entries.removeAll() }
}

/// The input side of a response's usage, and the cache entries to create once it starts.
struct CachePlan: Sendable {
    let totalTokens: Int
    let readTokens: Int
    var creation5mTokens = 0
    var creation1hTokens = 0
    var registrations: [PromptBreakpoint] = []

    var creationTokens: Int { creation5mTokens + creation1hTokens }
    /// The uncached tail.
    var inputTokens: Int { max(0, totalTokens - readTokens - creationTokens) }
}
