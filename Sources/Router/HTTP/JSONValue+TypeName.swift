import Tier3AI

extension JSONValue {
    /// The JSON type with its article, for problems that say what a field held instead:
    /// "limit must be an integer, not a string".
    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
