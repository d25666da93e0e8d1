import AsyncHTTPClient
import Domain
import Foundation
import Logging
import QueryClassifier
import Resilience
import ServiceLifecycle
import Tier3AI

/// Tier 3 as the Router composes it: the assistant (client, prompt, breaker, bulkhead), the
/// conversation context, and how streams are kept alive.
package struct AITier: Sendable {
    package let assistant: Assistant
    let conversations: ConversationStore
    /// Daily AI spending limits (per user and global): each Messages call holds its worst case,
    /// then is charged what the provider billed.
    package let budget: any SpendingBudget
    /// The keyed hash that names users to the provider.
    let userID: ProviderUserID
    /// While nothing else is written, an SSE comment this often keeps proxies from timing the
    /// stream out, and finds out early when the client has gone (the write fails).
    package let keepAlive: Duration
    let http: HTTPClient

    package static func make(
        configuration: AnthropicConfiguration, keepAlive: Duration = .seconds(2), budget: (any SpendingBudget)? = nil, logger: Logger,
        time: any TimeSource = SystemTime()
    ) -> AITier {
        let http = AnthropicClient.makeHTTPClient(configuration)
        let prompt = PromptBuilder(
            model: configuration.model, maxTokens: configuration.maxTokens, system: AssistantPrompt.blocks, bundles: ToolBox.bundles
        )
        let assistant = Assistant(
            client: AnthropicClient(configuration: configuration, http: http, logger: logger), prompt: prompt, logger: logger, time: time
        )
        let minimum = AssistantPrompt.minimumCacheableTokens(for: configuration.model)
        for domain in ToolDomain.allCases {
            let estimate = prefixTokens(prompt, domain: domain)
            if estimate < minimum {
                logger.warning(
                    "the cached prompt prefix may be too short to cache for this model",
                    metadata: ["domain": "\(domain.rawValue)", "estimated_tokens": "\(estimate)", "minimum": "\(minimum)", "model": "\(configuration.model)"]
                )
            }
        }
        return AITier(
            assistant: assistant, conversations: ConversationStore(), budget: budget ?? InProcessSpendingBudget(limits: BudgetLimits()),
            userID: configuration.metadataUserIDKey.map { ProviderUserID(key: $0) } ?? .random(), keepAlive: keepAlive, http: http
        )
    }

    /// The first Messages request tier 3 sends for `question` (for `router prompt`, and for
    /// benchmarks that call the provider directly with the same bytes). The user id is hashed
    /// with `userIDKey` (`AnthropicConfiguration.metadataUserIDKey`), or a key made for this call.
    package static func firstRequestBody(
        model: String, maxTokens: Int = 1024, question: String, domain: Classification.Domain, asOf: Day, user: String = "u001",
        userIDKey: [UInt8]? = nil
    ) -> [UInt8] {
        let userID = userIDKey.map { ProviderUserID(key: $0) } ?? .random()
        let prompt = PromptBuilder(model: model, maxTokens: maxTokens, system: AssistantPrompt.blocks, bundles: ToolBox.bundles)
        return prompt.body(
            domain: ToolDomain(rawValue: domain.rawValue) ?? .general, question: Answering.dated(question, asOf: asOf), stream: true,
            metadataUserID: userID(user)
        )
    }

    /// Estimated tokens of the cached prefix (tools and system) of a domain's requests.
    static func prefixTokens(_ prompt: PromptBuilder, domain: ToolDomain) -> Int {
        let body = prompt.body(domain: domain, question: "", stream: true)
        let text = String(decoding: body, as: UTF8.self)
        let end = text.range(of: "\"messages\":")?.lowerBound ?? text.endIndex
        return AssistantPrompt.estimatedTokens(text[..<end].utf8.count)
    }

    /// Closes the client's connections (tests; the service below does it for `serve`).
    package func shutdown() async {
        try? await http.shutdown()
    }

    /// Shuts the HTTP client down when the service group stops.
    package var shutdownService: any Service {
        let http = self.http
        return ClientShutdown(http: http)
    }
}

/// Keeps the AI client alive for the life of the service group, then closes its connections.
struct ClientShutdown: Service {
    let http: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        try? await http.shutdown()
    }
}
