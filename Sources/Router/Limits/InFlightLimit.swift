import Synchronization

/// Admission for the whole router: at most `limit` requests inside the handlers at once. Beyond it a
/// request is answered at once with 503 `overloaded` and `Retry-After`, before its body is read, so
/// that memory and latency stay bounded however much is offered. (Tier 3 has its own, smaller
/// bulkhead inside; this bound is for everything else, which otherwise only the CPU would limit.)
/// Probes are never refused: a saturated instance must still say whether it is alive and ready.
/// A streamed answer gives its place back when its headers go out; the stream itself is held to
/// tier 3's bulkhead (tiers 1 and 2 stream a finished answer).
final class InFlightLimit: Sendable {
    let limit: Int
    private let count = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Takes a place if one is free; a caller that got one must `leave()` exactly once.
    func tryEnter() -> Bool {
        let (_, now) = count.add(1, ordering: .relaxed)
        guard now <= limit else {
            count.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func leave() {
        count.subtract(1, ordering: .relaxed)
    }

    /// Health, readiness, metrics and the API description: never counted, never refused.
    static func isProbe(_ path: String) -> Bool {
        switch path {
        case "/healthz", "/readyz", "/metrics", "/openapi.json": return true
        default: return false
        }
    }
}
