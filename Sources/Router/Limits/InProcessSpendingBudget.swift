import Domain
import Foundation

/// The budget of a single instance (no Redis): exact within the process. Holds cannot outlive
/// their calls here (a call always settles, and a crash forgets everything), so they need no
/// expiry.
package actor InProcessSpendingBudget: SpendingBudget {
    package let limits: BudgetLimits
    private struct Account {
        var spent: Int64 = 0
        var held: Int64 = 0
    }
    private var users: [String: Account] = [:]
    private var global: [Day: Account] = [:]

    package init(limits: BudgetLimits) {
        self.limits = limits
    }

    private static func key(_ user: String, _ day: Day) -> String { "\(day)|\(user)" }

    package func reserve(user: String, micros: Int64, day: Day) -> BudgetDecision {
        let userKey = Self.key(user, day)
        let mine = users[userKey] ?? Account()
        let all = global[day] ?? Account()
        let standing = BudgetStanding(userSpent: mine.spent, userHeld: mine.held, globalSpent: all.spent, globalHeld: all.held)
        if let refusal = limits.decide(micros: micros, standing: standing, now: Date().timeIntervalSince1970) {
            return .refused(refusal)
        }
        users[userKey, default: Account()].held += micros
        global[day, default: Account()].held += micros
        // Yesterday's counters are of no use: keep the maps small.
        if global.count > 2, let oldest = global.keys.min() {
            global[oldest] = nil
            users = users.filter { !$0.key.hasPrefix("\(oldest)|") }
        }
        return .reserved(BudgetReservation(user: user, day: day, micros: micros))
    }

    package func settle(_ reservation: BudgetReservation, actualMicros: Int64) {
        let key = Self.key(reservation.user, reservation.day)
        let actual = max(0, actualMicros)
        users[key, default: Account()].held = max(0, (users[key]?.held ?? 0) - reservation.micros)
        users[key, default: Account()].spent += actual
        global[reservation.day, default: Account()].held = max(0, (global[reservation.day]?.held ?? 0) - reservation.micros)
        global[reservation.day, default: Account()].spent += actual
    }

    package func standing(user: String, day: Day) -> BudgetStanding {
        let mine = users[Self.key(user, day)] ?? Account()
        let all = global[day] ?? Account()
        return BudgetStanding(userSpent: mine.spent, userHeld: mine.held, globalSpent: all.spent, globalHeld: all.held)
    }
}
