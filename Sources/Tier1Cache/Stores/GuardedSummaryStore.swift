import Domain
import Resilience

/// A `SummaryStore` behind a circuit breaker and a deadline per call: a database that is down
/// or hanging costs each request at most the deadline, and nothing at all while the breaker is open.
public struct GuardedSummaryStore: SummaryStore {
    public let base: any SummaryStore
    public let breaker: CircuitBreaker
    public let deadline: Duration
    private let time: any TimeSource

    public init(base: any SummaryStore, breaker: CircuitBreaker, deadline: Duration = .seconds(3), time: any TimeSource = SystemTime()) {
        self.base = base
        self.breaker = breaker
        self.deadline = deadline
        self.time = time
    }

    private func guarded<T: Sendable>(_ call: @escaping @Sendable () async throws -> T) async throws -> T {
        let deadline = self.deadline
        let time = self.time
        return try await breaker.run { try await withDeadline(deadline, time: time, call) }
    }

    public func spendByCategory(user: String, range: DateRange, category: Category?) async throws -> [CategoryTotal] {
        try await guarded { [base] in try await base.spendByCategory(user: user, range: range, category: category) }
    }

    public func budgetLines(user: String, range: DateRange, category: Category?) async throws -> [BudgetLine] {
        try await guarded { [base] in try await base.budgetLines(user: user, range: range, category: category) }
    }

    public func savings(user: String, range: DateRange) async throws -> Total {
        try await guarded { [base] in try await base.savings(user: user, range: range) }
    }

    public func recentExpenses(user: String, asOf: Day, limit: Int, category: Category?) async throws -> [Expense] {
        try await guarded { [base] in try await base.recentExpenses(user: user, asOf: asOf, limit: limit, category: category) }
    }

    public func fuel(user: String, range: DateRange) async throws -> FuelAggregate {
        try await guarded { [base] in try await base.fuel(user: user, range: range) }
    }
}
