import Domain
import Tier3AI

/// Pays for one answer's Messages calls from the asking user's daily budgets: each call holds its
/// worst case, then is charged what the provider billed, however it ended. The cost metrics are
/// counted at the same moment with the same figure, so budgets and metrics cannot disagree.
struct BudgetFunding: CallFunding {
    let budget: any SpendingBudget
    let user: String
    /// Metric labels.
    let model: String
    let domain: ToolDomain

    func reserve(microdollars: Int64) async throws(BudgetRefusal) -> BudgetReservation {
        switch await budget.reserve(user: user, micros: microdollars, day: Day.todayUTC()) {
        case .reserved(let reservation): return reservation
        case .refused(let refusal): throw refusal
        }
    }

    func settle(_ hold: BudgetReservation, spend: Spend) async {
        AIUsage.record(spend, model: model, domain: domain)
        await budget.settle(hold, actualMicros: spend.microdollars)
    }
}
