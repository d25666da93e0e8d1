import Testing

@testable import Tier2Compute

@Suite struct ComputeRequestParameterTests {
    @Test func fuelCost() throws {
        let r = try ComputeRequest(route: "fuel_cost", parameters: ["distance": "350", "mpg": "10", "price_per_gallon": "3.50"])
        #expect(r == .fuelCost(distance: Length(350, .miles), efficiency: .mpg(10), price: .perGallon(3.5)))
        #expect(r.route.rawValue == "compute.fuel_cost")
        // The "compute." prefix is optional, a leading $ is allowed.
        let prefixed = try ComputeRequest(route: "compute.fuel_cost", parameters: ["distance": "350", "mpg": "10", "price_per_gallon": "$3.50"])
        #expect(prefixed == r)
    }

    @Test func fuelCostMetric() throws {
        let r = try ComputeRequest(
            route: "compute.fuel_cost",
            parameters: ["distance": "800", "distance_unit": "km", "l_per_100km": "15", "price_per_liter": "1.85"]
        )
        #expect(r == .fuelCost(distance: Length(800, .kilometers), efficiency: .litersPer100km(15), price: .perLiter(1.85)))
    }

    @Test func fuelCostOptionalsAbsent() throws {
        let r = try ComputeRequest(route: "fuel_cost", parameters: ["distance": "120"])
        #expect(r == .fuelCost(distance: Length(120, .miles), efficiency: nil, price: nil))
    }

    @Test func distance() throws {
        let r = try ComputeRequest(route: "distance", parameters: ["from": "Denver", "to": "Portland, ME"])
        #expect(r == .distance(from: "Denver", to: "Portland, ME"))
        #expect(r.route.rawValue == "compute.distance")
    }

    @Test func tripCost() throws {
        let r = try ComputeRequest(route: "compute.trip_cost", parameters: ["from": "Denver", "to": "Moab", "mpg": "8"])
        #expect(r == .tripCost(from: "Denver", to: "Moab", efficiency: .mpg(8), price: nil))
    }

