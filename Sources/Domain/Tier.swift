/// Which tier answers a question: the cheapest that can answer it right.
public enum Tier: Int, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    /// Read-only SQL summaries of the user's own records, cached.
    case summary = 1
    /// Deterministic computation.
    case compute = 2
    /// The AI, for questions that need judgement.
    case ai = 3

    public static func < (a: Tier, b: Tier) -> Bool { a.rawValue < b.rawValue }

    /// "1", "2", "3": as headers, metrics and the route log write it.
    public var description: String { String(rawValue) }
}
