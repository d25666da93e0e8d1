/// `compute.fuel_cost`: gallons and dollars to drive a distance.
public struct FuelCost: Sendable, Equatable, Encodable {
    public let distanceMiles: Double
    public let mpg: Double
    public let gallons: Double
    public let liters: Double
    public let pricePerGallon: Double
    public let cost: Double
    public let assumptions: [String]

    enum CodingKeys: String, CodingKey {
        case distanceMiles = "distance_miles", mpg, gallons, liters, pricePerGallon = "price_per_gallon", cost, assumptions
    }

    /// - Parameters:
    ///   - distance: how far; must be positive and at most 100,000 miles.
    ///   - efficiency: the vehicle's; `defaults.mpg` when nil.
    ///   - price: the fuel's; `defaults.pricePerGallon` when nil.
    public init(
        distance: Length, efficiency: FuelEfficiency?, price: FuelPrice?, defaults: ComputeDefaults
    ) throws(ComputeError) {
        let miles = try validatedMiles(distance)
        var assumptions: [String] = []
        let mpg: Double
        if let efficiency {
            mpg = try efficiency.validatedMpg()
        } else {
            mpg = defaults.mpg
            assumptions.append("efficiency \(Formatting.compact(mpg)) mpg (default)")
        }
        let perGallon: Double
        if let price {
            perGallon = try price.validatedPerGallon()
        } else {
            perGallon = defaults.pricePerGallon
            assumptions.append("fuel price \(Formatting.dollars(perGallon))/gal (default)")
        }
        let gallons = miles / mpg
        self.distanceMiles = round(miles, places: 2)
        self.mpg = round(mpg, places: 2)
        self.gallons = round(gallons, places: 2)
        self.liters = round(gallons * UnitConstants.litersPerGallon, places: 2)
        self.pricePerGallon = round(perGallon, places: 3)
        self.cost = round(gallons * perGallon, places: 2)
        self.assumptions = assumptions
    }

    public var answer: String {
        "Driving \(Formatting.compact(distanceMiles, places: 1)) miles at \(Formatting.compact(mpg)) mpg takes "
            + "\(Formatting.number(gallons, places: 2)) gallons of fuel; at \(Formatting.dollars(pricePerGallon))/gal "
            + "that is \(Formatting.dollars(cost))." + Assumptions.sentence(assumptions)
    }
}

enum Assumptions {
    static func sentence(_ assumptions: [String]) -> String {
        assumptions.isEmpty ? "" : " Assumed: " + assumptions.joined(separator: ", ") + "."
    }
}
