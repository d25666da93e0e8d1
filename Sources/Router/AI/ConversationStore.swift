import Foundation
import Tier3AI

/// Earlier exchanges of a conversation (`conversation_id`), so a follow-up question reaches
/// Claude with its context. Keyed by the verified user and the id together: a conversation id
/// guessed or copied from another user finds nothing. Bounded in conversations, turns and age.
///
/// In-process: with several instances behind a balancer without affinity, a follow-up that lands
/// on another instance starts without context (the answer is still correct, just less informed).
actor ConversationStore {
    struct Exchange: Sendable {
        let question: String
        let answer: String
    }

    private struct Entry {
        var exchanges: [Exchange]
        var touched: ContinuousClock.Instant
    }

    let capacity: Int
    let maxExchanges: Int
    let maxAge: Duration
    private var entries: [String: Entry] = [:]
    private let clock = ContinuousClock()

    init(capacity: Int = 10_000, maxExchanges: Int = 4, maxAge: Duration = .seconds(3600)) {
        self.capacity = capacity
        self.maxExchanges = maxExchanges
        self.maxAge = maxAge
    }

    private static func key(user: String, id: String) -> String { user + "\u{0}" + id }

    /// The conversation's earlier turns, oldest first, as prompt turns.
    func history(user: String, id: String) -> [PromptBuilder.Turn] {
        let key = Self.key(user: user, id: id)
        guard let entry = entries[key] else { return [] }
        guard clock.now - entry.touched < maxAge else {
            entries[key] = nil
            return []
        }
        return entry.exchanges.flatMap { exchange in
            [
                PromptBuilder.Turn(role: .user, content: .text(exchange.question)),
                PromptBuilder.Turn(role: .assistant, content: .text(exchange.answer)),
            ]
        }
    }

    func append(user: String, id: String, question: String, answer: String) {
        let key = Self.key(user: user, id: id)
        var entry = entries[key] ?? Entry(exchanges: [], touched: clock.now)
        entry.exchanges.append(Exchange(question: question, answer: answer))
        if entry.exchanges.count > maxExchanges { entry.exchanges.removeFirst(entry.exchanges.count - maxExchanges) }
        entry.touched = clock.now
        entries[key] = entry
        if entries.count > capacity { evictOldest() }
    }

    private func evictOldest() {
        // Rare (only past capacity): drop the least recently used tenth.
        let victims = entries.sorted { $0.value.touched < $1.value.touched }.prefix(max(1, capacity / 10))
        for (key, _) in victims { entries[key] = nil }
    }
}
