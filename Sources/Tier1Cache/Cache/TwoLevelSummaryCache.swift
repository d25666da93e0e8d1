import Foundation
import Synchronization
import Resilience

/// A small bounded in-process level in front of a shared level (Redis), with a breaker around
/// the shared one. Redis down → the in-process level and SQL carry on, still correct; Redis back
/// → it is used again. Invalidations that could not reach Redis are remembered (or, past a bound,
/// replaced by "drop everything") and applied before Redis is read again, so a stale entry
/// written before an outage is never served after it.
public final class TwoLevelSummaryCache: SummaryCacheStore {
    public let local: InProcessSummaryCache
    public let shared: any SummaryCacheStore
    public let breaker: CircuitBreaker
    private let now: @Sendable () -> Double

    private struct Pending {
        var users: Set<String> = []
        var all = false
        /// A flush is under way: until it has reached Redis, Redis must not be read.
        var flushing = false
        var isEmpty: Bool { users.isEmpty && !all }
    }
    private let pending = Mutex(Pending())
    private static let pendingLimit = 10_000

    public init(
        local: InProcessSummaryCache, shared: any SummaryCacheStore, breaker: CircuitBreaker,
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        self.local = local
        self.shared = shared
        self.breaker = breaker
        self.now = now
    }

    public func get(_ key: CacheKey) async throws -> CacheEntry? {
        let near = await local.get(key)
        if let near, near.isFresh(now: now()) { return near }
        guard await flushPending() else { return near }
        do {
            let far = try await breaker.run { try await shared.get(key) }
            guard let far else { return near }
            if near == nil || far.createdAt > (near?.createdAt ?? 0) {
                await local.set(key, entry: far)
                return far
            }
            return near
        } catch {
            return near
        }
    }

    public func set(_ key: CacheKey, entry: CacheEntry) async throws {
        await local.set(key, entry: entry)
        guard await flushPending() else { return }
        _ = try? await breaker.run { try await shared.set(key, entry: entry) }
    }

    public func invalidate(user: String) async throws {
        await local.invalidate(user: user)
        do {
            try await breaker.run { try await shared.invalidate(user: user) }
        } catch {
            pending.withLock { p in
                if p.users.count >= Self.pendingLimit { p.all = true } else { p.users.insert(user) }
            }
        }
    }

    public func invalidateAll() async throws {
        await local.invalidateAll()
        do {
            try await breaker.run { try await shared.invalidateAll() }
        } catch {
            pending.withLock { $0.all = true }
        }
    }

    /// Applies remembered invalidations; false while the shared level cannot be used (down, or
    /// invalidations still on their way to it). They stay remembered until Redis has them, so a
    /// concurrent reader never sees an entry an outage should have dropped.
    private func flushPending() async -> Bool {
        enum Step { case clear, busy, flush(Pending) }
        let step = pending.withLock { p -> Step in
            if p.flushing { return .busy }
            if p.isEmpty { return .clear }
            p.flushing = true
            return .flush(p)
        }
        switch step {
        case .clear: return breaker.state != .open
        case .busy: return false
        case .flush(let todo):
            do {
                if todo.all {
                    try await breaker.run { try await shared.invalidateAll() }
                } else {
                    for user in todo.users { try await breaker.run { try await shared.invalidate(user: user) } }
                }
                pending.withLock { p in
                    p.users.subtract(todo.users)
                    if todo.all { p.all = false }
                    p.flushing = false
                }
                return true
            } catch {
                pending.withLock { $0.flushing = false }
                return false
            }
        }
    }
}
