import Domain

/// Computes a summary's `data` and its answer sentence from a `SummaryStore`. The catalogue's
/// arithmetic (days left, daily allowance, average price, mpg) lives here once, for every store.
public struct SummaryEngine: Sendable {
    public let store: any SummaryStore

    public init(store: any SummaryStore) {
        self.store = store
    }

    /// A summary's result, ready to be encoded once and cached.
    public struct Result: Sendable {
        public let answer: String
        public let data: any Encodable & Sendable
    }

    public func run(_ request: SummaryRequest, user: String) async throws -> Result {
        switch request.kind {
        case .spend: return try await spend(request, user: user)
        case .budgetStatus: return try await budgetStatus(request, user: user)
        case .savings: return try await savings(request, user: user)
        case .recentExpenses: return try await recentExpenses(request, user: user)
        case .fuelStats: return try await fuelStats(request, user: user)
        }
    }

    func spend(_ request: SummaryRequest, user: String) async throws -> Result {
        let totals = try await store.spendByCategory(user: user, range: request.range, category: request.category)
        let total = totals.reduce(0) { $0 + $1.cents }
        let count = totals.reduce(0) { $0 + $1.count }
        var byCategory: [String: Int64]? = nil
        if request.category == nil {
            byCategory = Dictionary(uniqueKeysWithValues: totals.map { ($0.category, $0.cents) })
        }
        let data = SpendData(
            from: request.range.from?.description, to: request.range.to.description,
            category: request.category?.rawValue, totalCents: total, count: count, byCategory: byCategory
        )
        var answer = "You spent \(Money.format(cents: total))"
        if let category = request.category { answer += " on \(category.rawValue)" }
        answer += " \(request.range.phrase) (\(count) \(count == 1 ? "purchase" : "purchases"))"
        if request.category == nil, let top = totals.max(by: { ($0.cents, $1.category) < ($1.cents, $0.category) }),
            totals.count > 1
        {
            answer += "; the most on \(top.category) (\(Money.format(cents: top.cents)))"
        }
        return Result(answer: answer + ".", data: data)
    }

    func budgetStatus(_ request: SummaryRequest, user: String) async throws -> Result {
        // `range` of a budget request always has a `from`: the month's first day.
        let first = request.range.from ?? request.range.to.firstOfMonth
        let lines = try await store.budgetLines(user: user, range: request.range, category: request.category).map {
            BudgetStatusData.Line(
                category: $0.category, limitCents: $0.limitCents, spentCents: $0.spentCents,
                remainingCents: $0.limitCents - $0.spentCents
            )
        }
        let totalLimit = lines.reduce(0) { $0 + $1.limitCents }
        let totalSpent = lines.reduce(0) { $0 + $1.spentCents }
        let remaining = totalLimit - totalSpent
        let asOf = request.asOf
        let lastDay = first.lastOfMonth
        let daysLeft = asOf > lastDay ? 0 : lastDay.ordinal - max(asOf, first).ordinal + 1
        let allowance = (remaining > 0 && daysLeft > 0) ? remaining / Int64(daysLeft) : 0
        let over = lines.filter { $0.spentCents > $0.limitCents }.map(\.category).sorted()
        let data = BudgetStatusData(
            month: first.monthString, from: first.description, to: request.range.to.description,
            categories: lines, totalLimitCents: totalLimit, totalSpentCents: totalSpent,
            totalRemainingCents: remaining, overBudget: over, daysLeft: daysLeft, dailyAllowanceCents: allowance
        )
        let monthName = "\(Day.monthNames[first.month - 1]) \(first.year)"
        guard !lines.isEmpty else {
            let what = request.category.map { "a \($0.rawValue) budget" } ?? "a budget"
            return Result(answer: "You have no \(what.dropFirst(2)) set for \(monthName).", data: data)
        }
        let scope = request.category.map { " \($0.rawValue)" } ?? ""
        var answer = "\(monthName): you have spent \(Money.format(cents: totalSpent)) of your "
            + "\(Money.format(cents: totalLimit))\(scope) budget, "
        answer += remaining >= 0
            ? "\(Money.format(cents: remaining)) left"
            : "\(Money.format(cents: -remaining)) over"
        if daysLeft > 0 && remaining > 0 {
            answer += " (\(Money.format(cents: allowance)) a day for the \(daysLeft) days left)"
        }
        answer += "."
        if !over.isEmpty { answer += " Over budget: \(over.joined(separator: ", "))." }
        return Result(answer: answer, data: data)
    }

    func savings(_ request: SummaryRequest, user: String) async throws -> Result {
        let total = try await store.savings(user: user, range: request.range)
        let data = SavingsData(
            from: request.range.from?.description, to: request.range.to.description,
            totalCents: total.cents, count: total.count
        )
        let answer = "You saved \(Money.format(cents: total.cents)) \(request.range.phrase) "
            + "(\(total.count) \(total.count == 1 ? "deposit" : "deposits"))."
        return Result(answer: answer, data: data)
    }

    func recentExpenses(_ request: SummaryRequest, user: String) async throws -> Result {
        let expenses = try await store.recentExpenses(
            user: user, asOf: request.asOf, limit: request.limit, category: request.category
        )
        let data = RecentExpensesData(expenses: expenses)
        let scope = request.category.map { " \($0.rawValue)" } ?? ""
        guard !expenses.isEmpty else {
            return Result(answer: "You have no\(scope) expenses up to \(request.asOf.short(withYear: true)).", data: data)
        }
        let items = expenses.map { e -> String in
            let day = Day(iso: e.spentOn).map { $0.short(withYear: false) } ?? e.spentOn
            return "\(day): \(Money.format(cents: e.amountCents)) \(e.category) (\(e.description))"
        }
        let head = expenses.count == 1 ? "Your latest\(scope) expense" : "Your \(expenses.count) latest\(scope) expenses"
        return Result(answer: head + ": " + items.joined(separator: "; ") + ".", data: data)
    }

    func fuelStats(_ request: SummaryRequest, user: String) async throws -> Result {
        let f = try await store.fuel(user: user, range: request.range)
        let avg = f.milliGallons > 0 ? divideRounded(f.costCents * 1000, f.milliGallons) : nil
        let mpg: Double? =
            f.mpgMilliGallons > 0
            ? Double(divideRounded(f.miles * 100_000, f.mpgMilliGallons)) / 100 : nil
        let data = FuelStatsData(
            from: request.range.from?.description, to: request.range.to.description, fillups: f.fillups,
            gallons: Double(f.milliGallons) / 1000, costCents: f.costCents, avgPricePerGallonCents: avg,
            miles: f.miles, mpg: mpg
        )
        let period = request.range.phrase
        guard f.fillups > 0 else {
            return Result(answer: "No fill-ups \(period).", data: data)
        }
        var answer = "\(f.fillups) \(f.fillups == 1 ? "fill-up" : "fill-ups") \(period): "
            + "\(Double(f.milliGallons) / 1000) gallons for \(Money.format(cents: f.costCents))"
        if let avg { answer += " (average \(Money.format(cents: avg))/gal)" }
        if let mpg { answer += "; \(f.miles) miles at \(mpg) mpg" }
        return Result(answer: answer + ".", data: data)
    }
}
