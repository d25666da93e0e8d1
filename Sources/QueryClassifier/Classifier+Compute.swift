import Domain
import Tier2Compute

/// Tier 2 routes: split, conversion, mpg, and the distance family.
extension Classifier {
    private func formatted(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }

    func split(_ a: Analysis) -> Decision? {
        let hasPeople = a.quantities.contains { $0.unit == .people }
        let hasMoney = a.quantities.contains { $0.unit == .dollars }
        // "$84 / 4 ppl", "2 ways on a $78 dinner": money over people is a split without the word.
        let slash = (0..<a.count).contains { a.isSymbol($0, "/") }
        guard a.has(.split) || (a.has(.each) && hasPeople) || hasPeople && hasMoney && (slash || a.isAnyWord(["ways"])) else { return nil }
        let money = a.quantities.filter { $0.unit == .dollars }
        let bare = a.quantities.filter { $0.unit == .none }
        let peopleQ = a.quantities.filter { $0.unit == .people }
        var amount = money.first?.value
        var people = peopleQ.first?.value
        var rest = bare
        if amount == nil, !rest.isEmpty { amount = rest.removeFirst().value }
        if people == nil, !rest.isEmpty { people = rest.removeFirst().value }
        guard let amount, let people, rest.isEmpty, money.count <= 1, peopleQ.count <= 1,
            a.quantities.count == (money.isEmpty ? 0 : 1) + (peopleQ.isEmpty ? 0 : 1) + bare.count
        else { return nil }
        guard people == people.rounded(), abs(people) < 1e9 else { return nil }
        return Decision(
            target: .compute(.split(amount: amount, people: Int(people))), confidence: 0.9, domain: .general,
            reasons: a.explain ? ["split words", "amount $\(formatted(amount))", "\(Int(people)) people"] : []
        )
    }

    func conversion(_ a: Analysis) -> Decision? {
        guard a.quantities.count == 1, let q = a.quantities.first, let from = q.unit.conversionUnit,
            a.targetUnits.count == 1, let to = a.targetUnits.first, from != to, from.dimension == to.dimension,
            a.places == nil, !a.has(.cost), !a.has(.money), !a.has(.spend)
        else { return nil }
        return Decision(
            target: .compute(.convert(value: q.value, from: from, to: to)), confidence: 0.92, domain: .general,
            reasons: a.explain ? ["conversion: \(formatted(q.value)) \(from.rawValue) → \(to.rawValue)"] : []
        )
    }

    func mileage(_ a: Analysis) -> Decision? {
        let distances = a.quantities.filter { $0.unit == .miles || $0.unit == .kilometers }
        // Fuel in gallons or litres ("612 km on 95 liters"): the formula takes gallons.
        let fuel = a.quantities.filter { $0.unit == .gallons || $0.unit == .liters }
        // With a distance and the fuel it took, "per gallon" can only mean miles per gallon.
        let perGallon = (0..<a.count).contains { a.isWord($0, ["per", "por", "a"]) && a.isWord($0 + 1, ["gallon", "galon", "gal"]) }
        guard distances.count == 1, fuel.count == 1, a.quantities.count == 2,
            a.has(.economy) || a.targetUnits.contains(.milesPerGallon) || perGallon,
            !a.has(.cost), !a.has(.money)
        else { return nil }
        let d = distances[0]
        let f = fuel[0]
        let gallons = f.unit == .gallons ? f.value : f.value / UnitConstants.litersPerGallon
        return Decision(
            target: .compute(.mpg(distance: Length(d.value, d.unit == .miles ? .miles : .kilometers), gallons: gallons)),
            confidence: 0.9, domain: .travel,
            reasons: !a.explain ? [] : ["mpg from a distance and fuel: \(formatted(d.value)) \(d.unit == .miles ? "mi" : "km") and \(formatted(f.value)) \(f.unit == .gallons ? "gal" : "L")"]
        )
    }

    /// Efficiency, price and speed given alongside a distance or two places; nil when some
    /// quantity has no role (then the question is not a plain computation).
    private struct Extras {
        var efficiency: FuelEfficiency?
        var price: FuelPrice?
        var speed: Double?
        var notes: [String] = []
    }

    private func extras(_ a: Analysis, excluding index: Int?, fuelContext: Bool) -> Extras? {
        var e = Extras()
        for q in a.quantities where q.index != index {
            switch q.unit {
            case .mpg where e.efficiency == nil:
                e.efficiency = .mpg(q.value)
                if a.explain { e.notes.append("efficiency \(formatted(q.value)) mpg") }
            case .litersPer100km where e.efficiency == nil:
                e.efficiency = .litersPer100km(q.value)
                if a.explain { e.notes.append("efficiency \(formatted(q.value)) L/100km") }
            case .dollarsPerGallon where e.price == nil:
                e.price = .perGallon(q.value)
                if a.explain { e.notes.append("price $\(formatted(q.value))/gal") }
            case .dollarsPerLiter where e.price == nil:
                e.price = .perLiter(q.value)
                if a.explain { e.notes.append("price $\(formatted(q.value))/L") }
            case .dollars where e.price == nil && fuelContext:
                // "with gas at $3.89": a bare dollar amount next to fuel words is a price per gallon.
                e.price = .perGallon(q.value)
                if a.explain { e.notes.append("price $\(formatted(q.value))/gal (fuel price)") }
            case .mph where e.speed == nil:
                e.speed = q.value
                if a.explain { e.notes.append("speed \(formatted(q.value)) mph") }
            case .kmh where e.speed == nil:
                e.speed = q.value / UnitConstants.kilometersPerMile
                if a.explain { e.notes.append("speed \(formatted(q.value)) km/h") }
            default:
                return nil
            }
        }
        return e
    }

