import Testing

@testable import Tier2Compute

@Suite struct GazetteerTests {
    let g = Gazetteer.bundled

    @Test func ambiguousNameIsTheMostPopulous() throws {
        // Portland, OR (652,503) beats Portland, ME (66,881) and the smaller Portlands.
        let p = try g.resolve("Portland")
        #expect(p.region == "OR")
        #expect(p.country == "US")
        let all = g.places(key: "portland")
        #expect(all.count > 2)
        #expect(all.first == p)
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.population >= $1.population })
    }

    @Test(arguments: ["Portland, ME", "Portland, Maine", "Portland Maine", "portland, me", "PORTLAND, MAINE", "Portland ME"])
    func regionNarrowsToMaine(text: String) throws {
        let p = try g.resolve(text)
        #expect(p.name == "Portland")
        #expect(p.region == "ME")
    }

    @Test(arguments: ["Portland Oregon", "Portland, OR", "Portland, Oregon", "portland oregon"])
    func regionNarrowsToOregon(text: String) throws {
        #expect(try g.resolve(text).label == "Portland, OR")
    }

    @Test func vancouver() throws {
        // Vancouver BC (662,248) beats Vancouver WA (196,442).
        let bc = try g.resolve("Vancouver")
        #expect(bc.region == "BC")
        #expect(bc.country == "CA")
        let wa = try g.resolve("Vancouver, WA")
        #expect(wa.region == "WA")
        #expect(wa.country == "US")
        #expect(try g.resolve("Vancouver, Washington") == wa)
        #expect(try g.resolve("Vancouver, USA") == wa)
        #expect(try g.resolve("Vancouver, Canada") == bc)
        #expect(try g.resolve("Vancouver BC") == bc)
        #expect(try g.resolve("Vancouver, British Columbia") == bc)
    }

    @Test func caIsCalifornia() {
        // As RegionFilter documents: "CA" is California, as people write it; Canada is spelled out.
        // There is no Vancouver in California, so this is an error, never a guess.
        #expect(throws: ComputeError.unknownPlace("Vancouver, CA")) { try g.resolve("Vancouver, CA") }
    }

    @Test(arguments: ["St. George", "Saint George", "St George", "st. george", "ST GEORGE", "St. George, UT", "Saint George Utah"])
    func saintGeorgeIsUtah(text: String) throws {
        // "St." folds to "saint"; Saint George, UT (72,897) is the most populous of that name.
        let p = try g.resolve(text)
        #expect(p.region == "UT")
        #expect(p.country == "US")
    }

    @Test func saintGeorgeElsewhere() throws {
        let on = try g.resolve("St. George, ON")
        #expect(on.country == "CA")
        #expect(on.region == "ON")
        #expect(try g.resolve("Saint George, ME").region == "ME")
        #expect(try g.resolve("St George, Ontario") == on)
    }

    @Test(arguments: ["Mérida", "Merida", "MÉRIDA", "mérida", "Merida, Mexico"])
    func accentedMexicanCity(text: String) throws {
        let p = try g.resolve(text)
        #expect(p.name == "Mérida")
        #expect(p.country == "MX")
    }

    @Test func otherAccentedNames() throws {
        #expect(try g.resolve("Santiago de Queretaro").name == "Santiago de Querétaro")
        #expect(try g.resolve("San Luis Potosi").name == "San Luis Potosí")
        #expect(try g.resolve("Ciudad Juarez").country == "MX")
        #expect(try g.resolve("Montreal").name == "Montréal")
        #expect(try g.resolve("montréal, quebec").region == "QC")
        #expect(try g.resolve("Coeur dAlene").name == "Coeur d'Alene")
        #expect(try g.resolve("Coeur d’Alene, ID").name == "Coeur d'Alene")
    }

    @Test(arguments: ["denver", "DENVER", "Denver", "  Denver  ", "dEnVeR, co", "Denver, Colorado"])
    func caseInsensitive(text: String) throws {
        let p = try g.resolve(text)
        #expect(p.label == "Denver, CO")
        #expect(p.latitude == 39.73915)
        #expect(p.longitude == -104.9847)
    }

    @Test func abbreviatedFortAndMount() throws {
        #expect(try g.resolve("Ft. Collins").name == "Fort Collins")
        #expect(try g.resolve("Mt Vernon, WA").name == "Mount Vernon")
    }

    @Test(arguments: ["Mordor", "Zzyzxville", "Gotham City", "Springfield Gorge"])
    func unknownNameIsAnErrorNamingIt(text: String) {
        #expect(throws: ComputeError.unknownPlace(text)) { try g.resolve(text) }
    }

    @Test func unknownNameIsTrimmedButOtherwiseAsAsked() {
        #expect(throws: ComputeError.unknownPlace("Mordor, NV")) { try g.resolve("  Mordor, NV ") }
    }

    @Test(arguments: ["Denver, FL", "Denver, Florida", "Denver Florida", "Portland, AZ", "Vancouver, Mexico", "Moab, Canada", "Atlantis, NV"])
    func knownNameInTheWrongRegionIsNotAGuess(text: String) {
        // The gazetteer has Denvers in CO, IA, NC, PA but none in Florida, etc.
        #expect(g.places(key: "denver").allSatisfy { $0.region != "FL" })
        #expect(throws: ComputeError.unknownPlace(text)) { try g.resolve(text) }
    }

    @Test func emptyAndOverlongNames() {
        #expect(throws: ComputeError.missingParameter("place")) { try g.resolve("   ") }
        let error = #expect(throws: ComputeError.self) { try g.resolve(String(repeating: "a", count: 121)) }
        #expect(error?.invalidField == "place")
    }

    @Test func lookupAndKnows() {
        #expect(g.knows(key: "saint george"))
        #expect(!g.knows(key: "st george"))
        #expect(g.lookup(name: "Portland")?.region == "OR")
        #expect(g.lookup(name: "Portland", filter: .region(code: "ME", country: "US"))?.region == "ME")
        #expect(g.lookup(name: "Portland", filter: .country("CA")) == nil)
        #expect(g.lookup(name: "Nowhere Special") == nil)
        #expect(g.longestNameWords >= 4)
    }

    @Test func regionFilterNames() {
        #expect(RegionFilter.named("co") == .region(code: "CO", country: "US"))
        #expect(RegionFilter.named("colorado") == .region(code: "CO", country: "US"))
        #expect(RegionFilter.named("british columbia") == .region(code: "BC", country: "CA"))
        #expect(RegionFilter.named("ca") == .region(code: "CA", country: "US"))
        #expect(RegionFilter.named("canada") == .country("CA"))
        #expect(RegionFilter.named("usa") == .country("US"))
        #expect(RegionFilter.named("mexico") == .country("MX"))
        #expect(RegionFilter.named("narnia") == nil)
    }

    @Test func bundledSizeAndAttributionFields() {
        // US, Canada and Mexico only.
        let sample = ["Denver", "Vancouver", "Mérida"].compactMap { g.lookup(name: $0) }
        #expect(Set(sample.map(\.country)) == ["US", "CA", "MX"])
    }
}

