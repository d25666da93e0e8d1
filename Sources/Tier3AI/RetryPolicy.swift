/// When to try a Messages call again: the official SDKs' schedule (fact sheet §6), i.e.
/// `min(0.5 × 2^n, 8)` seconds with up to 25 % jitter, unless the provider said how long to wait.
public struct RetryPolicy: Sendable {
    public var maxRetries: Int
    public var base: Double = 0.5
    public var cap: Double = 8

    public init(maxRetries: Int) {
        self.maxRetries = maxRetries
    }

    /// The wait before retry number `retry` (0 for the first retry), in seconds. A `retry-after`
    /// from the provider wins: retrying earlier would only be refused again.
    public func delay(retry: Int, retryAfter: Double?, random: Double = Double.random(in: 0..<1)) -> Double {
        if let retryAfter, retryAfter > 0 { return retryAfter }
        let backoff = min(base * Double(1 << min(retry, 16)), cap)
        return backoff * (1 - 0.25 * random)
    }
}
