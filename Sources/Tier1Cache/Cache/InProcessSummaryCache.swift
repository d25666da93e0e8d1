import Foundation
import Synchronization

/// A bounded in-process cache. When full it evicts expired entries first, then the oldest
/// inserted, so memory stays bounded whatever the traffic.
///
/// A `Mutex` rather than an actor: every tier 1 hit reads it, the critical section is a
/// dictionary lookup, and a hop to an actor's executor and back cost more than the lookup.
public final class InProcessSummaryCache: SummaryCacheStore, Sendable {
    private struct Slot {
        let entry: CacheEntry
        let user: String
    }

    private struct Storage {
        var slots: [CacheKey: Slot] = [:]
        var keysByUser: [String: Set<CacheKey>] = [:]
        /// Insertion order for eviction; may hold keys already gone (skipped when popped).
        var order: [CacheKey] = []
        var orderHead = 0
    }

    public let capacity: Int
    private let storage = Mutex(Storage())
    private let now: @Sendable () -> Double

    public init(capacity: Int = 10_000, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.capacity = max(1, capacity)
        self.now = now
    }

    public var count: Int { storage.withLock { $0.slots.count } }

    public func get(_ key: CacheKey) async -> CacheEntry? {
        let entry = storage.withLock { $0.slots[key]?.entry }
        CacheMetrics.lookup(level: "memory", entry: entry, now: now())
        // Kept past its freshness only until evicted: callers decide what stale means.
        return entry
    }

    public func set(_ key: CacheKey, entry: CacheEntry) async {
        let capacity = self.capacity
        let now = self.now
        storage.withLock { s in
            if s.slots.updateValue(Slot(entry: entry, user: key.user), forKey: key) == nil {
                s.order.append(key)
                s.keysByUser[key.user, default: []].insert(key)
            }
            if s.slots.count > capacity { Self.evict(&s, capacity: capacity, now: now()) }
            if s.order.count - s.orderHead > 2 * capacity { Self.compactOrder(&s) }
        }
    }

    public func invalidate(user: String) async {
        storage.withLock { s in
            guard let keys = s.keysByUser.removeValue(forKey: user) else { return }
            for key in keys { s.slots.removeValue(forKey: key) }
        }
    }

    public func invalidateAll() async {
        storage.withLock { s in
            s.slots.removeAll()
            s.keysByUser.removeAll()
            s.order.removeAll()
            s.orderHead = 0
        }
    }

    /// Invalidated keys leave stale places in `order`; rebuild it so it stays bounded.
    private static func compactOrder(_ s: inout Storage) {
        var seen = Set<CacheKey>()
        var kept: [CacheKey] = []
        kept.reserveCapacity(s.slots.count)
        for key in s.order[s.orderHead...] where s.slots[key] != nil && seen.insert(key).inserted {
            kept.append(key)
        }
        s.order = kept
        s.orderHead = 0
    }

    private static func evict(_ s: inout Storage, capacity: Int, now t: Double) {
        // First everything expired (bounded scan), then oldest inserted until under capacity.
        if s.slots.count > capacity {
            let expired = s.slots.filter { !$0.value.entry.isFresh(now: t) }.map(\.key)
            for key in expired.prefix(s.slots.count - capacity + capacity / 10) { remove(key, from: &s) }
        }
        while s.slots.count > capacity, s.orderHead < s.order.count {
            let key = s.order[s.orderHead]
            s.orderHead += 1
            remove(key, from: &s)
        }
        if s.orderHead > 1024 && s.orderHead * 2 > s.order.count {
            s.order.removeFirst(s.orderHead)
            s.orderHead = 0
        }
    }

    private static func remove(_ key: CacheKey, from s: inout Storage) {
        guard let slot = s.slots.removeValue(forKey: key) else { return }
        s.keysByUser[slot.user]?.remove(key)
        if s.keysByUser[slot.user]?.isEmpty == true { s.keysByUser.removeValue(forKey: slot.user) }
    }
}
