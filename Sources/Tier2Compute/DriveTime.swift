/// `compute.drive_time`: hours to cover a distance, given directly or between two places.
public struct DriveTime: Sendable, Equatable, Encodable {
    public let distanceMiles: Double
    public let speedMph: Double
    public let hours: Double
    /// Present when the distance came from two places.
    public let route: RouteEstimate?
    public let assumptions: [String]

    enum CodingKeys: String, CodingKey {
        case distanceMiles = "distance_miles", speedMph = "speed_mph", hours, from, to, assumptions
    }

    public init(distance: Length, speedMph: Double?, defaults: ComputeDefaults) throws(ComputeError) {
        let miles = try validatedMiles(distance)
        var assumptions: [String] = []
        let speed = try Self.speed(speedMph, defaults: defaults, assumptions: &assumptions)
        self.distanceMiles = round(miles, places: 2)
        self.speedMph = speed
        self.hours = round(miles / speed, places: 2)
        self.route = nil
        self.assumptions = assumptions
    }

    public init(from: Place, to: Place, speedMph: Double?, defaults: ComputeDefaults) throws(ComputeError) {
        var assumptions: [String] = []
        let speed = try Self.speed(speedMph, defaults: defaults, assumptions: &assumptions)
        let route = try RouteEstimate(from: from, to: to, speedMph: speed, defaults: defaults)
        self.distanceMiles = route.roadMilesEstimate
        self.speedMph = speed
        self.hours = round(route.roadMilesEstimate / speed, places: 2)
        self.route = route
        self.assumptions = [route.assumptions[0]] + assumptions
    }

    private static func speed(
        _ given: Double?, defaults: ComputeDefaults, assumptions: inout [String]
    ) throws(ComputeError) -> Double {
        if let given {
            try Bounds.positive(given, field: "speed", min: Bounds.minSpeedMph, max: Bounds.maxSpeedMph, unit: "mph")
            return given
        }
        assumptions.append("average speed \(Formatting.compact(defaults.speedMph)) mph (default)")
        return defaults.speedMph
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(distanceMiles, forKey: .distanceMiles)
        try c.encode(speedMph, forKey: .speedMph)
        try c.encode(hours, forKey: .hours)
        if let route {
            try c.encode(route.from, forKey: .from)
            try c.encode(route.to, forKey: .to)
        }
        try c.encode(assumptions, forKey: .assumptions)
    }

    /// "7 h 38 min".
    static func hoursText(_ hours: Double) -> String {
        let total = (hours * 60).rounded()
        guard total.isFinite, total < 1e12 else { return "\(hours) h" }
        let minutes = Int(total)
        if minutes < 60 { return "\(minutes) min" }
        return minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60) min"
    }

    public var answer: String {
        let what = route.map { "\($0.from.label) to \($0.to.label) (about \(Formatting.number(distanceMiles, places: 0)) road miles)" }
            ?? "\(Formatting.compact(distanceMiles)) miles"
        return "\(what) at \(Formatting.compact(speedMph)) mph takes about \(Self.hoursText(hours)) "
            + "(\(Formatting.number(hours, places: 2)) hours)." + Assumptions.sentence(assumptions)
    }
}
