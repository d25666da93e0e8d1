import Hummingbird
import NIOCore
import Prometheus

/// `GET /metrics`: everything recorded through swift-metrics, in the Prometheus text format.
/// `router serve` bootstraps the metrics system with a Prometheus factory on this registry.
enum MetricsEndpoint {
    static func response(_ registry: PrometheusCollectorRegistry, services: RouterServices) async -> Response {
        await RouterMetrics.recordBreakers(services)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
        )
    }
}
