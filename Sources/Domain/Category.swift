/// The expense categories of the demo catalogue.
public enum Category: String, Sendable, CaseIterable, Hashable, Codable {
    case fuel, food, camping, maintenance, shopping, entertainment, insurance, other
}
