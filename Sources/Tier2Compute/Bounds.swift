/// Sanity bounds on inputs. They exist so that absurd requests (10^12 miles, zero mpg) get a clear
/// client error instead of a meaningless number; the limits are far beyond any real RV trip.
enum Bounds {
    static let maxMiles = 100_000.0
    static let maxMpg = 500.0
    static let maxLitersPer100km = 500.0
    static let maxPricePerGallon = 100.0
    static let maxSpeedMph = 200.0
    static let maxGallons = 100_000.0
    static let maxAmount = 1_000_000_000.0
    static let maxPeople = 10_000
    static let maxConvertMagnitude = 1_000_000_000.0
    /// Lower limits where a tiny divisor would make a meaningless (or infinite) answer.
    static let minMpg = 0.1
    static let minLitersPer100km = 0.1
    static let minSpeedMph = 1.0
    static let minGallons = 0.001
    static let minPricePerGallon = 0.01
    /// Fuel efficiency a conversion accepts (mpg or L/100km).
    static let efficiencyRange = 0.1...1_000.0

    static func positive(_ value: Double, field: String, min: Double = 0, max: Double, unit: String) throws(ComputeError) {
        guard value.isFinite else { throw .invalidValue(field: field, reason: "not a finite number") }
        guard value > 0 else { throw .invalidValue(field: field, reason: "must be greater than zero, got \(format(value))") }
        guard value >= min else {
            throw .invalidValue(field: field, reason: "\(format(value)) is below the supported minimum of \(format(min)) \(unit)")
        }
        guard value <= max else {
            throw .invalidValue(field: field, reason: "\(format(value)) is beyond the supported maximum of \(format(max)) \(unit)")
        }
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

/// Rounds half away from zero to `places` decimals, as answers show them.
@inlinable
func round(_ value: Double, places: Int) -> Double {
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    return (value * scale).rounded(.toNearestOrAwayFromZero) / scale
}
