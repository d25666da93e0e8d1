import Synchronization

/// The running total of an answer's calls, kept outside the tool loop so that an answer that
/// fails, is cancelled or times out still knows what it spent.
final class SpendMeter: Sendable {
    private let spent = Mutex(Spend.none)

    func add(_ spend: Spend) {
        spent.withLock { $0 = $0 + spend }
    }

    var total: Spend { spent.withLock { $0 } }
}
