/// A tool as the request lists it: a `ToolDefinition` and, on the last tool of a bundle, the
/// breakpoint that caches the tool list.
public struct ToolDefinitionWire: Sendable, Hashable, Codable {
    public var name: String
    public var description: String
    public var inputSchema: JSONValue
    public var cacheControl: CacheControl?

    public init(_ definition: ToolDefinition, cacheControl: CacheControl? = nil) {
        name = definition.name
        description = definition.description
        inputSchema = definition.inputSchema
        self.cacheControl = cacheControl
    }

    enum CodingKeys: String, CodingKey {
        case name, description
        case inputSchema = "input_schema"
        case cacheControl = "cache_control"
    }
}
