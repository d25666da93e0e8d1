import Domain

/// The daily AI spending limits: one per user and one for the whole service, in micro-dollars.
/// Each Messages call of a tier 3 answer first holds its worst case against both (sized by the
/// prompt it sends), then settles with what the provider billed, however the call ended: a cut,
/// failed or cancelled call is charged what it used. Spending and holds are counted apart, so a
/// hold is never reported as spending: only real spending at the limit closes the day; a call
/// that does not fit beside the holds of calls under way is told to retry shortly. Holds are
/// taken atomically, so concurrent calls cannot together overshoot a limit.
package protocol SpendingBudget: Sendable {
    /// Holds `micros` for one call of `user` on `day`, or says why not.
    func reserve(user: String, micros: Int64, day: Day) async -> BudgetDecision
    /// Releases the hold and adds `actualMicros` (what the provider billed) to the spending.
    func settle(_ reservation: BudgetReservation, actualMicros: Int64) async
    /// What `user` and everyone have spent and hold on `day` (tests, readiness).
    func standing(user: String, day: Day) async -> BudgetStanding
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

    /// Retry-After when holds leave no room: about one call's time, after which holds have
    /// turned into (much smaller) spending.
    static let retryWhileHeldSeconds = 3
}

/// One call's hold on both limits.
package struct BudgetReservation: Sendable, Equatable {
    package let user: String
    package let day: Day
    package let micros: Int64
    /// Names the hold in a shared store, so settling twice (a retried request) counts once.
    package let id: String

    package init(user: String, day: Day, micros: Int64, id: String = BudgetReservation.newID()) {
        self.user = user
        self.day = day
        self.micros = micros
        self.id = id
    }

    package static func newID() -> String {
        String(UInt64.random(in: .min ... .max), radix: 16) + String(UInt64.random(in: .min ... .max), radix: 16)
    }
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
    case refused(BudgetRefusal)
}

/// Why a call may not be made now. It travels through the assistant as its funding's refusal.
package enum BudgetRefusal: Error, Sendable, Equatable {
    /// Real spending has reached the limit: until the next UTC day.
    case exceeded(scope: BudgetScope, retryAfterSeconds: Int)
    /// Spending is under the limit, but this call's worst case does not fit beside the holds of
    /// calls under way (or in what is left): worth retrying in a few seconds.
    case held(scope: BudgetScope, retryAfterSeconds: Int)
    /// The shared budget store did not answer: tier 3 is refused rather than spent unchecked.
    case unavailable
}

/// Spending and holds of one user and of the service on one day, in micro-dollars.
package struct BudgetStanding: Sendable, Equatable {
    package var userSpent: Int64 = 0
    package var userHeld: Int64 = 0
    package var globalSpent: Int64 = 0
    package var globalHeld: Int64 = 0

    package init(userSpent: Int64 = 0, userHeld: Int64 = 0, globalSpent: Int64 = 0, globalHeld: Int64 = 0) {
        self.userSpent = userSpent
        self.userHeld = userHeld
        self.globalSpent = globalSpent
        self.globalHeld = globalHeld
    }
}

extension BudgetLimits {
    /// The one rule both stores apply, in this order: spending at a limit closes the day; a hold
    /// that does not fit beside the others is transient.
    func decide(micros: Int64, standing s: BudgetStanding, now: Double) -> BudgetRefusal? {
        let tomorrow = Day.secondsToNextUTCDay(now: now)
        if s.userSpent >= perUserMicros { return .exceeded(scope: .user, retryAfterSeconds: tomorrow) }
        if s.globalSpent >= globalMicros { return .exceeded(scope: .global, retryAfterSeconds: tomorrow) }
        if s.userSpent + s.userHeld + micros > perUserMicros { return .held(scope: .user, retryAfterSeconds: Self.retryWhileHeldSeconds) }
        if s.globalSpent + s.globalHeld + micros > globalMicros {
            return .held(scope: .global, retryAfterSeconds: Self.retryWhileHeldSeconds)
        }
        return nil
    }
}

extension Day {
    /// Seconds from `now` (Unix seconds) to the start of the next UTC day.
    static func secondsToNextUTCDay(now: Double) -> Int {
        let day = 86_400.0
        return max(1, Int((day - now.truncatingRemainder(dividingBy: day)).rounded(.up)))
    }
}
