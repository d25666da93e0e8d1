/// One tier 2 question, fully parameterised: what the classifier extracts from text and what
/// `GET /v1/compute/{name}` builds from query items.
public enum ComputeRequest: Sendable, Equatable {
    case fuelCost(distance: Length, efficiency: FuelEfficiency?, price: FuelPrice?)
    case distance(from: String, to: String)
    case tripCost(from: String, to: String, efficiency: FuelEfficiency?, price: FuelPrice?)
    case driveTime(distance: Length, speedMph: Double?)
    case driveTimeBetween(from: String, to: String, speedMph: Double?)
    case convert(value: Double, from: ConversionUnit, to: ConversionUnit)
    case mpg(distance: Length, gallons: Double)
    case split(amount: Double, people: Int)
    case smalltalk(Smalltalk.Kind, language: String)

    /// The catalogue route.
    public var route: ComputeRoute {
        switch self {
        case .fuelCost: return .fuelCost
        case .distance: return .distance
        case .tripCost: return .tripCost
        case .driveTime, .driveTimeBetween: return .driveTime
        case .convert: return .convert
        case .mpg: return .mpg
        case .split: return .split
        case .smalltalk: return .smalltalk
        }
    }
}

extension ComputeRequest: Encodable {
    enum CodingKeys: String, CodingKey {
        case distance, distanceUnit = "distance_unit", mpg, litersPer100km = "l_per_100km"
        case pricePerGallon = "price_per_gallon", pricePerLiter = "price_per_liter"
        case from, to, speedMph = "speed_mph", value, fromUnit = "from_unit", toUnit = "to_unit"
        case miles, gallons, amount, people, kind, language
    }

    /// The parameters as `/v1/classify` shows them; the same names `GET /v1/compute/{name}` takes.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        func encode(_ efficiency: FuelEfficiency?, _ price: FuelPrice?) throws {
            switch efficiency {
            case .mpg(let v): try c.encode(v, forKey: .mpg)
            case .litersPer100km(let v): try c.encode(v, forKey: .litersPer100km)
            case nil: break
            }
            switch price {
            case .perGallon(let v): try c.encode(v, forKey: .pricePerGallon)
            case .perLiter(let v): try c.encode(v, forKey: .pricePerLiter)
            case nil: break
            }
        }
        switch self {
        case .fuelCost(let distance, let efficiency, let price):
            try c.encode(distance.value, forKey: .distance)
            try c.encode(distance.unit.rawValue, forKey: .distanceUnit)
            try encode(efficiency, price)
        case .distance(let from, let to):
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
        case .tripCost(let from, let to, let efficiency, let price):
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
            try encode(efficiency, price)
        case .driveTime(let distance, let speed):
            try c.encode(distance.value, forKey: .distance)
            try c.encode(distance.unit.rawValue, forKey: .distanceUnit)
            try c.encodeIfPresent(speed, forKey: .speedMph)
        case .driveTimeBetween(let from, let to, let speed):
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
            try c.encodeIfPresent(speed, forKey: .speedMph)
        case .convert(let value, let from, let to):
            try c.encode(value, forKey: .value)
            try c.encode(from.rawValue, forKey: .fromUnit)
            try c.encode(to.rawValue, forKey: .toUnit)
        case .mpg(let distance, let gallons):
            try c.encode(distance.miles, forKey: .miles)
            try c.encode(gallons, forKey: .gallons)
        case .split(let amount, let people):
            try c.encode(amount, forKey: .amount)
            try c.encode(people, forKey: .people)
        case .smalltalk(let kind, let language):
            try c.encode(kind.rawValue, forKey: .kind)
            try c.encode(language, forKey: .language)
        }
    }
}
