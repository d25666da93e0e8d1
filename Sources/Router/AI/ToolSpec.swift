import Foundation
import QueryClassifier
import Tier3AI

/// A tier 1 or tier 2 route offered to Claude as a tool: its input schema, written once here,
/// is both what the model is shown and what its inputs are checked against before anything runs.
/// There is no user field: the user is bound from the request's credentials.
struct ToolSpec: Sendable {
    enum Kind: String, Sendable { case string, number, integer }

    struct Property: Sendable {
        let name: String
        let kind: Kind
        let description: String
        var allowed: [String]? = nil
        var minimum: Double? = nil
        var maximum: Double? = nil
        var maxLength: Int = 120
    }

    /// The tool name (`summary_spend`) and the catalogue route it runs (`summary.spend`).
    let name: String
    let route: Route
    let description: String
    let properties: [Property]
    let required: [String]

    var definition: ToolDefinition {
        ToolDefinition(name: name, description: description, inputSchema: schema)
    }

    /// JSON Schema 2020-12 for the input; the prompt builder writes it canonically.
    var schema: JSONValue {
        var props: [String: JSONValue] = [:]
        for p in properties {
            var schema: [String: JSONValue] = ["type": .string(p.kind.rawValue), "description": .string(p.description)]
            if let allowed = p.allowed { schema["enum"] = .array(allowed.map { .string($0) }) }
            if let minimum = p.minimum { schema["minimum"] = .number(minimum) }
            if let maximum = p.maximum { schema["maximum"] = .number(maximum) }
            if p.kind == .string { schema["maxLength"] = .number(Double(p.maxLength)) }
            props[p.name] = .object(schema)
        }
        var object: [String: JSONValue] = ["type": "object", "properties": .object(props), "additionalProperties": false]
        if !required.isEmpty { object["required"] = .array(required.map { .string($0) }) }
        return .object(object)
    }

    /// The schema as canonical JSON text: the bytes the model is shown.
    var schemaJSON: String { schema.canonicalText }

    /// Checks the model's input against the schema and turns it into the route's text parameters
    /// (the same ones `GET /v1/summaries` and `GET /v1/compute` take). The message of a rejection
    /// goes back to the model as an `is_error` tool result, so it says what to fix.
    func parameters(from inputJSON: String) -> Result<[String: String], ToolInputError> {
        guard inputJSON.utf8.count <= 4096,
            case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(inputJSON.utf8))
        else { return .failure(ToolInputError("the input must be a JSON object of at most 4096 bytes")) }
        var out: [String: String] = [:]
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            guard let property = properties.first(where: { $0.name == key }) else {
                let known = properties.map(\.name).joined(separator: ", ")
                return .failure(ToolInputError("unknown input '\(key.prefix(40))'; this tool takes only: \(known.isEmpty ? "nothing" : known)"))
            }
            switch (property.kind, value) {
            case (_, .null):
                continue
            case (.string, .string(let text)):
                guard text.count <= property.maxLength, !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                    return .failure(ToolInputError("'\(key)' must be at most \(property.maxLength) characters of plain text"))
                }
                if let allowed = property.allowed, !allowed.contains(text) {
                    return .failure(ToolInputError("'\(key)' must be one of \(allowed.joined(separator: ", "))"))
                }
                out[key] = text
            case (.number, .number(let d)), (.integer, .number(let d)):
                guard d.isFinite else { return .failure(ToolInputError("'\(key)' must be finite")) }
                if property.kind == .integer, d != d.rounded() { return .failure(ToolInputError("'\(key)' must be a whole number")) }
                if let minimum = property.minimum, d < minimum { return .failure(ToolInputError("'\(key)' must be at least \(Self.format(minimum))")) }
                if let maximum = property.maximum, d > maximum { return .failure(ToolInputError("'\(key)' must be at most \(Self.format(maximum))")) }
                out[key] = property.kind == .integer ? String(Int(d)) : String(d)
            case (let kind, let other):
                return .failure(ToolInputError("'\(key)' must be \(kind == .string ? "a string" : "a number"), got \(other.typeName)"))
            }
        }
        for name in required where out[name] == nil {
            return .failure(ToolInputError("'\(name)' is required"))
        }
        return .success(out)
    }

    static func format(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
    }
}

/// Why a tool input was refused.
struct ToolInputError: Error, Sendable {
    let message: String
    init(_ message: String) { self.message = message }
}
