import Foundation

/// The units `compute.convert` knows, grouped by what they measure.
public enum ConversionUnit: String, Sendable, CaseIterable, Equatable {
    case miles = "mi", kilometers = "km", meters = "m", centimeters = "cm", feet = "ft", inches = "in"
    case milesPerHour = "mph", kilometersPerHour = "km/h"
    case gallons = "gal", liters = "L"
    case milesPerGallon = "mpg", litersPer100km = "L/100km"
    case fahrenheit = "°F", celsius = "°C"
    case pounds = "lb", kilograms = "kg"

    public enum Dimension: String, Sendable { case length, speed, volume, efficiency, temperature, mass }

    public var dimension: Dimension {
        switch self {
        case .miles, .kilometers, .meters, .centimeters, .feet, .inches: return .length
        case .milesPerHour, .kilometersPerHour: return .speed
        case .gallons, .liters: return .volume
        case .milesPerGallon, .litersPer100km: return .efficiency
        case .fahrenheit, .celsius: return .temperature
        case .pounds, .kilograms: return .mass
        }
    }

    /// Parses a unit as it appears in a query string: "mi", "km", "L/100km", "F", "°C", "lbs"…
    public init?(symbol: String) {
        let key = symbol.lowercased().replacingOccurrences(of: " ", with: "")
        switch key {
        case "mi", "mile", "miles": self = .miles
        case "km", "kilometer", "kilometers", "kilometre", "kilometres": self = .kilometers
        case "m", "meter", "meters", "metre", "metres": self = .meters
        case "cm", "centimeter", "centimeters", "centimetre", "centimetres": self = .centimeters
        case "ft", "foot", "feet": self = .feet
        case "in", "inch", "inches": self = .inches
        case "mph": self = .milesPerHour
        case "km/h", "kmh", "kph": self = .kilometersPerHour
        case "gal", "gallon", "gallons": self = .gallons
        case "l", "liter", "liters", "litre", "litres": self = .liters
        case "mpg": self = .milesPerGallon
        case "l/100km", "l/100", "lper100km": self = .litersPer100km
        case "f", "°f", "fahrenheit": self = .fahrenheit
        case "c", "°c", "celsius": self = .celsius
        case "lb", "lbs", "pound", "pounds": self = .pounds
        case "kg", "kgs", "kilogram", "kilograms", "kilo", "kilos": self = .kilograms
        default: return nil
        }
    }

    /// Linear factor to the dimension's base unit (metres, km/h, litres, kilograms).
    var factorToBase: Double {
        switch self {
        case .miles: return UnitConstants.kilometersPerMile * 1000
        case .kilometers: return 1000
        case .meters: return 1
        case .centimeters: return 0.01
        case .feet: return UnitConstants.metersPerFoot
        case .inches: return UnitConstants.metersPerInch
        case .milesPerHour: return UnitConstants.kilometersPerMile
        case .kilometersPerHour: return 1
        case .gallons: return UnitConstants.litersPerGallon
        case .liters: return 1
        case .pounds: return UnitConstants.kilogramsPerPound
        case .kilograms: return 1
        case .milesPerGallon, .litersPer100km, .fahrenheit, .celsius: return 1
        }
    }

    /// The word used in answers.
    public var name: String {
        switch self {
        case .miles: return "miles"
        case .kilometers: return "km"
        case .meters: return "m"
        case .centimeters: return "cm"
        case .feet: return "ft"
        case .inches: return "in"
        case .milesPerHour: return "mph"
        case .kilometersPerHour: return "km/h"
        case .gallons: return "gallons"
        case .liters: return "liters"
        case .milesPerGallon: return "mpg"
        case .litersPer100km: return "L/100km"
        case .fahrenheit: return "°F"
        case .celsius: return "°C"
        case .pounds: return "lb"
        case .kilograms: return "kg"
        }
    }
}
