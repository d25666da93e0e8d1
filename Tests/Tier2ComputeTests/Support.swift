@testable import Tier2Compute

extension ComputeError {
    /// The field of an `.invalidValue`, nil for any other case.
    var invalidField: String? {
        if case .invalidValue(let field, _) = self { return field }
        return nil
    }
}

/// A place on the equator (latitude 0) at the given longitude: distances between two of them are
/// R × Δλ (in radians), easy to work out by hand.
func equatorPlace(_ longitude: Double, name: String = "P") -> Place {
    Place(name: name, region: "XX", country: "US", latitude: 0, longitude: longitude, population: 1)
}

let defaults = ComputeDefaults()
