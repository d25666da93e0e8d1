/// Random ids shaped like the real ones (`msg_…`, `toolu_…`, `req_…`).
enum RandomIdentifier {
    private static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    static func base62(count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in base62[Int.random(in: 0..<base62.count, using: &generator)] })
    }

    static func message() -> String { "msg_01" + base62(count: 22) }
    static func toolUse() -> String { "toolu_" + base62(count: 24) }
    static func request() -> String { "req_011" + base62(count: 21) }
    /// A thinking signature: opaque to clients, which must echo it back unmodified.
    static func signature() -> String { "Eq" + base62(count: 94) }
}
