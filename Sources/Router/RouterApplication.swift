import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import UnixSignals

/// Builds the HTTP application: middleware order is request id/problems → auth → handlers.
package enum RouterApplication {
    /// - Parameter metrics: the registry `/metrics` shows; `router serve` bootstraps swift-metrics onto
    ///   the default one.
    package static func router(
        services: RouterServices, configuration: RouterConfiguration,
        metrics: PrometheusCollectorRegistry = PrometheusMetricsFactory.defaultRegistry
    ) -> Router<AppContext> {
        let router = Router(context: AppContext.self)
        router.add(
            middleware: RequestMiddleware(
                headerLimit: configuration.headerLimit, routeLog: services.routeLog,
                inFlight: configuration.maxInFlight > 0 ? InFlightLimit(limit: configuration.maxInFlight) : nil
            )
        )
        router.get("metrics") { _, _ in await MetricsEndpoint.response(metrics, services: services) }
        let auth = AuthMiddleware(
            verifier: services.verifier,
            userInFlight: configuration.maxInFlightPerUser > 0 ? UserInFlightLimit(limit: configuration.maxInFlightPerUser) : nil
        )
        CatalogController(services: services).addRoutes(to: router, v1: router.group("v1").add(middleware: auth))
        let v1 = router.group("v1").add(middleware: auth)
        QueryController(services: services, bodyLimit: configuration.bodyLimit).addRoutes(to: v1)
        DashboardController(services: services).addRoutes(to: v1)
        return router
    }

    /// The Prometheus factory `router serve` bootstraps swift-metrics with: duration histograms with
    /// buckets from 100 µs (tier 1 and 2 answers) to 90 s (tier 3).
    package static func metricsFactory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = RouterMetrics.durationBuckets
        return factory
    }

    /// The service group `router serve` runs: SIGTERM or SIGINT start a graceful shutdown (stop
    /// accepting, let in-flight requests and streams finish, then the background services in reverse
    /// order: the route log writes what is left before its pool closes); after the configured grace
    /// everything still running is cancelled. A second signal does not cut it short.
    package static func serviceGroup(
        _ application: some ApplicationProtocol, configuration: RouterConfiguration, logger: Logger
    ) -> ServiceGroup {
        var group = ServiceGroupConfiguration(
            services: [.init(service: application)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        )
        group.maximumGracefulShutdownDuration = .seconds(configuration.shutdownGraceSeconds)
        group.maximumCancellationDuration = .seconds(5)
        return ServiceGroup(configuration: group)
    }

    /// How long a connection may take: Hummingbird closes one that stays `idleTimeoutSeconds`
    /// without a complete request part (idle keep-alive, a header still arriving), and
    /// `BodyDeadline` one whose body has not ended `bodyTimeoutSeconds` after its header.
    static func connectionConfiguration(_ c: RouterConfiguration) -> HTTP1Channel.Configuration {
        let body = TimeAmount.seconds(Int64(c.bodyTimeoutSeconds))
        return HTTP1Channel.Configuration(
            additionalChannelHandlers: [BodyDeadline(timeout: body)], idleTimeout: .seconds(Int64(c.idleTimeoutSeconds))
        )
    }

    package static func make(
        services: RouterServices, configuration: RouterConfiguration, logger: Logger, background: [any Service] = [],
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(services: services, configuration: configuration),
            server: .http1(configuration: connectionConfiguration(configuration)),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "edge-router"),
            services: background,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
    }
}
