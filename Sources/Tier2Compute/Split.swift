/// `compute.split`: an amount shared evenly.
public struct Split: Sendable, Equatable, Encodable {
    public let amount: Double
    public let people: Int
    public let perPerson: Double

    enum CodingKeys: String, CodingKey {
        case amount, people, perPerson = "per_person"
    }

    public init(amount: Double, people: Int) throws(ComputeError) {
        try Bounds.positive(amount, field: "amount", max: Bounds.maxAmount, unit: "dollars")
        guard people >= 1 else { throw .invalidValue(field: "people", reason: "must be at least 1, got \(people)") }
        guard people <= Bounds.maxPeople else {
            throw .invalidValue(field: "people", reason: "\(people) is beyond the supported maximum of \(Bounds.maxPeople)")
        }
        self.amount = round(amount, places: 2)
        self.people = people
        self.perPerson = round(amount / Double(people), places: 2)
    }

    public var answer: String {
        "\(Formatting.dollars(amount)) split \(people) ways is \(Formatting.dollars(perPerson)) each."
    }
}
