import Foundation

/// The one JSON encoding of everything tier 3 sends. The provider caches a prompt prefix by its
/// exact bytes, so the same value must always be written the same way: keys sorted (never in
/// dictionary order, which changes from process to process) and slashes unescaped (`L/100km`
/// stays as written, as it always has).
enum WireJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// The bytes of `value`; `null` for what JSON cannot express (a non-finite number).
    static func bytes(_ value: some Encodable) -> [UInt8] {
        guard let data = try? encoder.encode(value) else { return Array("null".utf8) }
        return Array(data)
    }

    static func text(_ value: some Encodable) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }
}
