/// List prices of one model, in US dollars per million tokens.
public struct ModelPrice: Sendable, Equatable {
    public var input: Double
    public var output: Double
    public var cacheWrite5m: Double
    public var cacheWrite1h: Double
    public var cacheRead: Double

    public init(input: Double, output: Double, cacheWrite5m: Double, cacheWrite1h: Double, cacheRead: Double) {
        self.input = input
        self.output = output
        self.cacheWrite5m = cacheWrite5m
        self.cacheWrite1h = cacheWrite1h
        self.cacheRead = cacheRead
    }

    /// cost = (in×P_in + w5m×P_5m + w1h×P_1h + read×P_read + out×P_out) / 1e6.
    public func cost(of usage: Usage) -> Double {
        let write1h = min(usage.cacheCreation1hInputTokens, usage.cacheCreationInputTokens)
        let write5m = usage.cacheCreationInputTokens - write1h
        let micro = Double(usage.inputTokens) * input + Double(write5m) * cacheWrite5m + Double(write1h) * cacheWrite1h
            + Double(usage.cacheReadInputTokens) * cacheRead + Double(usage.outputTokens) * output
        return micro / 1_000_000
    }

    /// Defaults from the fact sheet (reference/anthropic-messages-api.md §7, November 2026);
    /// configuration may override any of them.
    public static let defaults: [String: ModelPrice] = [
        "claude-fable-5-2": ModelPrice(input: 8, output: 40, cacheWrite5m: 10, cacheWrite1h: 16, cacheRead: 0.20),
        "claude-fable-5-1": ModelPrice(input: 10, output: 50, cacheWrite5m: 12.5, cacheWrite1h: 20, cacheRead: 0.25),
        "claude-opus-5-5": ModelPrice(input: 4, output: 20, cacheWrite5m: 5, cacheWrite1h: 8, cacheRead: 0.20),
        "claude-sonnet-5-5": ModelPrice(input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.10),
        "claude-haiku-5-5": ModelPrice(input: 0.10, output: 0.50, cacheWrite5m: 0.125, cacheWrite1h: 0.20, cacheRead: 0.01),
        "claude-opus-5": ModelPrice(input: 5, output: 25, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.50),
        "claude-sonnet-5": ModelPrice(input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.20),
        "claude-sonnet-4-6": ModelPrice(input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.30),
        "claude-haiku-4-5": ModelPrice(input: 1, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.10),
    ]
}
