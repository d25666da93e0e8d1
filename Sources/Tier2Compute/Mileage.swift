/// `compute.mpg`: miles per gallon from a distance and the fuel it took.
public struct Mileage: Sendable, Equatable, Encodable {
    public let miles: Double
    public let gallons: Double
    public let mpg: Double
    public let litersPer100km: Double

    enum CodingKeys: String, CodingKey {
        case miles, gallons, mpg, litersPer100km = "liters_per_100km"
    }

    public init(distance: Length, gallons: Double) throws(ComputeError) {
        let miles = try validatedMiles(distance)
        try Bounds.positive(gallons, field: "gallons", min: Bounds.minGallons, max: Bounds.maxGallons, unit: "gallons")
        let mpg = miles / gallons
        self.miles = round(miles, places: 2)
        self.gallons = gallons
        self.mpg = round(mpg, places: 2)
        self.litersPer100km = round(UnitConstants.mpgLitersPer100kmProduct / mpg, places: 2)
    }

    public var answer: String {
        "\(Formatting.compact(miles)) miles on \(Formatting.compact(gallons, places: 3)) gallons is "
            + "\(Formatting.number(mpg, places: 2)) mpg (\(Formatting.number(litersPer100km, places: 2)) L/100km)."
    }
}
