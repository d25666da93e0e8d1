/// A distance as given: 350 miles or 800 km.
public struct Length: Sendable, Equatable {
    public enum Unit: String, Sendable { case miles = "mi", kilometers = "km" }
    public var value: Double
    public var unit: Unit

    public init(_ value: Double, _ unit: Unit) {
        self.value = value
        self.unit = unit
    }

    public var miles: Double {
        unit == .miles ? value : value / UnitConstants.kilometersPerMile
    }
}

/// Fuel efficiency as given: miles per US gallon or litres per 100 km.
public enum FuelEfficiency: Sendable, Equatable {
    case mpg(Double)
    case litersPer100km(Double)

    func validatedMpg() throws(ComputeError) -> Double {
        switch self {
        case .mpg(let mpg):
            try Bounds.positive(mpg, field: "efficiency", min: Bounds.minMpg, max: Bounds.maxMpg, unit: "mpg")
            return mpg
        case .litersPer100km(let l):
            try Bounds.positive(l, field: "efficiency", min: Bounds.minLitersPer100km, max: Bounds.maxLitersPer100km, unit: "L/100km")
            return UnitConstants.mpgLitersPer100kmProduct / l
        }
    }
}

/// A fuel price as given: dollars per US gallon or per litre.
public enum FuelPrice: Sendable, Equatable {
    case perGallon(Double)
    case perLiter(Double)

    func validatedPerGallon() throws(ComputeError) -> Double {
        let perGallon: Double
        switch self {
        case .perGallon(let p): perGallon = p
        case .perLiter(let p): perGallon = p * UnitConstants.litersPerGallon
        }
        try Bounds.positive(perGallon, field: "price", min: Bounds.minPricePerGallon, max: Bounds.maxPricePerGallon, unit: "dollars per gallon")
        return perGallon
    }
}

func validatedMiles(_ length: Length, field: String = "distance") throws(ComputeError) -> Double {
    let miles = length.miles
    try Bounds.positive(miles, field: field, max: Bounds.maxMiles, unit: "miles")
    return miles
}
