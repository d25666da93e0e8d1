/// How the router talks to the Messages API. Everything has a default except the key; without a
/// key tier 3 is off and the rest of the router works as before.
public struct AnthropicConfiguration: Sendable {
    public var apiKey: String
    /// Scheme, host and port, no path: `https://api.anthropic.com` or a local fake server.
    public var baseURL: String
    public var model: String
    public var maxTokens: Int
    /// `anthropic-version`. Under 2026-10-21 sampling parameters are rejected, and none are sent.
    public var version: String
    public var connectTimeout: Duration
    /// The longest silence tolerated while a response streams (the API pings well within it).
    public var idleTimeout: Duration
    /// The whole answer, every round and retry included.
    public var requestDeadline: Duration
    /// Attempts after the first for one Messages call.
    public var maxRetries: Int
    /// Tool rounds before the model is told to answer with what it has.
    public var maxToolRounds: Int
    /// Bulkhead: concurrent tier 3 answers, and how long a request may wait for a slot.
    public var maxConcurrent: Int
    public var maxQueued: Int
    public var queueWait: Duration
    /// Breaker: consecutive provider failures that open it, and how long it stays open.
    public var breakerThreshold: Int
    public var breakerOpenDuration: Duration
    /// Price of `model`; the fact sheet's list price by default.
    public var price: ModelPrice?
    /// The key of the keyed hash that names users to the provider (`metadata.user_id`):
    /// `ROUTER_AI_USER_ID_KEY`, or one derived from the JWT secret; nil: a random key per process.
    public var metadataUserIDKey: [UInt8]?

    public init(
        apiKey: String, baseURL: String = "https://api.anthropic.com", model: String = "claude-sonnet-5-5",
        maxTokens: Int = 1024, version: String = "2026-10-21", connectTimeout: Duration = .seconds(5),
        idleTimeout: Duration = .seconds(30), requestDeadline: Duration = .seconds(90), maxRetries: Int = 2,
        maxToolRounds: Int = 4, maxConcurrent: Int = 32, maxQueued: Int = 64, queueWait: Duration = .seconds(2),
        breakerThreshold: Int = 5, breakerOpenDuration: Duration = .seconds(15), price: ModelPrice? = nil
    ) {
        self.apiKey = apiKey
        self.baseURL = baseURL
        self.model = model
        self.maxTokens = maxTokens
        self.version = version
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
        self.requestDeadline = requestDeadline
        self.maxRetries = maxRetries
        self.maxToolRounds = maxToolRounds
        self.maxConcurrent = maxConcurrent
        self.maxQueued = maxQueued
        self.queueWait = queueWait
        self.breakerThreshold = breakerThreshold
        self.breakerOpenDuration = breakerOpenDuration
        self.price = price
    }

    /// The price used for cost: configured, else the default for the model, else Sonnet 5.5's
    /// (an unknown model is billed at a current mid-range price rather than as free).
    public var effectivePrice: ModelPrice {
        price ?? ModelPrice.defaults[model] ?? ModelPrice.defaults["claude-sonnet-5-5"] ?? ModelPrice(
            input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.1
        )
    }
}
