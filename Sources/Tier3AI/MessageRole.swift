/// Who a message of the conversation is from. Turns alternate, starting with the user; tool
/// results are user turns.
public enum MessageRole: String, Sendable, Hashable, Codable {
    case user
    case assistant
}
