import RedisDriver
import Resilience

/// `FlightLock` on Redis: `SET lock NX PX`, released only by its owner (checked in a script).
/// When Redis cannot answer, every instance is let through: single-flight then holds per instance.
public struct RedisFlightLock: FlightLock {
    public let client: RedisClient
    public let breaker: CircuitBreaker

    public init(client: RedisClient, breaker: CircuitBreaker) {
        self.client = client
        self.breaker = breaker
    }

    static let releaseScript = Array(
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end".utf8
    )

    static func lockKey(_ key: CacheKey) -> [UInt8] { Array(("v1:lock:" + key.flat).utf8) }

    public func acquire(_ key: CacheKey, for duration: Duration) async -> FlightLease? {
        let token = String(UInt64.random(in: 1...UInt64.max), radix: 36)
        let (s, a) = duration.components
        let ms = max(1, s * 1000 + a / 1_000_000_000_000_000)
        do {
            let reply = try await breaker.run {
                try await client.send([
                    Array("SET".utf8), Self.lockKey(key), Array(token.utf8), Array("NX".utf8), Array("PX".utf8),
                    Array(String(ms).utf8),
                ])
            }
            return reply.isNull ? nil : FlightLease(key: key, token: token)
        } catch {
            return FlightLease(key: key, token: "")
        }
    }

    public func release(_ lease: FlightLease) async {
        guard !lease.token.isEmpty else { return }
        _ = try? await breaker.run {
            try await client.send([
                Array("EVAL".utf8), Self.releaseScript, Array("1".utf8), Self.lockKey(lease.key), Array(lease.token.utf8),
            ])
        }
    }
}
