/// Why a computation could not be done. Each case maps to one client error (4xx) in the Router:
/// a computation only fails because of what it was asked, never because of a dependency.
public enum ComputeError: Error, Equatable, Sendable {
    /// A place name that the gazetteer does not know (or does not know in the region given).
    case unknownPlace(String)
    /// A value out of its sensible range: zero or negative distance, zero mpg, 10^12 miles.
    case invalidValue(field: String, reason: String)
    /// A required input is absent.
    case missingParameter(String)
    /// A conversion between units of different kinds (miles to kilograms).
    case incompatibleUnits(from: String, to: String)

    /// A sentence for the problem document's `detail`.
    public var detail: String {
        switch self {
        case .unknownPlace(let name):
            return "Unknown place '\(name)': it is not in the gazetteer (US and Canadian places of 1,000+ people, Mexican places of 5,000+)."
        case .invalidValue(let field, let reason):
            return "Invalid \(field): \(reason)."
        case .missingParameter(let name):
            return "Missing parameter '\(name)'."
        case .incompatibleUnits(let from, let to):
            return "Cannot convert \(from) to \(to): they measure different things."
        }
    }
}
