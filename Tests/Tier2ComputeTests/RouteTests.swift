import Testing

@testable import Tier2Compute

@Suite struct RouteEstimateTests {
    @Test func haversineOnTheEquator() {
        // One degree of longitude on the equator: 6371.0088 × π / 180 = 111.19508 km
        let km = RouteEstimate.haversineKm(equatorPlace(0), equatorPlace(1))
        #expect(abs(km - 111.19508) < 1e-4)
        // A quarter meridian (0°,0° → 90°N): 6371.0088 × π / 2 = 10007.5572 km
        let pole = Place(name: "N", region: "XX", country: "US", latitude: 90, longitude: 0, population: 1)
        #expect(abs(RouteEstimate.haversineKm(equatorPlace(0), pole) - 10007.5572) < 1e-3)
        // Symmetric, and zero to itself
        #expect(RouteEstimate.haversineKm(equatorPlace(1), equatorPlace(0)) == km)
        #expect(RouteEstimate.haversineKm(equatorPlace(5), equatorPlace(5)) == 0)
    }

    @Test func oneDegreeOnTheEquator() throws {
        // 111.19508 km → 111.2; / 1.609344 = 69.09342 mi → 69.1
        // road = 1.2 × 69.09342 = 82.91210 → 82.9; hours = 82.91210 / 55 = 1.50749 → 1.51
        let r = try RouteEstimate(from: equatorPlace(0), to: equatorPlace(1), defaults: defaults)
        #expect(r.greatCircleKm == 111.2)
        #expect(r.greatCircleMiles == 69.1)
        #expect(r.roadMilesEstimate == 82.9)
        #expect(r.driveHoursEstimate == 1.51)
        #expect(r.speedMph == 55)
        #expect(r.assumptions.contains { $0.contains("1.2") })
        #expect(r.assumptions.contains { $0.contains("55 mph") && $0.contains("default") })
    }

    @Test func tenDegreesOnTheEquator() throws {
        // 1111.95080 km → 1112.0; 690.93420 mi → 690.9; road 829.12103 → 829.1; / 55 = 15.0749 → 15.07
        let r = try RouteEstimate(from: equatorPlace(0), to: equatorPlace(10), defaults: defaults)
        #expect(r.greatCircleKm == 1112.0)
        #expect(r.greatCircleMiles == 690.9)
        #expect(r.roadMilesEstimate == 829.1)
        #expect(r.driveHoursEstimate == 15.07)
    }

    @Test func givenSpeedIsNotAnAssumption() throws {
        // 82.91210 road miles / 60 mph = 1.38187 h → 1.38
        let r = try RouteEstimate(from: equatorPlace(0), to: equatorPlace(1), speedMph: 60, defaults: defaults)
        #expect(r.driveHoursEstimate == 1.38)
        #expect(r.speedMph == 60)
        #expect(r.assumptions.count == 1)
    }

    @Test func denverToPortlandOregon() throws {
        // Denver (39.73915, -104.9847) → Portland OR (45.52345, -122.67621), haversine R = 6371.0088:
        // 1579.393 km; / 1.609344 = 981.389 mi; × 1.2 = 1177.667; / 55 = 21.4121 h
        let g = Gazetteer.bundled
        let r = try RouteEstimate(from: try g.resolve("Denver"), to: try g.resolve("Portland"), defaults: defaults)
        #expect(r.greatCircleKm == 1579.4)
        #expect(r.greatCircleMiles == 981.4)
        #expect(r.roadMilesEstimate == 1177.7)
        #expect(r.driveHoursEstimate == 21.41)
        #expect(r.from.label == "Denver, CO")
        #expect(r.to.label == "Portland, OR")
    }

    @Test func encodesTheCatalogueFields() throws {
        let r = try RouteEstimate(from: equatorPlace(0), to: equatorPlace(1), defaults: defaults)
        let object = try jsonObject(r)
        for key in ["from", "to", "great_circle_miles", "great_circle_km", "road_miles_estimate", "drive_hours_estimate"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let from = object["from"] as? [String: Any] ?? [:]
        #expect(Set(from.keys) == ["name", "region", "country", "latitude", "longitude"])
    }

    @Test func calculatorResolvesPlaceNames() throws {
        let calculator = Calculator(gazetteer: .bundled)
        let result = try calculator.compute(.distance(from: "Denver", to: "Portland, OR"))
        let r = try #require(result.data as? RouteEstimate)
        #expect(r.greatCircleMiles == 981.4)
        #expect(throws: ComputeError.unknownPlace("Mordor")) {
            try calculator.compute(.distance(from: "Denver", to: "Mordor"))
        }
    }
}

@Suite struct TripCostTests {
    @Test func fuelIsComputedOnTheRoadEstimate() throws {
        // 10° on the equator: road_miles_estimate = 829.1 (from 829.12103)
        // 829.1 / 10 mpg = 82.91 gal; × $4.00 = $331.64 (on the unrounded 829.121 it would be $331.65)
        // litres 82.91 × 3.785411784 = 313.848 → 313.85
        let r = try TripCost(from: equatorPlace(0), to: equatorPlace(10), efficiency: .mpg(10), price: .perGallon(4), defaults: defaults)
        #expect(r.route.roadMilesEstimate == 829.1)
        #expect(r.fuel.distanceMiles == 829.1)
        #expect(r.fuel.gallons == 82.91)
        #expect(r.fuel.liters == 313.85)
        #expect(r.fuel.cost == 331.64)
        #expect(r.fuel.assumptions.isEmpty)
    }

