import Hummingbird
import Logging
import NIOCore

/// Per-request state: the request id, when the request started (for `Server-Timing: total`),
/// and the verified user. Statically typed, set by middleware, read by handlers.
package struct AppContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    package var requestID: String = ""
    package var started: ContinuousClock.Instant = .now
    /// The token's `sub`; set only by `AuthMiddleware`, never from request data.
    package var user: String?
    /// Shared by every copy of this context: what inner layers tell the outer middleware.
    package let notes = RequestNotes()

    package init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    /// Bodies are read explicitly with the configured limit, never through the default decoder.
    package var maxUploadSize: Int { 64 * 1024 }

    /// Milliseconds since the request began.
    var elapsedMilliseconds: Double { ServerTiming.milliseconds(ContinuousClock.now - started) }
}
