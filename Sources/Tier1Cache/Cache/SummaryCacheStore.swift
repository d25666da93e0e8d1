/// Where summary answers are cached. The in-process store is the zero-setup default; Redis
/// implements the same interface so that any number of router instances share entries.
public protocol SummaryCacheStore: Sendable {
    func get(_ key: CacheKey) async throws -> CacheEntry?
    func set(_ key: CacheKey, entry: CacheEntry) async throws
    /// Drops every entry of a user: their data changed.
    func invalidate(user: String) async throws
    /// Drops every entry (a table was truncated, or notifications may have been missed).
    func invalidateAll() async throws
}
