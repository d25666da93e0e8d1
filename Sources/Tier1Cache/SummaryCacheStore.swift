/// Where summary answers are cached. The in-process store is the zero-setup default; Redis
/// implements the same interface so that any number of router instances share entries.
public protocol SummaryCacheStore: Sendable {
    func get(_ key: String) async throws -> CacheEntry?
    /// Stores an entry for `user` (so it can be invalidated with the user's other entries).
    func set(_ key: String, user: String, entry: CacheEntry) async throws
    /// Drops every entry of a user: their data changed.
    func invalidate(user: String) async throws
}
