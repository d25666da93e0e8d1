import Domain
import Foundation
import Tier1Cache

/// The budget of a single instance (no Redis): exact within the process.
package actor InProcessSpendingBudget: SpendingBudget {
    package let limits: BudgetLimits
    private var users: [String: Int64] = [:]
    private var global: [Day: Int64] = [:]

    package init(limits: BudgetLimits) {
        self.limits = limits
    }

    private static func key(_ user: String, _ day: Day) -> String { "\(day)|\(user)" }

    package func reserve(user: String, micros: Int64, day: Day) -> BudgetDecision {
        let userKey = Self.key(user, day)
        let userSpent = users[userKey] ?? 0
        let globalSpent = global[day] ?? 0
        let retry = Day.secondsToNextUTCDay(now: Date().timeIntervalSince1970)
        guard userSpent + micros <= limits.perUserMicros else { return .exceeded(scope: .user, retryAfterSeconds: retry) }
        guard globalSpent + micros <= limits.globalMicros else { return .exceeded(scope: .global, retryAfterSeconds: retry) }
        users[userKey] = userSpent + micros
        global[day] = globalSpent + micros
        // Yesterday's counters are of no use: keep the maps small.
        if global.count > 2, let oldest = global.keys.min() {
            global[oldest] = nil
            users = users.filter { !$0.key.hasPrefix("\(oldest)|") }
        }
        return .reserved(BudgetReservation(user: user, day: day, micros: micros))
    }

    package func settle(_ reservation: BudgetReservation, actualMicros: Int64) {
        let refund = reservation.micros - min(max(0, actualMicros), reservation.micros)
        guard refund > 0 else { return }
        let key = Self.key(reservation.user, reservation.day)
        if let spent = users[key] { users[key] = max(0, spent - refund) }
        if let spent = global[reservation.day] { global[reservation.day] = max(0, spent - refund) }
    }

    package func spent(user: String, day: Day) -> (user: Int64, global: Int64) {
        (users[Self.key(user, day)] ?? 0, global[day] ?? 0)
    }
}
