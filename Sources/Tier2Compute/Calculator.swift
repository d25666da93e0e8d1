/// Runs tier 2 requests: pure functions over the gazetteer and the configured defaults.
public struct Calculator: Sendable {
    public let gazetteer: Gazetteer
    public let defaults: ComputeDefaults

    public init(gazetteer: Gazetteer, defaults: ComputeDefaults = ComputeDefaults()) {
        self.gazetteer = gazetteer
        self.defaults = defaults
    }

    /// A computed answer: the human sentence and the route's `data`.
    public struct Result: Sendable {
        public let answer: String
        public let data: any Encodable & Sendable
    }

    public func compute(_ request: ComputeRequest) throws(ComputeError) -> Result {
        switch request {
        case .fuelCost(let distance, let efficiency, let price):
            let r = try FuelCost(distance: distance, efficiency: efficiency, price: price, defaults: defaults)
            return Result(answer: r.answer, data: r)
        case .distance(let from, let to):
            let r = try RouteEstimate(from: try gazetteer.resolve(from), to: try gazetteer.resolve(to), defaults: defaults)
            return Result(answer: r.answer, data: r)
        case .tripCost(let from, let to, let efficiency, let price):
            let r = try TripCost(
                from: try gazetteer.resolve(from), to: try gazetteer.resolve(to),
                efficiency: efficiency, price: price, defaults: defaults
            )
            return Result(answer: r.answer, data: r)
        case .driveTime(let distance, let speed):
            let r = try DriveTime(distance: distance, speedMph: speed, defaults: defaults)
            return Result(answer: r.answer, data: r)
        case .driveTimeBetween(let from, let to, let speed):
            let r = try DriveTime(
                from: try gazetteer.resolve(from), to: try gazetteer.resolve(to), speedMph: speed, defaults: defaults
            )
            return Result(answer: r.answer, data: r)
        case .convert(let value, let from, let to):
            let r = try Conversion(value: value, from: from, to: to)
            return Result(answer: r.answer, data: r)
        case .mpg(let distance, let gallons):
            let r = try Mileage(distance: distance, gallons: gallons)
            return Result(answer: r.answer, data: r)
        case .split(let amount, let people):
            let r = try Split(amount: amount, people: people)
            return Result(answer: r.answer, data: r)
        case .smalltalk(let kind, let language):
            let r = Smalltalk(kind: kind, language: language)
            return Result(answer: r.answer, data: r)
        }
    }
}
