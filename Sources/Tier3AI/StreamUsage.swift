/// The `usage` object of a stream event, every field optional: `message_start` carries the
/// input side, `message_delta` cumulative totals. A field that is absent, null or not a number
/// is nil, and `Usage.merging` keeps the earlier value for it.
public struct StreamUsage: Sendable, Equatable, Decodable {
    public var inputTokens: Int?
    public var outputTokens: Int?
    public var cacheCreationInputTokens: Int?
    public var cacheReadInputTokens: Int?
    /// Of the writes, those with the one-hour TTL (`cache_creation.ephemeral_1h_input_tokens`).
    public var cacheCreation1hInputTokens: Int?

    public init(
        inputTokens: Int? = nil, outputTokens: Int? = nil, cacheCreationInputTokens: Int? = nil, cacheReadInputTokens: Int? = nil,
        cacheCreation1hInputTokens: Int? = nil
    ) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheCreationInputTokens = cacheCreationInputTokens
        self.cacheReadInputTokens = cacheReadInputTokens
        self.cacheCreation1hInputTokens = cacheCreation1hInputTokens
    }

    enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case cacheCreationInputTokens = "cache_creation_input_tokens"
        case cacheReadInputTokens = "cache_read_input_tokens"
        case cacheCreation = "cache_creation"
    }

    enum CacheCreationKeys: String, CodingKey {
        case ephemeral1hInputTokens = "ephemeral_1h_input_tokens"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func count(_ key: CodingKeys) -> Int? { try? container.decodeIfPresent(Int.self, forKey: key) }
        inputTokens = count(.inputTokens)
        outputTokens = count(.outputTokens)
        cacheCreationInputTokens = count(.cacheCreationInputTokens)
        cacheReadInputTokens = count(.cacheReadInputTokens)
        let creation = try? container.nestedContainer(keyedBy: CacheCreationKeys.self, forKey: .cacheCreation)
        cacheCreation1hInputTokens = creation.flatMap { try? $0.decodeIfPresent(Int.self, forKey: .ephemeral1hInputTokens) }
    }
}
