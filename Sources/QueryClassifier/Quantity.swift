/// A number with what it measures, as found in a query: "350 miles", "$3.89/gal", "3 people".
struct Quantity: Sendable, Equatable {
    enum Unit: Sendable, Equatable {
        case miles, kilometers
        case mpg, litersPer100km
        case gallons, liters
        case mph, kmh
        case fahrenheit, celsius
        case feet, inches, meters, centimeters
        case pounds, kilograms
        case people
        case dollars
        case dollarsPerGallon, dollarsPerLiter
        case percent
        /// A number with no unit.
        case none
    }

    var value: Double
    var unit: Unit
    /// Index of the number token.
    var index: Int
}
