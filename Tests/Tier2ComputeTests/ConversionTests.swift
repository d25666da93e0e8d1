import Testing

@testable import Tier2Compute

@Suite struct ConversionTests {
    private func convert(_ value: Double, _ from: ConversionUnit, _ to: ConversionUnit) throws -> Double {
        try Conversion(value: value, from: from, to: to).result
    }

    @Test func length() throws {
        #expect(try convert(100, .miles, .kilometers) == 160.9344)  // 100 × 1.609344
        #expect(try convert(100, .kilometers, .miles) == 62.1371)  // 100 / 1.609344 = 62.137119
        #expect(try convert(1, .miles, .feet) == 5280)  // 1609.344 m / 0.3048
        #expect(try convert(1, .kilometers, .meters) == 1000)
    }

    @Test func feetAndInchesToMeters() throws {
        #expect(try convert(10, .feet, .meters) == 3.048)  // 10 × 0.3048
        #expect(try convert(12, .inches, .meters) == 0.3048)  // 12 × 0.0254
        #expect(try convert(1, .meters, .feet) == 3.2808)  // 1 / 0.3048 = 3.280840
        #expect(try convert(1, .feet, .inches) == 12)  // 0.3048 / 0.0254
    }

    @Test func speed() throws {
        #expect(try convert(60, .milesPerHour, .kilometersPerHour) == 96.5606)  // 60 × 1.609344 = 96.56064
        #expect(try convert(100, .kilometersPerHour, .milesPerHour) == 62.1371)
    }

    @Test func volume() throws {
        #expect(try convert(10, .gallons, .liters) == 37.8541)  // 10 × 3.785411784
        #expect(try convert(100, .liters, .gallons) == 26.4172)  // 100 / 3.785411784 = 26.417205
    }

    @Test func efficiency() throws {
        #expect(try convert(10, .milesPerGallon, .litersPer100km) == 23.5215)  // 235.2145833 / 10
        #expect(try convert(25, .milesPerGallon, .litersPer100km) == 9.4086)  // 235.2145833 / 25 = 9.408583
        #expect(try convert(8, .litersPer100km, .milesPerGallon) == 29.4018)  // 235.2145833 / 8 = 29.401823
        #expect(try convert(12, .milesPerGallon, .milesPerGallon) == 12)
    }

    @Test func temperature() throws {
        #expect(try convert(212, .fahrenheit, .celsius) == 100)  // (212 − 32) × 5/9
        #expect(try convert(32, .fahrenheit, .celsius) == 0)
        #expect(try convert(-40, .fahrenheit, .celsius) == -40)
        #expect(try convert(100, .celsius, .fahrenheit) == 212)  // 100 × 9/5 + 32
        #expect(try convert(37, .celsius, .fahrenheit) == 98.6)
        #expect(try convert(-273.15, .celsius, .fahrenheit) == -459.67)  // absolute zero itself is fine
    }

    @Test func mass() throws {
        #expect(try convert(100, .pounds, .kilograms) == 45.3592)  // 100 × 0.45359237
        #expect(try convert(1, .kilograms, .pounds) == 2.2046)  // 1 / 0.45359237 = 2.204623
    }

    @Test(arguments: [
        (ConversionUnit.miles, ConversionUnit.kilograms),
        (.milesPerHour, .kilometers),
        (.gallons, .milesPerGallon),
        (.fahrenheit, .kilograms),
        (.liters, .litersPer100km),
        (.pounds, .feet),
    ])
    func incompatibleUnits(from: ConversionUnit, to: ConversionUnit) {
        #expect(throws: ComputeError.incompatibleUnits(from: from.rawValue, to: to.rawValue)) {
            try Conversion(value: 1, from: from, to: to)
        }
    }

    @Test func belowAbsoluteZero() {
        let f = #expect(throws: ComputeError.self) { try Conversion(value: -500, from: .fahrenheit, to: .celsius) }
        #expect(f?.invalidField == "value")
        let c = #expect(throws: ComputeError.self) { try Conversion(value: -274, from: .celsius, to: .fahrenheit) }
        #expect(c?.invalidField == "value")
    }

    @Test func absurdValues() {
        for (value, from, to) in [
            (-5.0, ConversionUnit.miles, ConversionUnit.kilometers), (0, .milesPerGallon, .litersPer100km),
            (.nan, .miles, .kilometers), (.infinity, .pounds, .kilograms), (1e12, .miles, .kilometers),
        ] {
            let error = #expect(throws: ComputeError.self) { try Conversion(value: value, from: from, to: to) }
            #expect(error?.invalidField == "value")
        }
    }

    @Test func unitSymbols() {
        #expect(ConversionUnit(symbol: "miles") == .miles)
        #expect(ConversionUnit(symbol: "KM/H") == .kilometersPerHour)
        #expect(ConversionUnit(symbol: "L/100 km") == .litersPer100km)
        #expect(ConversionUnit(symbol: "°F") == .fahrenheit)
        #expect(ConversionUnit(symbol: "C") == .celsius)
        #expect(ConversionUnit(symbol: "lbs") == .pounds)
        #expect(ConversionUnit(symbol: "inches") == .inches)
        #expect(ConversionUnit(symbol: "furlongs") == nil)
    }

    @Test func encodesTheCatalogueFields() throws {
        let object = try jsonObject(try Conversion(value: 100, from: .miles, to: .kilometers))
        #expect(object["value"] as? Double == 100)
        #expect(object["from_unit"] as? String == "mi")
        #expect(object["to_unit"] as? String == "km")
        #expect(object["result"] as? Double == 160.9344)
    }
}

