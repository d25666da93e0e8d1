/// Why tier 3 could not answer. Each case maps to one HTTP problem in the Router.
public enum AIError: Error, Sendable, Equatable {
    /// No API key is configured.
    case notConfigured
    /// Every slot of the bulkhead stayed busy for the whole bounded wait.
    case saturated(retryAfterSeconds: Int)
    /// The provider breaker is open after repeated failures.
    case breakerOpen(retryAfterSeconds: Int)
    /// The provider answered with an error status (after any retries).
    case upstream(status: Int, type: String, message: String, retryAfterSeconds: Int?)
    /// The connection failed or was cut before a complete answer.
    case connection(String)
    /// The stream reported an `error` event after the 200.
    case streamError(type: String, message: String)
    /// The per-request deadline passed.
    case timedOut(seconds: Double)
    /// The model kept asking for tools past the bound on rounds.
    case toolRoundsExceeded(Int)
    /// The provider sent something that is not a Messages API response.
    case invalidResponse(String)
    /// The caller went away.
    case cancelled

    /// Failures that say the provider is unhealthy: they count towards the breaker.
    var countsAgainstProvider: Bool {
        switch self {
        case .upstream(let status, _, _, _): return status == 429 || status == 408 || status >= 500
        case .connection, .streamError, .timedOut, .invalidResponse: return true
        case .notConfigured, .saturated, .breakerOpen, .toolRoundsExceeded, .cancelled: return false
        }
    }

    /// Worth another attempt (fact sheet §6: connection errors, 408, 409, 429, ≥ 500), if nothing
    /// of the attempt reached the client.
    var isRetryable: Bool {
        switch self {
        case .upstream(let status, _, _, _): return status == 408 || status == 409 || status == 429 || status >= 500
        case .connection: return true
        default: return false
        }
    }
}
