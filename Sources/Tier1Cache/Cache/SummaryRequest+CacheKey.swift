import Domain

extension SummaryRequest {
    /// Scoped to the user; versioned so that a change of payload format never reads old entries.
    public func cacheKey(user: String) -> String {
        Self.flatKey(user: user, entry: entryKey)
    }

    /// Where this request's answer lives in the user's cache.
    public func key(user: String) -> CacheKey {
        let entry = entryKey
        return CacheKey(user: user, entry: entry, flat: Self.flatKey(user: user, entry: entry))
    }

    private static func flatKey(user: String, entry: String) -> String {
        // The user's length prefixes it, so no user id can forge another's key, whatever it contains.
        "v1|" + String(user.utf8.count) + ":" + user + "|" + entry
    }
}
