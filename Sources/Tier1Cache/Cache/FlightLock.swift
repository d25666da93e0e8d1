/// Cross-instance single-flight: before running a summary's SQL, an instance takes a short
/// lease on the key in the shared cache; the others wait for the entry it writes instead of
/// running the same SQL. Leases expire on their own, so a crashed holder blocks nobody for long.
public protocol FlightLock: Sendable {
    /// The lease when this instance may load `key`; nil while another instance holds it.
    func acquire(_ key: CacheKey, for duration: Duration) async -> FlightLease?
    func release(_ lease: FlightLease) async
}

public struct FlightLease: Sendable {
    public let key: CacheKey
    /// Proves ownership on release, so an expired lease never frees another instance's.
    public let token: String

    public init(key: CacheKey, token: String) {
        self.key = key
        self.token = token
    }
}
