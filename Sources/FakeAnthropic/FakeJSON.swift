import Foundation

/// A JSON value: tool inputs in scripts, and the fake's own view of request bodies.
///
/// Objects are unordered; ``jsonText`` writes them with `"type"` first and the remaining keys
/// sorted, which is both close to the real wire and deterministic (the prompt-cache keys rely on it).
package enum FakeJSON: Sendable, Hashable {
    case object([String: FakeJSON])
    case array([FakeJSON])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
}

extension FakeJSON {
    package subscript(key: String) -> FakeJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    package var objectValue: [String: FakeJSON]? {
        if case .object(let members) = self { return members }
        return nil
    }

    package var arrayValue: [FakeJSON]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    package var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    package var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// The number as an `Int` when it is integral and in range.
    package var intValue: Int? {
        guard case .number(let number) = self, number.isFinite, number.rounded() == number,
              abs(number) < 9.0e15 else { return nil }
        return Int(number)
    }

    /// A copy of an object without one member (used to strip `cache_control` before hashing).
    func removing(_ key: String) -> FakeJSON {
        guard case .object(var members) = self else { return self }
        members[key] = nil
        return .object(members)
    }

    /// Parses a complete JSON document.
    package static func parse(_ bytes: [UInt8]) throws -> FakeJSON {
        try JSONDecoder().decode(FakeJSON.self, from: Data(bytes))
    }
}

extension FakeJSON: Codable {
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let elements = try? container.decode([FakeJSON].self) {
            self = .array(elements)
        } else {
            self = .object(try container.decode([String: FakeJSON].self))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .object(let members): try container.encode(members)
        case .array(let elements): try container.encode(elements)
        case .string(let text): try container.encode(text)
        case .number(let number): try container.encode(number)
        case .bool(let flag): try container.encode(flag)
        case .null: try container.encodeNil()
        }
    }
}

extension FakeJSON {
    /// Compact JSON text; object keys in a fixed order (`type` first, then sorted).
    package var jsonText: String {
        var output = ""
        write(into: &output)
        return output
    }

    func write(into output: inout String) {
        switch self {
        case .null:
            output += "null"
        case .bool(let flag):
            output += flag ? "true" : "false"
        case .number(let number):
            output += Self.numberText(number)
        case .string(let text):
            Self.writeString(text, into: &output)
        case .array(let elements):
            output += "["
            for (position, element) in elements.enumerated() {
                if position > 0 { output += "," }
                element.write(into: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (position, key) in members.keys.sorted(by: Self.keyOrder).enumerated() {
                if position > 0 { output += "," }
                Self.writeString(key, into: &output)
                output += ":"
                members[key]?.write(into: &output)
            }
            output += "}"
        }
    }

    private static func keyOrder(_ lhs: String, _ rhs: String) -> Bool {
        if lhs == "type" { return rhs != "type" }
        if rhs == "type" { return false }
        return lhs < rhs
    }

    private static func numberText(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number.rounded() == number, abs(number) < 1.0e15 { return String(Int64(number)) }
        return "\(number)"
    }

    private static func writeString(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}

extension FakeJSON: ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    package init(dictionaryLiteral elements: (String, FakeJSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    package init(arrayLiteral elements: FakeJSON...) { self = .array(elements) }
    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int) { self = .number(Double(value)) }
    package init(floatLiteral value: Double) { self = .number(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(nilLiteral: ()) { self = .null }
}
