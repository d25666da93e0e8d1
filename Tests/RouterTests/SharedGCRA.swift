import Domain
import ResilienceTesting
import Synchronization

@testable import Router

/// The shared GCRA as the Redis lease script applies it, in memory and on the test's clock, for
/// the lease logic of `LeasedRateLimiter` without Redis. It counts trips, can fail every one, and
/// can hold trips at a gate until the test opens it (to have requests arrive while one is out).
final class SharedGCRA: RateLeaseSource {
    struct Unavailable: Error {}

    private struct State {
        var arrival: [String: Int64] = [:]
        var trips = 0
        var failing = false
        var gateClosed = false
        var held: [CheckedContinuation<Void, Never>] = []
    }

    let time: ManualTime
    private let state = Mutex(State())

    init(time: ManualTime) {
        self.time = time
    }

    var trips: Int { state.withLock { $0.trips } }
    /// Trips waiting at the closed gate.
    var held: Int { state.withLock { $0.held.count } }

    func fail(_ failing: Bool) { state.withLock { $0.failing = failing } }

    func closeGate() { state.withLock { $0.gateClosed = true } }

    func openGate() {
        let held = state.withLock { s in
            s.gateClosed = false
            defer { s.held = [] }
            return s.held
        }
        for trip in held { trip.resume() }
    }

    var nowMicros: Int64 {
        let (seconds, attoseconds) = time.elapsed.components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }

    func lease(user: String, tier: Tier, limit: RateLimit, cells: Int) async throws -> LeaseGrant {
        await withCheckedContinuation { (gate: CheckedContinuation<Void, Never>) in
            let pass = state.withLock { s in
                if s.gateClosed { s.held.append(gate) }
                return !s.gateClosed
            }
            if pass { gate.resume() }
        }
        let now = nowMicros
        return try state.withLock { s throws(Unavailable) -> LeaseGrant in
            s.trips += 1
            if s.failing { throw Unavailable() }
            let key = "\(tier.rawValue):\(user)"
            let interval = limit.intervalMicros
            let burst = Int64(limit.burst)
            let arrival = max(s.arrival[key] ?? now, now)
            let ahead = arrival - now
            let room = burst - (ahead + interval - 1) / interval
            if room < 1 { return .wait(micros: arrival + interval - burst * interval - now) }
            let granted = min(Int64(cells), room)
            s.arrival[key] = arrival + granted * interval
            return .cells(Int(granted))
        }
    }
}
