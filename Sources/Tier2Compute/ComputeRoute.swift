/// The tier 2 routes, named as in the catalogue (`compute.fuel_cost`), in catalogue order.
public enum ComputeRoute: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case fuelCost = "compute.fuel_cost"
    case distance = "compute.distance"
    case tripCost = "compute.trip_cost"
    case driveTime = "compute.drive_time"
    case convert = "compute.convert"
    case mpg = "compute.mpg"
    case split = "compute.split"
    case smalltalk = "compute.smalltalk"

    /// The name without the `compute.` prefix, as in `/v1/compute/{name}`.
    public var shortName: String { String(rawValue.dropFirst("compute.".count)) }

    /// A route by its full or short name.
    public init?(name: String) {
        self.init(rawValue: name.hasPrefix("compute.") ? name : "compute." + name)
    }

    public var description: String { rawValue }
}
