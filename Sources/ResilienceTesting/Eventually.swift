/// Waits until `condition` holds, checking every few milliseconds, for at most `limit`: how a test
/// waits for something it can observe but not await (a background refresh, a Redis key's expiry),
/// instead of sleeping a fixed time and hoping.
package func eventually(within limit: Duration = .seconds(20), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let clock = ContinuousClock()
    let end = clock.now + limit
    while clock.now < end {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}
