/// `compute.convert`: a value from one unit to another of the same kind.
public struct Conversion: Sendable, Equatable, Encodable {
    public let value: Double
    public let fromUnit: ConversionUnit
    public let toUnit: ConversionUnit
    public let result: Double

    enum CodingKeys: String, CodingKey {
        case value, fromUnit = "from_unit", toUnit = "to_unit", result
    }

    public init(value: Double, from: ConversionUnit, to: ConversionUnit) throws(ComputeError) {
        guard value.isFinite else { throw .invalidValue(field: "value", reason: "not a finite number") }
        guard abs(value) <= Bounds.maxConvertMagnitude else {
            throw .invalidValue(field: "value", reason: "\(Bounds.format(value)) is beyond the supported magnitude of 10^9")
        }
        guard from.dimension == to.dimension else {
            throw .incompatibleUnits(from: from.rawValue, to: to.rawValue)
        }
        let converted: Double
        switch from.dimension {
        case .temperature:
            let celsius = from == .celsius ? value : (value - 32) * 5 / 9
            guard celsius >= -273.15 else {
                throw .invalidValue(field: "value", reason: "below absolute zero")
            }
            converted = to == .celsius ? celsius : celsius * 9 / 5 + 32
        case .efficiency:
            guard Bounds.efficiencyRange.contains(value) else {
                throw .invalidValue(field: "value", reason: "fuel efficiency must be between 0.1 and 1000")
            }
            converted = from == to ? value : UnitConstants.mpgLitersPer100kmProduct / value
        default:
            guard value >= 0 else {
                throw .invalidValue(field: "value", reason: "a \(from.dimension.rawValue) cannot be negative")
            }
            converted = value * from.factorToBase / to.factorToBase
        }
        self.value = value
        self.fromUnit = from
        self.toUnit = to
        self.result = round(converted, places: 4)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value, forKey: .value)
        try c.encode(fromUnit.rawValue, forKey: .fromUnit)
        try c.encode(toUnit.rawValue, forKey: .toUnit)
        try c.encode(result, forKey: .result)
    }

    public var answer: String {
        "\(Formatting.compact(value, places: 4)) \(fromUnit.name) is \(Formatting.number(result, places: 3)) \(toUnit.name)."
    }
}
