/// A cached summary: the encoded answer bytes (`{"answer":…,"data":…}`), so a hit is served
/// without decoding or re-encoding anything.
public struct CacheEntry: Sendable, Equatable {
    public let payload: [UInt8]
    /// Wall-clock seconds since 1970 when the SQL ran; wall clock so instances sharing a cache agree.
    public let createdAt: Double
    /// Seconds the entry is fresh for.
    public let ttl: Int

    public init(payload: [UInt8], createdAt: Double, ttl: Int) {
        self.payload = payload
        self.createdAt = createdAt
        self.ttl = ttl
    }

    public func age(now: Double) -> Int { max(0, Int(now - createdAt)) }
    public func isFresh(now: Double) -> Bool { now - createdAt < Double(ttl) }
    /// Whole seconds of freshness left, for `Cache-Control: max-age`.
    public func remaining(now: Double) -> Int { max(0, Int((createdAt + Double(ttl) - now).rounded(.down))) }
}
