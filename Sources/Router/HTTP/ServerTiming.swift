/// The `Server-Timing` header: each phase's duration in milliseconds, `total` last.
struct ServerTiming: Sendable {
    private(set) var entries: [(String, Double)] = []

    mutating func add(_ name: String, _ milliseconds: Double) {
        entries.append((name, milliseconds))
    }

    mutating func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        defer { add(name, Self.milliseconds(ContinuousClock.now - start)) }
        return try body()
    }

    func header(total: Double) -> String {
        var parts = entries.map { "\($0.0);dur=\(Self.format($0.1))" }
        parts.append("total;dur=\(Self.format(total))")
        return parts.joined(separator: ", ")
    }

    static func milliseconds(_ d: Duration) -> Double {
        let (s, a) = d.components
        return Double(s) * 1000 + Double(a) / 1e15
    }

    static func format(_ ms: Double) -> String {
        let micro = (ms * 1000).rounded()
        return String(micro / 1000)
    }
}

/// A failure after some phases of a request ran: the problem response still reports them in
/// `Server-Timing` (API.md: every response carries `classify`, the tier's stage and `total`).
struct TimedFailure: Error {
    let error: RouterError
    let timing: ServerTiming
}
