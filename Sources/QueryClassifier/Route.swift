import Domain
import Tier2Compute

/// A catalogue route: one of the tier 1 summaries, one of the tier 2 computations, or the AI.
public enum Route: Sendable, Hashable, CustomStringConvertible {
    case summary(SummaryKind)
    case compute(ComputeRoute)
    case ai

    /// The catalogue name: `summary.spend`, `compute.fuel_cost`, `ai`.
    public var name: String {
        switch self {
        case .summary(let kind): return kind.rawValue
        case .compute(let route): return route.rawValue
        case .ai: return "ai"
        }
    }

    public var tier: Tier {
        switch self {
        case .summary: return .summary
        case .compute: return .compute
        case .ai: return .ai
        }
    }

    public var description: String { name }
}
