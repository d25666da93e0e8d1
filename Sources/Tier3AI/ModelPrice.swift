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

    /// The same cost in whole micro-dollars, rounded up: what budgets, metrics and the route log
    /// count. Worked in integer pico-dollars (a price per million tokens is micro-dollars per
    /// token), so a cache read at $0.10 times 30 tokens is exactly 3 µ$, never 3.0000000000000004
    /// rounded up to 4.
    public func microdollars(of usage: Usage) -> Int64 {
        let write1h = Int64(min(usage.cacheCreation1hInputTokens, usage.cacheCreationInputTokens))
        let write5m = Int64(usage.cacheCreationInputTokens) - write1h
        let pico = Int64(usage.inputTokens) * Self.pico(input) + write5m * Self.pico(cacheWrite5m) + write1h * Self.pico(cacheWrite1h)
            + Int64(usage.cacheReadInputTokens) * Self.pico(cacheRead) + Int64(usage.outputTokens) * Self.pico(output)
        return (max(0, pico) + 999_999) / 1_000_000
    }

    /// The dearest rate one input token can be billed at (a one-hour cache write, usually).
    public var dearestInput: Double { max(input, cacheWrite5m, cacheWrite1h) }

    /// Pico-dollars per token of a price in dollars per million tokens.
    static func pico(_ dollarsPerMillion: Double) -> Int64 {
        Int64((dollarsPerMillion * 1_000_000).rounded())
    }

    /// Defaults from the fact sheet (reference/anthropic-messages-api.md §7, November 2026);
    /// configuration may override any of them. Previous models still served are listed too, so
    /// that choosing one never bills it at another model's price.
    public static let defaults: [String: ModelPrice] = [
        "claude-fable-5-2": ModelPrice(input: 8, output: 40, cacheWrite5m: 10, cacheWrite1h: 16, cacheRead: 0.20),
        "claude-mythos-5-2": ModelPrice(input: 8, output: 40, cacheWrite5m: 10, cacheWrite1h: 16, cacheRead: 0.20),
        "claude-fable-5-1": ModelPrice(input: 10, output: 50, cacheWrite5m: 12.5, cacheWrite1h: 20, cacheRead: 0.25),
        "claude-mythos-5-1": ModelPrice(input: 10, output: 50, cacheWrite5m: 12.5, cacheWrite1h: 20, cacheRead: 0.25),
        "claude-opus-5-5": ModelPrice(input: 4, output: 20, cacheWrite5m: 5, cacheWrite1h: 8, cacheRead: 0.20),
        "claude-sonnet-5-5": ModelPrice(input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.10),
        "claude-haiku-5-5": ModelPrice(input: 0.10, output: 0.50, cacheWrite5m: 0.125, cacheWrite1h: 0.20, cacheRead: 0.01),
        "claude-fable-5": ModelPrice(input: 10, output: 50, cacheWrite5m: 12.5, cacheWrite1h: 20, cacheRead: 1),
        "claude-mythos-5": ModelPrice(input: 10, output: 50, cacheWrite5m: 12.5, cacheWrite1h: 20, cacheRead: 1),
        "claude-opus-5": ModelPrice(input: 5, output: 25, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.50),
        "claude-sonnet-5": ModelPrice(input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.20),
        "claude-opus-4-8": ModelPrice(input: 5, output: 25, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.50),
        "claude-opus-4-7": ModelPrice(input: 5, output: 25, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.50),
        "claude-opus-4-6": ModelPrice(input: 5, output: 25, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.50),
        "claude-opus-4-5": ModelPrice(input: 5, output: 25, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.50),
        "claude-sonnet-4-6": ModelPrice(input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.30),
        "claude-sonnet-4-5": ModelPrice(input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.30),
        "claude-haiku-4-5": ModelPrice(input: 1, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.10),
    ]
}
