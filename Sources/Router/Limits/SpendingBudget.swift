import Domain
import Tier1Cache

/// The daily AI spending limits: one per user and one for the whole service. A tier 3 answer
/// first reserves its worst-case cost against both; the real cost is settled afterwards (and a
/// failed answer settles at zero: no partial charge). Because reservations are taken atomically
/// before any call, concurrent answers cannot together overshoot a limit.
package protocol SpendingBudget: Sendable {
    /// Reserves `micros` (millionths of a dollar) for `user` on `day`, or says why not.
    func reserve(user: String, micros: Int64, day: Day) async -> BudgetDecision
    /// Replaces a reservation by what was really spent (at most what was reserved).
    func settle(_ reservation: BudgetReservation, actualMicros: Int64) async
    /// What `user` and everyone have spent or reserved on `day` (tests, readiness).
    func spent(user: String, day: Day) async -> (user: Int64, global: Int64)
}

package struct BudgetLimits: Sendable, Equatable {
    /// Per user and per day, in dollars.
    package var perUser: Double
    /// For the whole service per day, in dollars.
    package var global: Double

    package init(perUser: Double = 2, global: Double = 100) {
        self.perUser = perUser
        self.global = global
    }

    var perUserMicros: Int64 { Int64((perUser * 1_000_000).rounded(.down)) }
    var globalMicros: Int64 { Int64((global * 1_000_000).rounded(.down)) }
}

package struct BudgetReservation: Sendable, Equatable {
    package let user: String
    package let day: Day
    package let micros: Int64
}

/// Whose daily AI budget a refusal is about.
package enum BudgetScope: String, Sendable, Equatable {
    /// The asking user's own allowance.
    case user
    /// The service's allowance, shared by every user.
    case global
}

package enum BudgetDecision: Sendable, Equatable {
    case reserved(BudgetReservation)
    /// Over a limit until the next UTC day.
    case exceeded(scope: BudgetScope, retryAfterSeconds: Int)
    /// The shared budget store did not answer: tier 3 is refused rather than spent unchecked.
    case unavailable
}

extension Day {
    /// Seconds from `now` (Unix seconds) to the start of the next UTC day.
    static func secondsToNextUTCDay(now: Double) -> Int {
        let day = 86_400.0
        return max(1, Int((day - now.truncatingRemainder(dividingBy: day)).rounded(.up)))
    }
}
