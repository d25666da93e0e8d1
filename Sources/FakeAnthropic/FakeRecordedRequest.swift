/// What the fake saw and did for one `/v1/messages` request, so tests can assert on retries,
/// headers, bodies and the usage the client was told about.
package struct FakeRecordedRequest: Sendable {
    /// 0-based arrival order (since the last reset).
    package var index: Int
    /// Raw request body bytes, exactly as received.
    package var body: [UInt8]
    /// Header names lower-cased; repeated headers joined with ", ".
    package var headers: [String: String]
    package var stream: Bool
    package var fault: FakeFault?
    /// HTTP status sent; 0 while unknown (and for `hang`).
    package var status: Int
    package var outcome: Outcome
    /// The usage billed: as reported to the client (zero for rejected requests and status
    /// faults); for a stream cut short (fault, client gone), the input side of `message_start`
    /// and the output generated before the cut (never below `message_start`'s provisional 1).
    package var usage: FakeUsage

    package enum Outcome: String, Sendable {
        case inProgress = "in_progress"
        case completed
        case fault
        case rejected
        case cancelled
    }

    package init(
        index: Int, body: [UInt8], headers: [String: String], stream: Bool, fault: FakeFault? = nil,
        status: Int = 0, outcome: Outcome = .inProgress, usage: FakeUsage = .init()
    ) {
        self.index = index
        self.body = body
        self.headers = headers
        self.stream = stream
        self.fault = fault
        self.status = status
        self.outcome = outcome
        self.usage = usage
    }
}

/// Token counts as reported in a response's `usage`.
package struct FakeUsage: Sendable, Equatable, Hashable {
    package var input: Int
    package var output: Int
    package var cacheRead: Int
    package var cacheCreation: Int

    package init(input: Int = 0, output: Int = 0, cacheRead: Int = 0, cacheCreation: Int = 0) {
        self.input = input
        self.output = output
        self.cacheRead = cacheRead
        self.cacheCreation = cacheCreation
    }
}
