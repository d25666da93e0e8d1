import Foundation
import Resilience
import Synchronization

/// A small bounded in-process level in front of a shared level (Redis), with a breaker around
/// the shared one. Redis down → the in-process level and SQL carry on, still correct; Redis back
/// → it is used again. Invalidations that could not reach Redis are remembered (or, past a bound,
/// replaced by "drop everything") and applied before Redis is read again, so a stale entry
/// written before an outage is never served after it.
///
/// A Redis reply is used only if no invalidation of its user overlapped the read: a reply read
/// before a change was heard and arriving after it would otherwise be served, and copied into
/// the local level, where it would outlive the invalidation until its TTL.
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
    private let changes = Mutex(ChangeLog())

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
        // An invalidation of this user under way: Redis may still hold what it is dropping.
        guard let ticket = changes.withLock({ $0.ticket(user: key.user) }) else { return nil }
        do {
            let far = try await breaker.run { try await shared.get(key) }
            guard changes.withLock({ $0.unchanged(user: key.user, since: ticket) }) else { return nil }
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
        let t = now()
        changes.withLock { $0.begin(user: user) }
        defer { changes.withLock { $0.end(user: user, now: t) } }
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
        let t = now()
        changes.withLock { $0.begin(user: nil) }
        defer { changes.withLock { $0.end(user: nil, now: t) } }
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

/// Which invalidations are under way and when each user's last one ended, counted in a sequence
/// of its own: a read takes a ticket (the sequence number) before going to Redis and keeps the
/// reply only if nothing about its user began or ended meanwhile.
private struct ChangeLog {
    private var sequence: UInt64 = 0
    /// Per user: invalidations under way, and the sequence number and time of the last to end.
    private var users: [String: (running: Int, ended: UInt64, at: Double)] = [:]
    private var allRunning = 0
    private var allEnded: UInt64 = 0

    /// Nil while an invalidation of `user` (or of everyone) is under way.
    func ticket(user: String) -> UInt64? {
        if allRunning > 0 || (users[user]?.running ?? 0) > 0 { return nil }
        return sequence
    }

    func unchanged(user: String, since ticket: UInt64) -> Bool {
        allRunning == 0 && allEnded <= ticket && (users[user].map { $0.running == 0 && $0.ended <= ticket } ?? true)
    }

    mutating func begin(user: String?) {
        sequence += 1
        guard let user else {
            allRunning += 1
            return
        }
        users[user, default: (0, 0, 0)].running += 1
    }

    mutating func end(user: String?, now: Double) {
        sequence += 1
        guard let user else {
            allRunning -= 1
            allEnded = sequence
            return
        }
        users[user, default: (1, 0, 0)].running -= 1
        users[user]?.ended = sequence
        users[user]?.at = now
        // A Redis read lasts well under a minute (the command timeout): older records can no
        // longer overlap one. Forgetting one makes `unchanged` true for that user, as it should be.
        if users.count > 10_000 { users = users.filter { $0.value.running > 0 || now - $0.value.at < 60 } }
    }
}
