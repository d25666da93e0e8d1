/// Two places named in a query, as typed ("Portland, ME"), for distance, trip cost and drive time.
struct PlacePair: Sendable, Equatable {
    var from: String
    var to: String
    /// Whether the gazetteer knows each name (an unknown one is still answered: with an error naming it).
    var fromKnown: Bool
    var toKnown: Bool
}
