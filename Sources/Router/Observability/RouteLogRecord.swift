import Domain
import Foundation

/// One answered request, as the route log stores it.
package struct RouteLogRecord: Sendable, Equatable {
    package var at: Date
    package var requestID: String
    package var user: String?
    /// Nil for requests that no tier answered (health, catalog, most errors).
    package var tier: Tier?
    package var route: String
    package var status: Int
    package var latencyMilliseconds: Double
    package var cacheHit: Bool?
    package var inputTokens = 0
    package var outputTokens = 0
    package var cacheReadTokens = 0
    package var cacheWriteTokens = 0
    package var costUSD = 0.0

    package init(
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
