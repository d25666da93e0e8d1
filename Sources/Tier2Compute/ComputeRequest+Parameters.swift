/// Building a request from named string parameters (`GET /v1/compute/{name}?distance=350&mpg=10`).
extension ComputeRequest {
    /// - Parameters:
    ///   - route: a catalogue route name, with or without the `compute.` prefix.
    ///   - parameters: the parameter names of `encode(to:)`, values as text.
    public init(route name: String, parameters: [String: String]) throws(ComputeError) {
        guard let route = ComputeRoute(name: name) else {
            throw .invalidValue(field: "route", reason: "no compute route named '\(name)'")
        }
        try self.init(route: route, parameters: parameters)
    }

    public init(route: ComputeRoute, parameters: [String: String]) throws(ComputeError) {
        let p = Parameters(values: parameters)
        switch route {
        case .fuelCost:
            self = .fuelCost(distance: try p.length(), efficiency: try p.efficiency(), price: try p.price())
        case .distance:
            self = .distance(from: try p.text("from"), to: try p.text("to"))
        case .tripCost:
            self = .tripCost(
                from: try p.text("from"), to: try p.text("to"), efficiency: try p.efficiency(), price: try p.price()
            )
        case .driveTime:
            if p.values["from"] != nil || p.values["to"] != nil {
                self = .driveTimeBetween(from: try p.text("from"), to: try p.text("to"), speedMph: try p.number("speed_mph", optional: true))
            } else {
                self = .driveTime(distance: try p.length(), speedMph: try p.number("speed_mph", optional: true))
            }
        case .convert:
            let value = try p.number("value")
            self = .convert(value: value, from: try p.unit("from_unit"), to: try p.unit("to_unit"))
        case .mpg:
            self = .mpg(distance: Length(try p.number("miles"), .miles), gallons: try p.number("gallons"))
        case .split:
            let people = try p.number("people")
            guard people == people.rounded(), abs(people) < 1e9 else {
                throw .invalidValue(field: "people", reason: "must be a whole number")
            }
            self = .split(amount: try p.number("amount"), people: Int(people))
        case .smalltalk:
            guard let kind = Smalltalk.Kind(rawValue: p.values["kind"] ?? "help") else {
                throw .invalidValue(field: "kind", reason: "one of greeting, thanks, help")
            }
            self = .smalltalk(kind, language: p.values["language"] ?? "en")
        }
    }
}

private struct Parameters {
    let values: [String: String]

    func text(_ name: String) throws(ComputeError) -> String {
        guard let value = values[name], !value.allSatisfy(\.isWhitespace) else { throw .missingParameter(name) }
        return value
    }

    func number(_ name: String) throws(ComputeError) -> Double {
        guard let raw = values[name] else { throw .missingParameter(name) }
        guard let value = Double(raw.trimmingPrefix("$")), value.isFinite else {
            throw .invalidValue(field: name, reason: "'\(raw.prefix(40))' is not a number")
        }
        return value
    }

    func number(_ name: String, optional: Bool) throws(ComputeError) -> Double? {
        values[name] == nil ? nil : try number(name)
    }

    func length() throws(ComputeError) -> Length {
        let value = try number("distance")
        switch (values["distance_unit"] ?? "mi").lowercased() {
        case "mi", "miles": return Length(value, .miles)
        case "km", "kilometers": return Length(value, .kilometers)
        case let other: throw .invalidValue(field: "distance_unit", reason: "'\(other.prefix(20))' is not mi or km")
        }
    }

    func efficiency() throws(ComputeError) -> FuelEfficiency? {
        if let mpg = try number("mpg", optional: true) { return .mpg(mpg) }
        if let l = try number("l_per_100km", optional: true) { return .litersPer100km(l) }
        return nil
    }

    func price() throws(ComputeError) -> FuelPrice? {
        if let p = try number("price_per_gallon", optional: true) { return .perGallon(p) }
        if let p = try number("price_per_liter", optional: true) { return .perLiter(p) }
        return nil
    }

    func unit(_ name: String) throws(ComputeError) -> ConversionUnit {
        let raw = try text(name)
        guard let unit = ConversionUnit(symbol: raw) else {
            throw .invalidValue(field: name, reason: "'\(raw.prefix(20))' is not a known unit")
        }
        return unit
    }
}