@Suite struct GazetteerCSVTests {
    static let csv = """
        geonameid,name,region,country,latitude,longitude,population
        1,Springfield,IL,US,39.80172,-89.64371,114394
        2,Springfield,MO,US,37.21533,-93.29824,169176
        3,"Springfield, Town",VT,US,43.29,-72.48,9000
        4,Broken,XX,US,not-a-number,0,5
        5,Québec,QC,CA,46.81228,-71.21454,531902
        6,Short,row
        7,Nopop,BC,CA,49.0,-123.0,
        """

    @Test func parsesRowsAndSkipsBrokenOnes() throws {
        let g = Gazetteer(csv: Self.csv)
        #expect(g.places(key: "springfield").map(\.region) == ["MO", "IL"])
        #expect(try g.resolve("Springfield").region == "MO")
        #expect(try g.resolve("Springfield, IL").population == 114394)
        #expect(!g.knows(key: "broken"))
        #expect(!g.knows(key: "short"))
        #expect(try g.resolve("quebec").name == "Québec")
        #expect(g.lookup(name: "Nopop")?.population == 0)
        #expect(g.longestNameWords == 2)
    }

    @Test func quotedFieldWithAComma() throws {
        let g = Gazetteer(csv: Self.csv)
        // The comma inside quotes is part of the name, not a field separator.
        let place = try g.resolve("Springfield, Town")
        #expect(place.name == "Springfield, Town")
        #expect(place.region == "VT")
        #expect(place.latitude == 43.29)
        #expect(Gazetteer.fields(of: #"3,"Springfield, Town",VT,US"#) == ["3", "Springfield, Town", "VT", "US"])
        #expect(Gazetteer.fields(of: "a,,b") == ["a", "", "b"])
    }

    @Test func crlfLineEndings() throws {
        let g = Gazetteer(csv: "geonameid,name,region,country,latitude,longitude,population\r\n1,Moab,UT,US,38.57332,-109.54984,5235\r\n")
        #expect(try g.resolve("Moab").population == 5235)
    }

    @Test func headerOnlyOrEmpty() {
        #expect(!Gazetteer(csv: "").knows(key: "moab"))
        #expect(throws: ComputeError.unknownPlace("Moab")) {
            try Gazetteer(csv: "geonameid,name,region,country,latitude,longitude,population\n").resolve("Moab")
        }
    }
}