    @Test func defaultsAreSaid() throws {
        let r = try TripCost(from: equatorPlace(0), to: equatorPlace(1), efficiency: nil, price: nil, defaults: defaults)
        // 82.9 / 10 (default) = 8.29 gal
        #expect(r.fuel.gallons == 8.29)
        let all = try jsonObject(r)["assumptions"] as? [String] ?? []
        #expect(all.contains { $0.contains("1.2") })
        #expect(all.contains { $0.contains("10 mpg") })
        #expect(all.contains { $0.contains("$3.50") })
    }

    @Test func encodesDistanceAndFuelFieldsFlat() throws {
        let r = try TripCost(from: equatorPlace(0), to: equatorPlace(10), efficiency: .mpg(10), price: .perGallon(4), defaults: defaults)
        let object = try jsonObject(r)
        for key in [
            "from", "to", "great_circle_miles", "great_circle_km", "road_miles_estimate", "drive_hours_estimate",
            "distance_miles", "mpg", "gallons", "liters", "cost", "assumptions",
        ] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["cost"] as? Double == 331.64)
    }

    @Test func samePlaceTwiceNamesTheDestination() {
        let error = #expect(throws: ComputeError.self) {
            try TripCost(from: equatorPlace(3), to: equatorPlace(3), efficiency: nil, price: nil, defaults: defaults)
        }
        #expect(error?.invalidField == "to")
    }
}

@Suite struct DriveTimeTests {
    @Test func distanceAtTheDefaultSpeed() throws {
        // 330 mi / 55 mph = 6.00 h
        let r = try DriveTime(distance: Length(330, .miles), speedMph: nil, defaults: defaults)
        #expect(r.distanceMiles == 330)
        #expect(r.speedMph == 55)
        #expect(r.hours == 6.0)
        #expect(r.route == nil)
        #expect(r.assumptions.count == 1)
        #expect(r.assumptions[0].contains("55 mph") && r.assumptions[0].contains("default"))
    }

    @Test func distanceAtAGivenSpeed() throws {
        // 330 mi / 60 mph = 5.5 h; 100 mi / 65 mph = 1.53846 → 1.54
        let r = try DriveTime(distance: Length(330, .miles), speedMph: 60, defaults: defaults)
        #expect(r.hours == 5.5)
        #expect(r.speedMph == 60)
        #expect(r.assumptions.isEmpty)
        #expect(try DriveTime(distance: Length(100, .miles), speedMph: 65, defaults: defaults).hours == 1.54)
    }

    @Test func kilometers() throws {
        // 100 km = 62.13712 mi → 62.14; / 50 mph = 1.24274 → 1.24
        let r = try DriveTime(distance: Length(100, .kilometers), speedMph: 50, defaults: defaults)
        #expect(r.distanceMiles == 62.14)
        #expect(r.hours == 1.24)
    }

    @Test func configuredDefaultSpeed() throws {
        // 130 mi / 65 mph = 2 h
        let r = try DriveTime(distance: Length(130, .miles), speedMph: nil, defaults: ComputeDefaults(speedMph: 65))
        #expect(r.hours == 2)
        #expect(r.assumptions[0].contains("65 mph"))
    }

    @Test func placesAtTheDefaultSpeed() throws {
        // road estimate 82.9 mi (1° on the equator); 82.9 / 55 = 1.50727 → 1.51
        let r = try DriveTime(from: equatorPlace(0), to: equatorPlace(1), speedMph: nil, defaults: defaults)
        #expect(r.distanceMiles == 82.9)
        #expect(r.speedMph == 55)
        #expect(r.hours == 1.51)
        #expect(r.route != nil)
        #expect(r.assumptions.count == 2)
        #expect(r.assumptions.contains { $0.contains("1.2") })
        #expect(r.assumptions.contains { $0.contains("55 mph") })
    }

    @Test func placesAtAGivenSpeed() throws {
        // 82.9 / 60 = 1.38167 → 1.38; 829.1 / 70 = 11.84429 → 11.84
        let r = try DriveTime(from: equatorPlace(0), to: equatorPlace(1), speedMph: 60, defaults: defaults)
        #expect(r.hours == 1.38)
        #expect(r.speedMph == 60)
        #expect(r.assumptions.count == 1)
        #expect(try DriveTime(from: equatorPlace(0), to: equatorPlace(10), speedMph: 70, defaults: defaults).hours == 11.84)
    }

    @Test func placesEncodeFromAndTo() throws {
        let r = try DriveTime(from: equatorPlace(0), to: equatorPlace(1), speedMph: nil, defaults: defaults)
        let keys = try jsonKeys(r)
        #expect(keys.isSuperset(of: ["distance_miles", "speed_mph", "hours", "from", "to"]))
        let plain = try jsonKeys(try DriveTime(distance: Length(10, .miles), speedMph: nil, defaults: defaults))
        #expect(plain.isSuperset(of: ["distance_miles", "speed_mph", "hours"]))
        #expect(!plain.contains("from"))
    }

    @Test func hoursText() {
        #expect(DriveTime.hoursText(6) == "6 h")
        #expect(DriveTime.hoursText(1.51) == "1 h 31 min")
        #expect(DriveTime.hoursText(0.5) == "30 min")
    }
}
