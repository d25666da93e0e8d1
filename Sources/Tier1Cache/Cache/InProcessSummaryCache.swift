import Foundation

/// A bounded in-process cache. When full it evicts expired entries first, then the oldest
/// inserted, so memory stays bounded whatever the traffic.
public actor InProcessSummaryCache: SummaryCacheStore {
    private struct Slot {
        let entry: CacheEntry
        let user: String
    }

    public let capacity: Int
    private var slots: [CacheKey: Slot] = [:]
    private var keysByUser: [String: Set<CacheKey>] = [:]
    /// Insertion order for eviction; may hold keys already gone (skipped when popped).
    private var order: [CacheKey] = []
    private var orderHead = 0
    private let now: @Sendable () -> Double

    public init(capacity: Int = 10_000, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.capacity = max(1, capacity)
        self.now = now
    }

    public var count: Int { slots.count }

    public func get(_ key: CacheKey) -> CacheEntry? {
        let entry = slots[key]?.entry
        CacheMetrics.lookup(level: "memory", entry: entry, now: now())
        // Kept past its freshness only until evicted: callers decide what stale means.
        return entry
    }

    public func set(_ key: CacheKey, entry: CacheEntry) {
        if slots.updateValue(Slot(entry: entry, user: key.user), forKey: key) == nil {
            order.append(key)
            keysByUser[key.user, default: []].insert(key)
        }
        if slots.count > capacity { evict() }
        if order.count - orderHead > 2 * capacity { compactOrder() }
    }

    /// Invalidated keys leave stale places in `order`; rebuild it so it stays bounded.
    private func compactOrder() {
        var seen = Set<CacheKey>()
        var kept: [CacheKey] = []
        kept.reserveCapacity(slots.count)
        for key in order[orderHead...] where slots[key] != nil && seen.insert(key).inserted {
            kept.append(key)
        }
        order = kept
        orderHead = 0
    }

    public func invalidate(user: String) {
        guard let keys = keysByUser.removeValue(forKey: user) else { return }
        for key in keys { slots.removeValue(forKey: key) }
    }

    public func invalidateAll() {
        slots.removeAll()
        keysByUser.removeAll()
        order.removeAll()
        orderHead = 0
    }

    private func evict() {
        let t = now()
        // First everything expired (bounded scan), then oldest inserted until under capacity.
        if slots.count > capacity {
            let expired = slots.filter { !$0.value.entry.isFresh(now: t) }.map(\.key)
            for key in expired.prefix(slots.count - capacity + capacity / 10) { remove(key) }
        }
        while slots.count > capacity, orderHead < order.count {
            let key = order[orderHead]
            orderHead += 1
            remove(key)
        }
        if orderHead > 1024 && orderHead * 2 > order.count {
            order.removeFirst(orderHead)
            orderHead = 0
        }
    }

    private func remove(_ key: CacheKey) {
        guard let slot = slots.removeValue(forKey: key) else { return }
        keysByUser[slot.user]?.remove(key)
        if keysByUser[slot.user]?.isEmpty == true { keysByUser.removeValue(forKey: slot.user) }
    }
}
