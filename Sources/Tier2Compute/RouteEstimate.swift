import Foundation

/// `compute.distance`: great-circle distance between two places, with a road estimate
/// (1.2 × great circle) and the drive time at the default speed.
public struct RouteEstimate: Sendable, Equatable, Encodable {
    public let from: Place
    public let to: Place
    public let greatCircleMiles: Double
    public let greatCircleKm: Double
    public let roadMilesEstimate: Double
    public let driveHoursEstimate: Double
    public let speedMph: Double
    public let assumptions: [String]

    enum CodingKeys: String, CodingKey {
        case from, to
        case greatCircleMiles = "great_circle_miles", greatCircleKm = "great_circle_km"
        case roadMilesEstimate = "road_miles_estimate", driveHoursEstimate = "drive_hours_estimate"
        case speedMph = "speed_mph", assumptions
    }

    public init(from: Place, to: Place, speedMph: Double? = nil, defaults: ComputeDefaults) throws(ComputeError) {
        let km = Self.haversineKm(from, to)
        let miles = km / UnitConstants.kilometersPerMile
        var assumptions = ["road distance ≈ \(Formatting.compact(UnitConstants.roadCircuity)) × great-circle distance"]
        let speed: Double
        if let speedMph {
            try Bounds.positive(speedMph, field: "speed", min: Bounds.minSpeedMph, max: Bounds.maxSpeedMph, unit: "mph")
            speed = speedMph
        } else {
            speed = defaults.speedMph
            assumptions.append("average speed \(Formatting.compact(speed)) mph (default)")
        }
        self.from = from
        self.to = to
        self.greatCircleMiles = round(miles, places: 1)
        self.greatCircleKm = round(km, places: 1)
        self.roadMilesEstimate = round(miles * UnitConstants.roadCircuity, places: 1)
        self.driveHoursEstimate = round(miles * UnitConstants.roadCircuity / speed, places: 2)
        self.speedMph = speed
        self.assumptions = assumptions
    }

    /// Haversine on a sphere of the mean Earth radius.
    static func haversineKm(_ a: Place, _ b: Place) -> Double {
        let rad = Double.pi / 180
        let dLat = (b.latitude - a.latitude) * rad
        let dLon = (b.longitude - a.longitude) * rad
        let h = sin(dLat / 2) * sin(dLat / 2)
            + cos(a.latitude * rad) * cos(b.latitude * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * UnitConstants.earthRadiusKm * asin(min(1, h.squareRoot()))
    }

    public var answer: String {
        "\(from.label) to \(to.label) is \(Formatting.number(greatCircleMiles, places: 1)) miles "
            + "(\(Formatting.number(greatCircleKm, places: 1)) km) in a straight line, about "
            + "\(Formatting.number(roadMilesEstimate, places: 0)) miles by road: roughly "
            + "\(DriveTime.hoursText(driveHoursEstimate)) of driving." + Assumptions.sentence(assumptions)
    }
}
