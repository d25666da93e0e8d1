import Logging
import QueryClassifier
import ServiceLifecycle
import Tier1Cache
import Tier2Compute

/// Composes the router from its configuration: the store behind tier 1 (PostgreSQL or the
/// embedded demo data), the cache in front of it (two levels with Redis, or in-process), tier 3,
/// and the background services they need. Every composition, the zero-setup one included, is
/// built here, so a setting means the same with or without PostgreSQL and Redis.
package struct RouterRuntime: Sendable {
    package let services: RouterServices
    /// To run next to the HTTP server (in its service group), in start order; they stop in reverse.
    package let background: [any Service]

    package static func make(configuration c: RouterConfiguration, verifier: TokenVerifier, logger: Logger) async throws -> RouterRuntime {
        let truth = try await SummaryTruth.make(configuration: c, logger: logger)
        let cache = try CacheLayer.make(configuration: c, logger: logger)
        let summaries = SummaryService(
            engine: SummaryEngine(store: truth.store), cache: cache.cache, ttls: c.ttls, staleWhileRevalidate: c.staleWhileRevalidate,
            staleIfError: c.staleIfError, lock: cache.lock, logger: logger
        )
        var background = truth.background
        if let postgres = truth.postgres {
            let near = cache.local
            background.append(
                InvalidationListener(client: postgres, summaries: summaries, logger: logger) {
                    await near.invalidateAll()
                }
            )
        }
        let ai = c.anthropic.map {
            AITier.make(configuration: $0, keepAlive: .milliseconds(c.keepAliveMilliseconds), budget: cache.budget, logger: logger)
        }
        if let ai { background.append(ai.shutdownService) }
        let gazetteer = Gazetteer.bundled
        let services = RouterServices(
            classifier: Classifier(gazetteer: gazetteer), summaries: summaries,
            calculator: Calculator(gazetteer: gazetteer, defaults: c.computeDefaults), verifier: verifier,
            dependencies: [truth.dependency, cache.dependency], ai: ai, limiter: cache.limiter, routeLog: truth.routeLog, screening: PromptScreening(mode: c.promptGuard)
        )
        return RouterRuntime(services: services, background: background)
    }
}
