import Testing

@testable import Tier2Compute

/// Absurd requests get a clear `.invalidValue` naming the field, never a meaningless number.
@Suite struct AbsurdInputTests {
    @Test(arguments: [-350.0, 0, 1e12, .nan, .infinity, -.infinity, 100_001])
    func fuelCostDistance(miles: Double) {
        let error = #expect(throws: ComputeError.self) {
            try FuelCost(distance: Length(miles, .miles), efficiency: .mpg(10), price: .perGallon(3.5), defaults: defaults)
        }
        #expect(error?.invalidField == "distance")
    }

    @Test func kilometerDistanceIsBoundedToo() {
        // 10^12 km is far beyond 100,000 miles
        let error = #expect(throws: ComputeError.self) {
            try FuelCost(distance: Length(1e12, .kilometers), efficiency: nil, price: nil, defaults: defaults)
        }
        #expect(error?.invalidField == "distance")
    }

    @Test(arguments: [FuelEfficiency.mpg(0), .mpg(-10), .mpg(.nan), .mpg(1e6), .litersPer100km(0), .litersPer100km(.infinity)])
    func efficiency(_ efficiency: FuelEfficiency) {
        let error = #expect(throws: ComputeError.self) {
            try FuelCost(distance: Length(100, .miles), efficiency: efficiency, price: nil, defaults: defaults)
        }
        #expect(error?.invalidField == "efficiency")
    }

    @Test(arguments: [FuelPrice.perGallon(0), .perGallon(-3), .perGallon(.nan), .perLiter(1e9)])
    func price(_ price: FuelPrice) {
        let error = #expect(throws: ComputeError.self) {
            try FuelCost(distance: Length(100, .miles), efficiency: nil, price: price, defaults: defaults)
        }
        #expect(error?.invalidField == "price")
    }

    @Test(arguments: [0.0, -55, .nan, .infinity, 1e6])
    func speed(_ speed: Double) {
        let direct = #expect(throws: ComputeError.self) {
            try DriveTime(distance: Length(100, .miles), speedMph: speed, defaults: defaults)
        }
        #expect(direct?.invalidField == "speed")
        let between = #expect(throws: ComputeError.self) {
            try DriveTime(from: equatorPlace(0), to: equatorPlace(1), speedMph: speed, defaults: defaults)
        }
        #expect(between?.invalidField == "speed")
    }

    @Test(arguments: [-1.0, 0, 1e12, .nan])
    func driveTimeDistance(miles: Double) {
        let error = #expect(throws: ComputeError.self) {
            try DriveTime(distance: Length(miles, .miles), speedMph: nil, defaults: defaults)
        }
        #expect(error?.invalidField == "distance")
    }

    @Test func mileage() {
        let zeroGallons = #expect(throws: ComputeError.self) { try Mileage(distance: Length(300, .miles), gallons: 0) }
        #expect(zeroGallons?.invalidField == "gallons")
        let nanGallons = #expect(throws: ComputeError.self) { try Mileage(distance: Length(300, .miles), gallons: .nan) }
        #expect(nanGallons?.invalidField == "gallons")
        let negativeMiles = #expect(throws: ComputeError.self) { try Mileage(distance: Length(-300, .miles), gallons: 10) }
        #expect(negativeMiles?.invalidField == "distance")
        let hugeMiles = #expect(throws: ComputeError.self) { try Mileage(distance: Length(1e12, .miles), gallons: 10) }
        #expect(hugeMiles?.invalidField == "distance")
    }

    @Test func splitPeople() {
        for people in [0, -2, 1_000_000] {
            let error = #expect(throws: ComputeError.self) { try Split(amount: 100, people: people) }
            #expect(error?.invalidField == "people")
        }
    }

    @Test func splitAmount() {
        for amount in [-95.5, 0, .nan, .infinity, 1e12] {
            let error = #expect(throws: ComputeError.self) { try Split(amount: amount, people: 4) }
            #expect(error?.invalidField == "amount")
        }
    }

    @Test func errorsHaveADetailSentence() {
        #expect(ComputeError.unknownPlace("Atlantis").detail.contains("'Atlantis'"))
        #expect(ComputeError.invalidValue(field: "distance", reason: "must be greater than zero").detail
            == "Invalid distance: must be greater than zero.")
        #expect(ComputeError.missingParameter("from").detail.contains("'from'"))
        #expect(ComputeError.incompatibleUnits(from: "mi", to: "kg").detail.contains("mi to kg"))
    }
}
