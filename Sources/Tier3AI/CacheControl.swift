/// A prompt-cache breakpoint on a tool, system block or content block: the provider caches the
/// prompt up to and including the block that carries it (at most 4 per request).
public struct CacheControl: Sendable, Hashable, Codable {
    /// The only kind of cache the API has.
    public enum Kind: String, Sendable, Hashable, Codable {
        case ephemeral
    }

    /// How long an entry lives. Absent means the provider's default, five minutes; the router
    /// sends none, as one-hour writes cost more.
    public enum TTL: String, Sendable, Hashable, Codable {
        case fiveMinutes = "5m"
        case oneHour = "1h"
    }

    public var type: Kind
    public var ttl: TTL?

    public init(type: Kind = .ephemeral, ttl: TTL? = nil) {
        self.type = type
        self.ttl = ttl
    }

    /// `{"type":"ephemeral"}`: the marker every breakpoint of the router carries.
    public static let ephemeral = CacheControl()

    /// The marker as a JSON value, for blocks kept as `JSONValue`.
    var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["type": .string(type.rawValue)]
        if let ttl { object["ttl"] = .string(ttl.rawValue) }
        return .object(object)
    }
}
