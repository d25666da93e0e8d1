/// Runs one operation per key at a time: concurrent callers for a key share the first caller's
/// result, so a burst of misses for one summary runs its SQL once.
actor SingleFlight<Value: Sendable> {
    private var running: [String: Task<Value, any Error>] = [:]

    /// - Returns: the value, and whether this caller ran the operation (false: it joined one).
    func run(_ key: String, _ operation: @escaping @Sendable () async throws -> Value) async throws -> (Value, Bool) {
        if let task = running[key] {
            return (try await task.value, false)
        }
        // Unstructured on purpose: a caller that goes away must not cancel the work others wait on.
        let task = Task { try await operation() }
        running[key] = task
        defer { running[key] = nil }
        return (try await task.value, true)
    }
}
