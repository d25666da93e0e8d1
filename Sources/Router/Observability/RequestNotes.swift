import Synchronization
import Tier3AI

/// What inner layers learn about a request that the outermost middleware reports: the verified
/// user, whether the answer came from the cache, the AI usage. `AppContext` is a value that each
/// middleware copies, so these notes are a shared reference instead.
package final class RequestNotes: Sendable {
    struct Values {
        var user: String?
        var cacheHit: Bool?
        var usage: AIUsage?
        /// A streamed answer finishes after the middleware returned: the stream records itself.
        var streamed = false
        /// A stream that ended with an `error` event: that problem's status, for the route log.
        var streamFailureStatus: Int?
        /// Phases that ran before the handler built its `Server-Timing` (auth, body, limit).
        var phases = ServerTiming()
    }

    private let values = Mutex(Values())

    init() {}

    var user: String? {
        get { values.withLock { $0.user } }
        set { values.withLock { $0.user = newValue } }
    }

    var cacheHit: Bool? {
        get { values.withLock { $0.cacheHit } }
        set { values.withLock { $0.cacheHit = newValue } }
    }

    var usage: AIUsage? {
        get { values.withLock { $0.usage } }
        set { values.withLock { $0.usage = newValue } }
    }

    /// The phases so far, for the handler's `Server-Timing` to start from.
    var timing: ServerTiming { values.withLock { $0.phases } }

    func add(phase name: String, since start: ContinuousClock.Instant) {
        let ms = ServerTiming.milliseconds(ContinuousClock.now - start)
        values.withLock { $0.phases.add(name, ms) }
    }

    var streamFailureStatus: Int? {
        get { values.withLock { $0.streamFailureStatus } }
        set { values.withLock { $0.streamFailureStatus = newValue } }
    }

    var streamed: Bool {
        get { values.withLock { $0.streamed } }
        set { values.withLock { $0.streamed = newValue } }
    }
}
