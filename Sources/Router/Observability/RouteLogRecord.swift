import Domain
import Foundation

/// One answered request, as the route log stores it.
public struct RouteLogRecord: Sendable, Equatable {
    public var at: Date
    public var requestID: String
    public var user: String?
    /// Nil for requests that no tier answered (health, catalog, most errors).
    public var tier: Tier?
    public var route: String
    public var status: Int
    public var latencyMilliseconds: Double
    public var cacheHit: Bool?
    public var inputTokens = 0
    public var outputTokens = 0
    public var cacheReadTokens = 0
    public var cacheWriteTokens = 0
    public var costUSD = 0.0

    public init(
        at: Date, requestID: String, user: String?, tier: Tier?, route: String, status: Int, latencyMilliseconds: Double,
        cacheHit: Bool?
    ) {
        self.at = at
        self.requestID = requestID
        self.user = user
        self.tier = tier
        self.route = route
        self.status = status
        self.latencyMilliseconds = latencyMilliseconds
        self.cacheHit = cacheHit
    }

    mutating func add(_ usage: AIUsage) {
        inputTokens = usage.inputTokens
        outputTokens = usage.outputTokens
        cacheReadTokens = usage.cacheReadInputTokens
        cacheWriteTokens = usage.cacheCreationInputTokens
        costUSD = usage.costUSD
    }
}
