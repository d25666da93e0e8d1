/// What the fake saw and did for one `/v1/messages` request, so tests can assert on retries,
/// headers, bodies and the usage the client was told about.
public struct FakeRecordedRequest: Sendable {
    /// 0-based arrival order (since the last reset).
    public var index: Int
    /// Raw request body bytes, exactly as received.
    public var body: [UInt8]
    /// Header names lower-cased; repeated headers joined with ", ".
    public var headers: [String: String]
    public var stream: Bool
    public var fault: FakeFault?
    /// HTTP status sent; 0 while unknown (and for `hang`).
    public var status: Int
    public var outcome: Outcome
    /// The usage reported to the client (zero for rejected requests and status faults).
    public var usage: FakeUsage

    public enum Outcome: String, Sendable {
        case inProgress = "in_progress"
        case completed
        case fault
        case rejected
        case cancelled
    }

    public init(
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
public struct FakeUsage: Sendable, Equatable, Hashable {
    public var input: Int
    public var output: Int
    public var cacheRead: Int
    public var cacheCreation: Int

    public init(input: Int = 0, output: Int = 0, cacheRead: Int = 0, cacheCreation: Int = 0) {
        self.input = input
        self.output = output
        self.cacheRead = cacheRead
        self.cacheCreation = cacheCreation
    }
}
