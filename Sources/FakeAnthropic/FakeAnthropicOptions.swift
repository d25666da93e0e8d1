/// How the fake server behaves: authentication, simulated latency and prompt-cache threshold.
///
/// A value type so tests can build one inline and swap it atomically via
/// ``FakeAnthropicState/setOptions(_:)``.
package struct FakeAnthropicOptions: Sendable {
    /// If set, requests must carry exactly this key (`x-api-key` or `Authorization: Bearer`);
    /// otherwise any non-empty key is accepted. A request without any key is always a 401.
    package var apiKey: String?
    /// Delay before the first content block; pings are sent meanwhile when streaming.
    package var timeToFirstToken: Duration
    /// Output pacing in estimated tokens per second; 0 sends everything at once.
    package var tokensPerSecond: Double
    /// Prefixes shorter than this (in estimated tokens) are silently not cached, as on the real API.
    package var minimumCacheableTokens: Int
    /// Interval of `event: ping` while waiting for the first token or between slow deltas.
    package var pingInterval: Duration
    /// Model ids accepted by `/v1/messages`; anything else is a 404 `not_found_error`.
    package var knownModels: Set<String>
    /// Oldest request records are dropped beyond this many, so long benchmark runs stay bounded in memory.
    package var maximumRecordedRequests: Int

    /// The model ids of the fact sheet (§7), current and previous generations.
    package static let defaultModels: Set<String> = [
        "claude-fable-5-2", "claude-mythos-5-2", "claude-fable-5-1", "claude-mythos-5-1",
        "claude-opus-5-5", "claude-sonnet-5-5", "claude-haiku-5-5",
        "claude-fable-5", "claude-mythos-5", "claude-opus-5", "claude-sonnet-5",
        "claude-opus-4-8", "claude-opus-4-7", "claude-opus-4-6", "claude-opus-4-5",
        "claude-sonnet-4-6", "claude-sonnet-4-5", "claude-haiku-4-5",
    ]

    package init(
        apiKey: String? = nil,
        timeToFirstToken: Duration = .zero,
        tokensPerSecond: Double = 0,
        minimumCacheableTokens: Int = 1024,
        pingInterval: Duration = .milliseconds(200),
        knownModels: Set<String> = FakeAnthropicOptions.defaultModels,
        maximumRecordedRequests: Int = 10_000
    ) {
        self.apiKey = apiKey
        self.timeToFirstToken = timeToFirstToken
        self.tokensPerSecond = tokensPerSecond
        self.minimumCacheableTokens = minimumCacheableTokens
        self.pingInterval = pingInterval
        self.knownModels = knownModels
        self.maximumRecordedRequests = maximumRecordedRequests
    }
}
