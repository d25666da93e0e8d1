/// What Messages calls cost: the tokens the provider billed and their price in whole
/// micro-dollars. Each call is priced on its own and rounded up, so the spend of an answer is
/// exactly the sum of what was charged for its calls (budgets, metrics and the route log agree).
public struct Spend: Sendable, Equatable {
    public var usage: Usage
    public var microdollars: Int64

    public init(usage: Usage = Usage(), microdollars: Int64 = 0) {
        self.usage = usage
        self.microdollars = microdollars
    }

    /// One call's spend at `price`.
    public init(call usage: Usage, price: ModelPrice) {
        self.init(usage: usage, microdollars: price.microdollars(of: usage))
    }

    public static let none = Spend()

    public var dollars: Double { Double(microdollars) / 1_000_000 }

    public static func + (a: Spend, b: Spend) -> Spend {
        Spend(usage: a.usage + b.usage, microdollars: a.microdollars + b.microdollars)
    }
}
