/// Where a summary answer lives: the user's cache, and the entry for the canonical parameters.
/// Stores that can group by user (Redis: one hash per user) use `user` and `entry`; flat stores use `flat`.
public struct CacheKey: Hashable, Sendable {
    public let user: String
    public let entry: String
    /// `v1|<length>:<user>|<entry>`: unique per user and parameters, whatever the user id contains.
    public let flat: String

    public init(user: String, entry: String, flat: String) {
        self.user = user
        self.entry = entry
        self.flat = flat
    }

    public static func == (a: CacheKey, b: CacheKey) -> Bool { a.flat == b.flat }
    public func hash(into hasher: inout Hasher) { hasher.combine(flat) }
}