    @Test func driveTimeBothForms() throws {
        let byDistance = try ComputeRequest(route: "drive_time", parameters: ["distance": "330", "speed_mph": "60"])
        #expect(byDistance == .driveTime(distance: Length(330, .miles), speedMph: 60))
        let noSpeed = try ComputeRequest(route: "drive_time", parameters: ["distance": "330"])
        #expect(noSpeed == .driveTime(distance: Length(330, .miles), speedMph: nil))
        let byPlaces = try ComputeRequest(route: "drive_time", parameters: ["from": "Denver", "to": "Moab"])
        #expect(byPlaces == .driveTimeBetween(from: "Denver", to: "Moab", speedMph: nil))
        #expect(byPlaces.route.rawValue == "compute.drive_time")
        // One place alone is a missing parameter, not a distance question.
        #expect(throws: ComputeError.missingParameter("to")) {
            try ComputeRequest(route: "drive_time", parameters: ["from": "Denver"])
        }
    }

    @Test func convert() throws {
        let r = try ComputeRequest(route: "convert", parameters: ["value": "100", "from_unit": "mi", "to_unit": "km"])
        #expect(r == .convert(value: 100, from: .miles, to: .kilometers))
        let t = try ComputeRequest(route: "convert", parameters: ["value": "-40", "from_unit": "F", "to_unit": "°C"])
        #expect(t == .convert(value: -40, from: .fahrenheit, to: .celsius))
        let error = #expect(throws: ComputeError.self) {
            try ComputeRequest(route: "convert", parameters: ["value": "1", "from_unit": "furlongs", "to_unit": "km"])
        }
        #expect(error?.invalidField == "from_unit")
    }

    @Test func mpg() throws {
        let r = try ComputeRequest(route: "mpg", parameters: ["miles": "300", "gallons": "12"])
        #expect(r == .mpg(distance: Length(300, .miles), gallons: 12))
    }

    @Test func split() throws {
        let r = try ComputeRequest(route: "split", parameters: ["amount": "95.50", "people": "4"])
        #expect(r == .split(amount: 95.5, people: 4))
        let fractional = #expect(throws: ComputeError.self) {
            try ComputeRequest(route: "split", parameters: ["amount": "95.50", "people": "2.5"])
        }
        #expect(fractional?.invalidField == "people")
    }

    @Test func smalltalk() throws {
        #expect(try ComputeRequest(route: "smalltalk", parameters: [:]) == .smalltalk(.help, language: "en"))
        #expect(
            try ComputeRequest(route: "smalltalk", parameters: ["kind": "thanks", "language": "es"])
                == .smalltalk(.thanks, language: "es")
        )
        let error = #expect(throws: ComputeError.self) {
            try ComputeRequest(route: "smalltalk", parameters: ["kind": "weather"])
        }
        #expect(error?.invalidField == "kind")
    }

    @Test(arguments: [
        ("fuel_cost", [String: String](), "distance"),
        ("distance", ["to": "Moab"], "from"),
        ("distance", ["from": "Denver"], "to"),
        ("distance", ["from": "   ", "to": "Moab"], "from"),
        ("trip_cost", ["from": "Denver"], "to"),
        ("drive_time", [:], "distance"),
        ("convert", ["from_unit": "mi", "to_unit": "km"], "value"),
        ("convert", ["value": "1", "to_unit": "km"], "from_unit"),
        ("convert", ["value": "1", "from_unit": "mi"], "to_unit"),
        ("mpg", ["gallons": "12"], "miles"),
        ("mpg", ["miles": "300"], "gallons"),
        ("split", ["people": "4"], "amount"),
        ("split", ["amount": "10"], "people"),
    ])
    func missingParameter(route: String, parameters: [String: String], missing: String) {
        #expect(throws: ComputeError.missingParameter(missing)) {
            try ComputeRequest(route: route, parameters: parameters)
        }
    }

    @Test(arguments: [
        ("fuel_cost", ["distance": "far"], "distance"),
        ("fuel_cost", ["distance": "350", "mpg": "ten"], "mpg"),
        ("fuel_cost", ["distance": "350", "l_per_100km": "x"], "l_per_100km"),
        ("fuel_cost", ["distance": "350", "price_per_gallon": "cheap"], "price_per_gallon"),
        ("fuel_cost", ["distance": "350", "distance_unit": "furlongs"], "distance_unit"),
        ("fuel_cost", ["distance": "nan"], "distance"),
        ("fuel_cost", ["distance": "inf"], "distance"),
        ("drive_time", ["distance": "330", "speed_mph": "fast"], "speed_mph"),
        ("convert", ["value": "1,000", "from_unit": "mi", "to_unit": "km"], "value"),
        ("mpg", ["miles": "300", "gallons": "lots"], "gallons"),
        ("split", ["amount": "95.50", "people": "four"], "people"),
        ("split", ["amount": "a lot", "people": "4"], "amount"),
    ])
    func notANumber(route: String, parameters: [String: String], field: String) {
        let error = #expect(throws: ComputeError.self) { try ComputeRequest(route: route, parameters: parameters) }
        #expect(error?.invalidField == field)
    }

    @Test(arguments: ["weather", "compute.weather", "summary.spend", "", "compute."])
    func unknownRoute(route: String) {
        let error = #expect(throws: ComputeError.self) { try ComputeRequest(route: route, parameters: ["distance": "1"]) }
        #expect(error?.invalidField == "route")
    }

    @Test func everyCatalogueRouteIsKnown() {
        #expect(ComputeRoute.allCases.map(\.rawValue) == [
            "compute.fuel_cost", "compute.distance", "compute.trip_cost", "compute.drive_time",
            "compute.convert", "compute.mpg", "compute.split", "compute.smalltalk",
        ])
        for route in ComputeRoute.allCases {
            // Each is recognised: failing (if at all) for a parameter, never for the route.
            do throws(ComputeError) {
                _ = try ComputeRequest(route: route, parameters: [:])
            } catch {
                #expect(error.invalidField != "route", "\(route.rawValue) not recognised")
            }
        }
    }

    @Test func encodesTheSameParameterNames() throws {
        let request = ComputeRequest.fuelCost(distance: Length(800, .kilometers), efficiency: .litersPer100km(15), price: .perLiter(1.85))
        let object = try jsonObject(request)
        #expect(object["distance"] as? Double == 800)
        #expect(object["distance_unit"] as? String == "km")
        #expect(object["l_per_100km"] as? Double == 15)
        #expect(object["price_per_liter"] as? Double == 1.85)
        // Round trip through the string parameters.
        let parameters = object.mapValues { "\($0)" }
        #expect(try ComputeRequest(route: request.route, parameters: parameters) == request)
    }
}
