import Domain
import Foundation
import Logging
import QueryClassifier
import Tier1Cache
import Tier2Compute

/// Everything the HTTP front composes: the classifier and the tiers.
package struct RouterServices: Sendable {
    package let classifier: Classifier
    package let summaries: SummaryService
    package let calculator: Calculator
    package let verifier: TokenVerifier
    /// The parts behind tier 1, for `/readyz`.
    package let dependencies: [Dependency]
    /// "Today" when a request has no `as_of`: the UTC date.
    package let today: @Sendable () -> Day
    /// Tier 3; nil when no API key is configured.
    package let ai: AITier?
    /// Per-user request rates per tier.
    package let limiter: any RateLimiter
    /// Every answered request, to PostgreSQL in batches; nil without a database.
    package let routeLog: RouteLog?
    /// The prompt-injection pre-check in front of tier 3.
    package let screening: PromptScreening

    package init(
        classifier: Classifier, summaries: SummaryService, calculator: Calculator, verifier: TokenVerifier,
        dependencies: [Dependency], ai: AITier? = nil, limiter: any RateLimiter = InProcessRateLimiter(limits: .off),
        routeLog: RouteLog? = nil, screening: PromptScreening = PromptScreening(), today: @escaping @Sendable () -> Day = Day.todayUTC
    ) {
        self.routeLog = routeLog
        self.screening = screening
        self.ai = ai
        self.limiter = limiter
        self.classifier = classifier
        self.summaries = summaries
        self.calculator = calculator
        self.verifier = verifier
        self.dependencies = dependencies
        self.today = today
    }

    /// The zero-setup composition (embedded SQLite with the demo data, in-process cache), built
    /// by `RouterRuntime` like every other; for tests and tools that set a few things by hand.
    package static func embedded(
        verifier: TokenVerifier, ttls: SummaryTTLs = SummaryTTLs(), defaults: ComputeDefaults = ComputeDefaults(),
        cacheCapacity: Int = 10_000, ai: AITier? = nil, rateLimits: RateLimits = .off, logger: Logger
    ) async throws -> RouterServices {
        var c = RouterConfiguration()
        c.ttls = ttls
        c.computeDefaults = defaults
        c.cacheCapacity = cacheCapacity
        c.rateLimits = rateLimits
        return try await RouterRuntime.make(configuration: c, verifier: verifier, logger: logger).services.with(ai: ai)
    }
}

extension Day {
    /// Today's date in UTC.
    package static func todayUTC() -> Day {
        Day(ordinal: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}

extension RouterServices {
    /// The same services with tier 3 replaced (tests; composition).
    package func with(ai: AITier?) -> RouterServices {
        RouterServices(
            classifier: classifier, summaries: summaries, calculator: calculator, verifier: verifier, dependencies: dependencies,
            ai: ai, limiter: limiter, routeLog: routeLog, screening: screening, today: today
        )
    }

    /// The same services with another injection pre-check mode (tests).
    package func with(screening: PromptScreening) -> RouterServices {
        RouterServices(
            classifier: classifier, summaries: summaries, calculator: calculator, verifier: verifier, dependencies: dependencies,
            ai: ai, limiter: limiter, routeLog: routeLog, screening: screening, today: today
        )
    }

    /// The same services with other rate limits, kept in process (tests).
    package func with(rateLimits: RateLimits) -> RouterServices {
        RouterServices(
            classifier: classifier, summaries: summaries, calculator: calculator, verifier: verifier, dependencies: dependencies,
            ai: ai, limiter: InProcessRateLimiter(limits: rateLimits), routeLog: routeLog, screening: screening, today: today
        )
    }

    /// Admits one request of `user` at `tier`, or throws the 429.
    /// - Parameter notes: where to record the `limit` phase (nil: the caller times it).
    func admit(user: String, tier: Tier, notes: RequestNotes?) async throws(RouterError) {
        let start = ContinuousClock.now
        defer { notes?.add(phase: "limit", since: start) }
        if case .limited(let seconds) = await limiter.admit(user: user, tier: tier) {
            // Counted with every other refusal, by problem type, in `router_rejections_total`.
            throw .rateLimited(tier: tier, retryAfter: seconds)
        }
    }
}
