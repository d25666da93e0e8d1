/// `compute.trip_cost`: the fuel cost of driving between two places, on the road estimate.
public struct TripCost: Sendable, Equatable, Encodable {
    public let route: RouteEstimate
    public let fuel: FuelCost

    public init(
        from: Place, to: Place, efficiency: FuelEfficiency?, price: FuelPrice?, defaults: ComputeDefaults
    ) throws(ComputeError) {
        self.route = try RouteEstimate(from: from, to: to, defaults: defaults)
        // Without this the fuel cost would reject a zero distance, naming a parameter nobody sent.
        guard route.roadMilesEstimate > 0 else {
            throw .invalidValue(field: "to", reason: "is the same place as 'from'; a trip needs two different places")
        }
        self.fuel = try FuelCost(
            distance: Length(route.roadMilesEstimate, .miles), efficiency: efficiency, price: price, defaults: defaults
        )
    }

    enum CodingKeys: String, CodingKey {
        case from, to, greatCircleMiles = "great_circle_miles", greatCircleKm = "great_circle_km"
        case roadMilesEstimate = "road_miles_estimate", driveHoursEstimate = "drive_hours_estimate"
        case distanceMiles = "distance_miles", mpg, gallons, liters, pricePerGallon = "price_per_gallon", cost
        case assumptions
    }

    /// One flat object: the distance fields and the fuel cost fields side by side.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(route.from, forKey: .from)
        try c.encode(route.to, forKey: .to)
        try c.encode(route.greatCircleMiles, forKey: .greatCircleMiles)
        try c.encode(route.greatCircleKm, forKey: .greatCircleKm)
        try c.encode(route.roadMilesEstimate, forKey: .roadMilesEstimate)
        try c.encode(route.driveHoursEstimate, forKey: .driveHoursEstimate)
        try c.encode(fuel.distanceMiles, forKey: .distanceMiles)
        try c.encode(fuel.mpg, forKey: .mpg)
        try c.encode(fuel.gallons, forKey: .gallons)
        try c.encode(fuel.liters, forKey: .liters)
        try c.encode(fuel.pricePerGallon, forKey: .pricePerGallon)
        try c.encode(fuel.cost, forKey: .cost)
        try c.encode(route.assumptions + fuel.assumptions, forKey: .assumptions)
    }

    public var answer: String {
        "Fuel from \(route.from.label) to \(route.to.label) (about \(Formatting.number(route.roadMilesEstimate, places: 0)) road miles) "
            + "at \(Formatting.compact(fuel.mpg)) mpg: \(Formatting.number(fuel.gallons, places: 2)) gallons, "
            + "\(Formatting.dollars(fuel.cost)) at \(Formatting.dollars(fuel.pricePerGallon))/gal."
            + Assumptions.sentence(route.assumptions.prefix(1) + fuel.assumptions)
    }
}