@Suite struct MileageTests {
    @Test func milesAndGallons() throws {
        // 300 mi / 12 gal = 25 mpg; 235.2145833 / 25 = 9.4086 → 9.41 L/100km
        let r = try Mileage(distance: Length(300, .miles), gallons: 12)
        #expect(r.miles == 300)
        #expect(r.gallons == 12)
        #expect(r.mpg == 25)
        #expect(r.litersPer100km == 9.41)
    }

    @Test func roundsToTwoPlaces() throws {
        // 250 / 11.3 = 22.1239 → 22.12; 500 km = 310.686 mi / 10 gal = 31.0686 → 31.07
        #expect(try Mileage(distance: Length(250, .miles), gallons: 11.3).mpg == 22.12)
        let km = try Mileage(distance: Length(500, .kilometers), gallons: 10)
        #expect(km.miles == 310.69)
        #expect(km.mpg == 31.07)
    }

    @Test func encodesTheCatalogueFields() throws {
        let keys = try jsonKeys(try Mileage(distance: Length(300, .miles), gallons: 12))
        #expect(keys.isSuperset(of: ["miles", "gallons", "mpg"]))
    }
}

@Suite struct SplitTests {
    @Test func roundsHalfAwayFromZero() throws {
        // 95.50 / 4 = 23.875 → 23.88 (half away from zero; banker's rounding would give 23.88 too, see below)
        let r = try Split(amount: 95.50, people: 4)
        #expect(r.amount == 95.5)
        #expect(r.people == 4)
        #expect(r.perPerson == 23.88)
        // 0.25 / 2 = 0.125 exactly → 0.13 (half to even would give 0.12)
        #expect(try Split(amount: 0.25, people: 2).perPerson == 0.13)
    }

    @Test func evenAndRepeatingShares() throws {
        #expect(try Split(amount: 100, people: 3).perPerson == 33.33)  // 33.333…
        #expect(try Split(amount: 200, people: 3).perPerson == 66.67)  // 66.666…
        #expect(try Split(amount: 10, people: 4).perPerson == 2.5)
        #expect(try Split(amount: 42, people: 1).perPerson == 42)
    }

    @Test func roundingHelper() {
        #expect(round(2.5, places: 0) == 3)
        #expect(round(-2.5, places: 0) == -3)
        #expect(round(0.125, places: 2) == 0.13)
        #expect(round(-0.125, places: 2) == -0.13)
        #expect(round(1.23456, places: 4) == 1.2346)
    }

    @Test func encodesTheCatalogueFields() throws {
        let object = try jsonObject(try Split(amount: 95.5, people: 4))
        #expect(object["per_person"] as? Double == 23.88)
        #expect(object["people"] as? Int == 4)
        #expect(object["amount"] as? Double == 95.5)
    }
}

@Suite struct SmalltalkTests {
    @Test(arguments: [Smalltalk.Kind.greeting, .thanks, .help])
    func englishKinds(kind: Smalltalk.Kind) throws {
        let s = Smalltalk(kind: kind, language: "en")
        #expect(s.kind == kind)
        #expect(s.language == "en")
        #expect(!s.answer.isEmpty)
        #expect(try jsonObject(s)["kind"] as? String == kind.rawValue)
    }

    @Test func englishAnswers() {
        #expect(Smalltalk(kind: .greeting, language: "en").answer.hasPrefix("Hi!"))
        #expect(Smalltalk(kind: .thanks, language: "en").answer.hasPrefix("You're welcome"))
        let help = Smalltalk(kind: .help, language: "en").answer
        // The help answer says what the router can do.
        for topic in ["spent", "budget", "savings", "fuel", "distances", "conversions"] {
            #expect(help.contains(topic), "help does not mention \(topic)")
        }
        #expect(Smalltalk(kind: .greeting, language: "en").answer.contains(help))
    }

    @Test func spanish() throws {
        #expect(Smalltalk(kind: .greeting, language: "es").answer.hasPrefix("¡Hola!"))
        #expect(Smalltalk(kind: .thanks, language: "es").answer.hasPrefix("¡De nada!"))
        let help = Smalltalk(kind: .help, language: "es")
        #expect(help.language == "es")
        #expect(help.answer.hasPrefix("Puedo"))
        #expect(help.answer.contains("presupuesto"))
        #expect(try jsonObject(help)["language"] as? String == "es")
    }

    @Test func otherLanguagesFallBackToEnglish() {
        let s = Smalltalk(kind: .thanks, language: "fr")
        #expect(s.language == "en")
        #expect(s.answer.hasPrefix("You're welcome"))
    }

    @Test func calculatorAnswersSmalltalk() throws {
        let r = try Calculator(gazetteer: .bundled).compute(.smalltalk(.greeting, language: "es"))
        #expect(r.answer.hasPrefix("¡Hola!"))
    }
}
