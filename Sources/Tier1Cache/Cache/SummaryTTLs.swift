import Domain

/// Seconds a summary stays fresh in the cache, per summary. Invalidation on writes is what keeps
/// answers current; the TTL is the backstop, so it can be minutes.
public struct SummaryTTLs: Sendable, Equatable {
    public var seconds: [SummaryKind: Int]

    public init(seconds: [SummaryKind: Int] = SummaryTTLs.defaults) {
        self.seconds = seconds
    }

    public static let defaults: [SummaryKind: Int] = [
        .spend: 300, .budgetStatus: 300, .savings: 900, .recentExpenses: 120, .fuelStats: 600,
    ]

    public subscript(kind: SummaryKind) -> Int { seconds[kind] ?? 300 }
}
