/// A tool Claude may call: its name, what it is for, and its input schema. The executor is
/// bound by the Router to the asking user; the user id is never a tool input.
public struct ToolDefinition: Sendable, Equatable {
    public let name: String
    public let description: String
    /// A JSON Schema object (`{"type":"object",…}`).
    public let inputSchema: JSONValue

    public init(name: String, description: String, inputSchema: JSONValue) {
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
    }
}

/// The domains tier 3 distinguishes, each with a fixed, ordered tool bundle: prefiltering tools by
/// domain keeps requests small, and fixing the bundles keeps the prompt prefix cacheable.
public enum ToolDomain: String, Sendable, CaseIterable {
    case spending, travel, general
}
