/// Token counts of one Messages call (or the sum of several), as the API reports them.
public struct Usage: Sendable, Equatable {
    /// Uncached input: the part after the last cache hit or write.
    public var inputTokens: Int
    public var outputTokens: Int
    /// Written to the cache (all TTLs).
    public var cacheCreationInputTokens: Int
    public var cacheReadInputTokens: Int
    /// Of the writes, those with the one-hour TTL (billed higher); the rest are five-minute writes.
    public var cacheCreation1hInputTokens: Int

    public init(input: Int = 0, output: Int = 0, cacheCreation: Int = 0, cacheRead: Int = 0, cacheCreation1h: Int = 0) {
        inputTokens = input
        outputTokens = output
        cacheCreationInputTokens = cacheCreation
        cacheReadInputTokens = cacheRead
        cacheCreation1hInputTokens = cacheCreation1h
    }

    public static func + (a: Usage, b: Usage) -> Usage {
        Usage(
            input: a.inputTokens + b.inputTokens, output: a.outputTokens + b.outputTokens,
            cacheCreation: a.cacheCreationInputTokens + b.cacheCreationInputTokens,
            cacheRead: a.cacheReadInputTokens + b.cacheReadInputTokens,
            cacheCreation1h: a.cacheCreation1hInputTokens + b.cacheCreation1hInputTokens
        )
    }

    /// Applies a `usage` object of the stream: the fields it carries replace `base`'s, the rest
    /// keep their values (`message_delta` overwrites whatever it carries, `message_start` supplies
    /// the rest).
    public static func merging(_ reported: StreamUsage, over base: Usage = Usage()) -> Usage {
        var u = base
        if let v = reported.inputTokens { u.inputTokens = v }
        if let v = reported.outputTokens { u.outputTokens = v }
        if let v = reported.cacheCreationInputTokens { u.cacheCreationInputTokens = v }
        if let v = reported.cacheReadInputTokens { u.cacheReadInputTokens = v }
        if let v = reported.cacheCreation1hInputTokens { u.cacheCreation1hInputTokens = v }
        return u
    }
}
