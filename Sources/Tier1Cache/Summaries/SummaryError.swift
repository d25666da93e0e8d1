/// Why a summary could not be answered. Each maps to one HTTP problem in the Router.
public enum SummaryError: Error, Sendable {
    /// The database failed or timed out, and no cached answer could stand in.
    case storeUnavailable(String)
    /// The answer could not be encoded (a bug, reported as such).
    case encodingFailed(String)
}
