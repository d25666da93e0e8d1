/// What running one tool produced: the text sent back as the `tool_result` content.
public struct ToolOutcome: Sendable, Equatable {
    public var content: String
    public var isError: Bool

    public init(content: String, isError: Bool = false) {
        self.content = content
        self.isError = isError
    }
}

/// Runs the tool `name` on `input` (the model's JSON object, canonical text) for the user the
/// Router bound it to. It never throws: failures are outcomes with `isError`, which the model sees.
public typealias ToolExecutor = @Sendable (_ name: String, _ input: String) async -> ToolOutcome

/// One tool call made while answering, for the answer's data and the stream's `tool` events.
public struct ToolCall: Sendable, Equatable {
    public var id: String
    public var name: String
    public var isError: Bool
    public var milliseconds: Double
}

/// What the router relays while an answer is being written.
public enum AssistantEvent: Sendable, Equatable {
    case text(String)
    case toolStarted(id: String, name: String)
    case toolFinished(ToolCall)
}
