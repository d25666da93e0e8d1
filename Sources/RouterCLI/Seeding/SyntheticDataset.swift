import Domain
import Tier1Cache

/// A large deterministic dataset with the demo's shape and rough distributions, for load tests
/// (`router seed --synthetic --users N`): the same seed and user range always give the same rows.
public struct SyntheticDataset: Sendable {
    public let seed: UInt64
    public let from: Day
    public let to: Day

    /// - Parameters: from, to: the span of the rows (the demo's: 2025-01-01 to 2026-11-21 when nil).
    public init(seed: UInt64 = 42, from: Day? = nil, to: Day? = nil) {
        self.seed = seed
        self.from = from ?? Day(unchecked: 2025, 1, 1)
        self.to = to ?? Day(unchecked: 2026, 11, 21)
    }

    /// Users are `u000001`…; ids are `user number × 100,000 + n`, so chunks never collide.
    public static func userID(_ n: Int) -> String {
        let digits = String(n)
        return "u" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// SplitMix64: small, fast, and the same everywhere.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }
    }

    static let cities = [
        "Tucson", "Nashville", "Portland", "Salt Lake City", "Denver", "Austin", "Boise", "Phoenix", "Sacramento",
        "Albuquerque", "Orlando", "Quartzsite", "Moab", "Banff", "Myrtle Beach", "Jackson", "Flagstaff", "Bend",
    ]
    static let food = ["Takeout", "Diner", "Cafe", "Groceries", "Market"]
    static let camping = ["State park site", "RV park", "Campground", "Hookups"]
    static let shopping = ["Supplies", "Outdoor gear", "Hardware store"]
    static let entertainment = ["Tour", "Park pass", "Movie", "Museum"]
    static let maintenance = ["Roof sealant", "Generator service", "Oil change", "Tire repair", "Brake check"]
    static let other = ["Propane", "Post office", "Dump station", "Laundry"]

    /// The rows of users `users` (1-based numbers), table by table.
    public func tables(users: ClosedRange<Int>) -> DemoDataset {
        var userRows: [[String]] = []
        var expenses: [[String]] = []
        var budgets: [[String]] = []
        var fuel: [[String]] = []
        var savings: [[String]] = []
        var trips: [[String]] = []
        for n in users {
            var g = Generator(state: seed &* 1_000_003 &+ UInt64(n))
            let user = Self.userID(n)
            let mpg = Double(g.int(75...150)) / 10
            userRows.append([user, "Traveller \(n)", Self.cities[g.int(0...(Self.cities.count - 1))], String(mpg)])
            for (category, low, high) in [
                ("fuel", 400, 900), ("food", 500, 1000), ("camping", 600, 1200), ("maintenance", 150, 300),
                ("shopping", 150, 300), ("entertainment", 100, 200), ("insurance", 110, 200), ("other", 100, 150),
            ] {
                budgets.append([user, category, String(g.int(low...high) * 100)])
            }
            var expenseID = n * 100_000
            var fuelID = n * 100_000
            var savingID = n * 100_000
            var odometer = g.int(20_000...90_000)
            var daysToFill = 0
            func expense(_ cents: Int, _ category: String, _ description: String, _ day: Day) {
                expenseID += 1
                expenses.append([String(expenseID), user, String(cents), category, description, day.description])
            }
            var day = from
            while day <= to {
                if day.day == 1 {
                    expense(g.int(9_000...20_000), "insurance", "RV insurance premium", day)
                    savingID += 1
                    savings.append([String(savingID), user, String(g.int(10_000...40_000)), "monthly transfer", day.description])
                }
                if g.chance(0.05) {
                    savingID += 1
                    let source = ["refund", "side gig", "sold gear"][g.int(0...2)]
                    savings.append([String(savingID), user, String(g.int(2_000...15_000)), source, day.description])
                }
                for _ in 0..<g.int(0...2) { expense(g.int(800...7_500), "food", Self.food[g.int(0...4)], day) }
                if g.chance(0.75) { expense(g.int(2_500...9_500), "camping", Self.camping[g.int(0...3)], day) }
                if g.chance(0.15) { expense(g.int(1_000...12_000), "shopping", Self.shopping[g.int(0...2)], day) }
                if g.chance(0.1) { expense(g.int(1_000...8_000), "entertainment", Self.entertainment[g.int(0...3)], day) }
                if g.chance(0.03) { expense(g.int(5_000...60_000), "maintenance", Self.maintenance[g.int(0...4)], day) }
                if g.chance(0.05) { expense(g.int(500...4_000), "other", Self.other[g.int(0...3)], day) }
                if daysToFill == 0 {
                    let milliGallons = g.int(12_000...33_000)
                    let price = g.int(300...450)
                    odometer += milliGallons * g.int(85...135) / 10_000
                    fuelID += 1
                    let gallons = "\(milliGallons / 1000).\(String(1000 + milliGallons % 1000).dropFirst())"
                    fuel.append([String(fuelID), user, day.description, gallons, String(price), String(odometer)])
                    let cents = (milliGallons * price + 500) / 1000
                    expense(cents, "fuel", "Fuel \(milliGallons / 1000).\((milliGallons % 1000) / 100) gal", day)
                    daysToFill = g.int(2...6)
                } else {
                    daysToFill -= 1
                }
                day = day.adding(days: 1)
            }
            var start = from
            var t = 0
            while start < to {
                t += 1
                let length = g.int(3...21)
                let end = start.adding(days: length)
                let status = end < to ? "completed" : (start <= to ? "active" : "planned")
                let origin = Self.cities[g.int(0...(Self.cities.count - 1))]
                let destination = Self.cities[g.int(0...(Self.cities.count - 1))]
                trips.append([String(n * 1_000 + t), user, "Trip \(t)", origin, destination, start.description, end.description, status])
                start = end.adding(days: g.int(10...40))
            }
        }
        return DemoDataset(tables: [
            .init(name: "users", columns: ["id", "display_name", "home_city", "vehicle_mpg"], rows: userRows),
            .init(name: "expenses", columns: ["id", "user_id", "amount_cents", "category", "description", "spent_on"], rows: expenses),
            .init(name: "budgets", columns: ["user_id", "category", "monthly_limit_cents"], rows: budgets),
            .init(name: "fuel_logs", columns: ["id", "user_id", "filled_on", "gallons", "price_per_gallon_cents", "odometer_miles"], rows: fuel),
            .init(name: "savings", columns: ["id", "user_id", "amount_cents", "source", "saved_on"], rows: savings),
            .init(name: "trips", columns: ["id", "user_id", "name", "origin", "destination", "start_on", "end_on", "status"], rows: trips),
        ])
    }
}
