import Foundation

/// The top-level keys of a value's JSON encoding.
func jsonKeys(_ value: some Encodable) throws -> Set<String> {
    let data = try JSONEncoder().encode(value)
    let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    return Set(object.keys)
}

/// A value's JSON encoding as a dictionary.
func jsonObject(_ value: some Encodable) throws -> [String: Any] {
    let data = try JSONEncoder().encode(value)
    return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
}
