/// A tier 3 answer that did not come, and what its calls cost anyway: a call cut short by the
/// client, the provider or the deadline is still billed for what it used, so the caller charges
/// `spend` whatever `reason` says.
public struct AssistantFailure<Refusal: Error & Sendable>: Error, Sendable {
    public enum Reason: Error, Sendable {
        /// The provider, the deadline, the bulkhead or the caller's cancellation ended it.
        case ai(AIError)
        /// The funding refused a call.
        case refused(Refusal)
    }

    public var reason: Reason
    /// Every call that reached the provider, priced.
    public var spend: Spend

    public init(reason: Reason, spend: Spend) {
        self.reason = reason
        self.spend = spend
    }
}

extension AssistantFailure.Reason: Equatable where Refusal: Equatable {}