    private var costSignals: WordTags { [.cost, .money, .price] }

    /// Words that ask a formula for data it does not have: "at my average mpg", "current gas prices".
    static let dataWords: Set<String> = [
        "current", "currently", "average", "usual", "typical", "actual", "real", "todays", "latest", "my", "mi", "mis",
    ]

    /// Words that ask about what happened: the user's records, not an estimate ("how much did I
    /// spend driving from Denver to Moab").
    static let pastWords: Set<String> = [
        "did", "didnt", "spent", "paid", "gaste", "gastamos", "gastaste", "pague", "pagamos", "pagaste", "gastaron",
    ]

    /// A computation takes its inputs from the question: no period, no user data, no past, and no
    /// towing (which changes speed and mileage in ways no formula here knows).
    private func plainComputation(_ a: Analysis) -> Bool {
        a.periods.isEmpty && a.limit == nil && a.unusedWords(tagged: [.data, .past]).isEmpty
            && !a.isAnyWord(["tow", "towing", "toad"])
    }

    func placesRoute(_ a: Analysis) -> Decision? {
        guard let p = a.places, plainComputation(a) else { return nil }
        let fuelContext = a.has(.fuel) || a.categories.contains(.fuel)
        guard let e = extras(a, excluding: nil, fuelContext: true) else { return nil }
        // An efficiency or a price given with two places asks what the fuel costs.
        let costWords = !a.present.isDisjoint(with: costSignals) || e.price != nil || e.efficiency != nil
            || (fuelContext && (a.has(.question) || a.has(.filler)) && !a.has(.distance) && !a.has(.duration))
        let wantsTime = a.has(.duration) || e.speed != nil
        let wantsDistance = a.has(.distance) || a.targetUnits.contains(.miles) || a.targetUnits.contains(.kilometers)
        // "distance … and drive time": two answers, not one.
        if wantsDistance && wantsTime && a.has(.join) { return nil }
        // "how much to drive Fort Collins to Cheyenne": an amount of money, not of miles.
        let howMuch = (0..<a.count).contains { a.isWord($0, ["how", "cuanto", "cuanta"]) && ($0 + 1 == a.count || a.isWord($0 + 1, ["much", "me", "nos", "cuesta", "sale"]) || a.isWord($0, ["cuanto", "cuanta"])) }
        let wantsCost = costWords || howMuch && !wantsDistance && !wantsTime
        var reasons = a.explain ? ["places: \(p.from) → \(p.to)"] + e.notes : []
        if a.explain, !p.fromKnown || !p.toKnown {
            if a.explain { reasons.append("not in the gazetteer: " + [p.fromKnown ? nil : p.from, p.toKnown ? nil : p.to].compactMap { $0 }.joined(separator: ", ")) }
        }
        if wantsCost && !wantsTime {
            if a.explain { reasons.insert("fuel cost words", at: 0) }
            return Decision(
                target: .compute(.tripCost(from: p.from, to: p.to, efficiency: e.efficiency, price: e.price)),
                confidence: 0.9, domain: .travel, reasons: reasons
            )
        }
        guard e.efficiency == nil, e.price == nil else { return nil }
        if wantsTime && !wantsCost {
            if a.explain { reasons.insert("drive time words", at: 0) }
            return Decision(
                target: .compute(.driveTimeBetween(from: p.from, to: p.to, speedMph: e.speed)),
                confidence: 0.9, domain: .travel, reasons: reasons
            )
        }
        guard e.speed == nil, !wantsCost else { return nil }
        if a.explain { reasons.insert(wantsDistance ? "distance words" : "two places and nothing else: distance", at: 0) }
        return Decision(
            target: .compute(.distance(from: p.from, to: p.to)), confidence: wantsDistance || a.has(.drive) ? 0.92 : 0.7,
            domain: .travel, reasons: reasons
        )
    }

    func distanceRoute(_ a: Analysis) -> Decision? {
        let distances = a.quantities.filter { $0.unit == .miles || $0.unit == .kilometers }
        guard distances.count == 1, let d = distances.first, plainComputation(a) else { return nil }
        let fuelContext = a.has(.fuel) || a.categories.contains(.fuel)
        guard let e = extras(a, excluding: d.index, fuelContext: fuelContext) else { return nil }
        let length = Length(d.value, d.unit == .miles ? .miles : .kilometers)
        let howMuch = (0..<a.count).contains { a.isWord($0, ["how"]) && a.isWord($0 + 1, ["much"]) }
        let wantsCost = !a.present.isDisjoint(with: costSignals) || e.price != nil || fuelContext
            || a.targetUnits.contains(.gallons) || a.targetUnits.contains(.liters) || howMuch && a.has(.fillup)
        let wantsTime = a.has(.duration) || e.speed != nil
        var reasons = a.explain ? ["distance \(formatted(d.value)) \(length.unit.rawValue)"] + e.notes : []
        if wantsTime && !wantsCost && e.efficiency == nil && e.price == nil {
            if a.explain { reasons.insert("drive time words", at: 0) }
            return Decision(
                target: .compute(.driveTime(distance: length, speedMph: e.speed)), confidence: 0.9,
                domain: .travel, reasons: reasons
            )
        }
        if wantsCost && !wantsTime && e.speed == nil {
            if a.explain { reasons.insert("fuel cost words", at: 0) }
            return Decision(
                target: .compute(.fuelCost(distance: length, efficiency: e.efficiency, price: e.price)),
                confidence: 0.9, domain: .travel, reasons: reasons
            )
        }
        return nil
    }
}
