import Testing

@testable import Tier2Compute

@Suite struct FuelCostTests {
    @Test func milesMpgDollarsPerGallon() throws {
        // 350 mi / 10 mpg = 35 gal; 35 × $3.50 = $122.50; 35 × 3.785411784 = 132.489… L → 132.49
        let r = try FuelCost(distance: Length(350, .miles), efficiency: .mpg(10), price: .perGallon(3.50), defaults: defaults)
        #expect(r.distanceMiles == 350)
        #expect(r.mpg == 10)
        #expect(r.gallons == 35)
        #expect(r.liters == 132.49)
        #expect(r.pricePerGallon == 3.5)
        #expect(r.cost == 122.50)
        #expect(r.assumptions.isEmpty)
    }

    @Test func fractionalGallonsRoundToTwoPlaces() throws {
        // 1,000 mi / 7.5 mpg = 133.333… gal → 133.33; × $4.199 = $559.866… → $559.87
        let r = try FuelCost(distance: Length(1000, .miles), efficiency: .mpg(7.5), price: .perGallon(4.199), defaults: defaults)
        #expect(r.gallons == 133.33)
        #expect(r.cost == 559.87)
    }

    @Test func kilometersLitersPer100kmDollarsPerLiter() throws {
        // 800 km = 800 / 1.609344 = 497.097 mi; 15 L/100km = 235.2145833 / 15 = 15.681 mpg
        // gallons = 497.097 / 15.681 = 31.7006 → 31.70; litres = 31.7006 × 3.785411784 = 120.00
        // (= 800 × 15 / 100); $/gal = 1.85 × 3.785411784 = 7.003; cost = 120 L × $1.85 = $222.00
        let r = try FuelCost(
            distance: Length(800, .kilometers), efficiency: .litersPer100km(15), price: .perLiter(1.85), defaults: defaults
        )
        #expect(r.distanceMiles == 497.1)
        #expect(r.mpg == 15.68)
        #expect(r.gallons == 31.70)
        #expect(r.liters == 120.00)
        #expect(r.pricePerGallon == 7.003)
        #expect(r.cost == 222.00)
        #expect(r.assumptions.isEmpty)
    }

    @Test func defaultsAreUsedAndSaid() throws {
        // 100 mi at the default 10 mpg = 10 gal; × default $3.50 = $35.00
        let r = try FuelCost(distance: Length(100, .miles), efficiency: nil, price: nil, defaults: defaults)
        #expect(r.mpg == 10)
        #expect(r.gallons == 10)
        #expect(r.pricePerGallon == 3.5)
        #expect(r.cost == 35.00)
        #expect(r.assumptions.count == 2)
        #expect(r.assumptions.contains { $0.contains("10 mpg") && $0.contains("default") })
        #expect(r.assumptions.contains { $0.contains("$3.50") && $0.contains("default") })
        #expect(r.answer.contains("Assumed"))
    }

    @Test func onlyTheDefaultUsedIsSaid() throws {
        // 100 mi / 20 mpg = 5 gal × $3.50 (default) = $17.50
        let r = try FuelCost(distance: Length(100, .miles), efficiency: .mpg(20), price: nil, defaults: defaults)
        #expect(r.cost == 17.50)
        #expect(r.assumptions.count == 1)
        #expect(r.assumptions[0].contains("$3.50"))
        // 100 mi / 10 mpg (default) = 10 gal × $5 = $50.00
        let s = try FuelCost(distance: Length(100, .miles), efficiency: nil, price: .perGallon(5), defaults: defaults)
        #expect(s.cost == 50.00)
        #expect(s.assumptions.count == 1)
        #expect(s.assumptions[0].contains("10 mpg"))
    }

    @Test func defaultsAreConfiguration() throws {
        // 200 mi / 8 mpg = 25 gal × $4.00 = $100.00
        let custom = ComputeDefaults(speedMph: 60, mpg: 8, pricePerGallon: 4)
        let r = try FuelCost(distance: Length(200, .miles), efficiency: nil, price: nil, defaults: custom)
        #expect(r.gallons == 25)
        #expect(r.cost == 100.00)
        #expect(r.assumptions.contains { $0.contains("8 mpg") })
        #expect(r.assumptions.contains { $0.contains("$4.00") })
    }

    @Test func catalogueDefaults() {
        #expect(defaults.speedMph == 55)
        #expect(defaults.mpg == 10)
        #expect(defaults.pricePerGallon == 3.50)
    }

    @Test func catalogueConstants() {
        #expect(UnitConstants.kilometersPerMile == 1.609344)
        #expect(UnitConstants.litersPerGallon == 3.785411784)
        #expect(UnitConstants.mpgLitersPer100kmProduct == 235.2145833)
        #expect(UnitConstants.earthRadiusKm == 6371.0088)
        #expect(UnitConstants.roadCircuity == 1.2)
    }

    @Test func encodesTheCatalogueFields() throws {
        let r = try FuelCost(distance: Length(350, .miles), efficiency: .mpg(10), price: .perGallon(3.5), defaults: defaults)
        let keys = try jsonKeys(r)
        for key in ["distance_miles", "mpg", "gallons", "liters", "cost", "assumptions"] {
            #expect(keys.contains(key), "missing \(key)")
        }
    }
}
