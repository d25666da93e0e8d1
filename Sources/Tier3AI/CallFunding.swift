/// Pays for the Messages calls of one answer. Before each call the assistant reserves the most
/// that call can cost; after it, however it ended (answered, cut, failed, cancelled, past the
/// deadline), it settles with what the provider billed. The Router binds one to the asking
/// user's daily budgets; Tier3AI knows nothing of budgets, only that a call may be refused.
public protocol CallFunding: Sendable {
    /// Why a call may not be made; it ends the answer and reaches the caller as it is.
    associatedtype Refusal: Error & Sendable
    /// What a reservation returns and settling takes back.
    associatedtype Hold: Sendable

    /// Holds `microdollars`, the call's worst case, or refuses the call.
    func reserve(microdollars: Int64) async throws(Refusal) -> Hold

    /// Replaces `hold` by what the call cost (which may be zero: nothing billed). The assistant
    /// runs it shielded from cancellation, so it completes after a client leaves too.
    func settle(_ hold: Hold, spend: Spend) async
}

/// Funding that never refuses and records nothing: tests and tools that call the assistant
/// without budgets.
public struct Unfunded: CallFunding {
    public typealias Refusal = Never
    public typealias Hold = Void

    public init() {}

    public func reserve(microdollars: Int64) async throws(Never) {}

    public func settle(_ hold: Void, spend: Spend) async {}
}
