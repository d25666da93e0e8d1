/// Everything the fake remembers between requests: options, queued and persistent faults, scripts,
/// request records and the prompt cache. Shared by the routes; tests drive it directly.
package actor FakeAnthropicState {
    package private(set) var options: FakeAnthropicOptions

    private var faultQueue: [FakeFault] = []
    private var persistentFault: FakeFault?
    private var persistentFaultRate: Double = 0
    private var scripts: [FakeScript] = []
    private var records: [FakeRecordedRequest] = []
    /// Arrival index of `records[0]` (older records are dropped past `maximumRecordedRequests`).
    private var firstRecordIndex = 0
    private var nextRecordIndex = 0
    /// Bumped by ``reset()`` so requests still in flight cannot overwrite the new generation's records.
    private var generation = 0
    private var promptCache = PromptCache()
    /// While held, streams wait before their first event: tests decide when answers come, instead
    /// of guessing with a delay.
    private var held = false
    private var holders: [CheckedContinuation<Void, Never>] = []
    /// How many streams are waiting on the hold.
    package var waitingOnHold: Int { holders.count }

    package init(options: FakeAnthropicOptions = .init()) {
        self.options = options
    }

    package func setOptions(_ options: FakeAnthropicOptions) {
        self.options = options
    }

    /// Faults consumed one per `/v1/messages` request, in order (validation failures consume none).
    package func enqueue(_ faults: [FakeFault]) {
        faultQueue.append(contentsOf: faults)
    }

    /// A fault applied with probability `rate` (0…1) whenever the queue is empty; `nil` turns it off.
    package func setPersistentFault(_ fault: FakeFault?, rate: Double) {
        persistentFault = fault
        persistentFaultRate = min(1, max(0, rate))
    }

    /// Where a held stream waits.
    package enum HoldPoint: Sendable, Equatable {
        /// After `message_start` (the input is billed), before any content.
        case beforeContent
        /// After the first text delta (its billed usage recorded first): the client has seen
        /// this call's stream begin.
        case afterFirstTextDelta
    }

    private var holdPoint = HoldPoint.beforeContent

    /// From now on, streams wait at `point` until `release()` or `releaseWaiting()`.
    package func hold(at point: HoldPoint = .beforeContent) {
        held = true
        holdPoint = point
    }

    /// Lets every waiting stream go on, and stops holding new ones.
    package func release() {
        held = false
        resumeWaiting()
    }

    /// Lets the streams waiting now go on, and keeps holding the next ones: a test steps through
    /// the calls of a tool loop one at a time.
    package func releaseWaiting() {
        resumeWaiting()
    }

    private func resumeWaiting() {
        let waiting = holders
        holders.removeAll()
        for h in waiting { h.resume() }
    }

    func waitIfHeld(at point: HoldPoint) async {
        guard held, point == holdPoint else { return }
        await withCheckedContinuation { holders.append($0) }
    }

    /// Scripts are tried in insertion order; the first whose `match` occurs in the question wins.
    package func add(_ scripts: [FakeScript]) {
        self.scripts.append(contentsOf: scripts)
    }

    package func requests() -> [FakeRecordedRequest] {
        records
    }

    /// Clears faults, scripts, records and the prompt cache (options stay).
    package func reset() {
        faultQueue = []
        persistentFault = nil
        persistentFaultRate = 0
        scripts = []
        records = []
        firstRecordIndex = 0
        nextRecordIndex = 0
        generation += 1
        promptCache.removeAll()
    }

    // MARK: Used by the routes

    /// Identifies a record across resets.
    struct RecordHandle: Sendable {
        let generation: Int
        let index: Int
    }

    func beginRecord(body: [UInt8], headers: [String: String], stream: Bool) -> RecordHandle {
        let index = nextRecordIndex
        nextRecordIndex += 1
        records.append(FakeRecordedRequest(index: index, body: body, headers: headers, stream: stream))
        let overflow = records.count - max(1, options.maximumRecordedRequests)
        if overflow > 0 {
            records.removeFirst(overflow)
            firstRecordIndex += overflow
        }
        return RecordHandle(generation: generation, index: index)
    }

    func updateRecord(
        _ handle: RecordHandle, status: Int? = nil, outcome: FakeRecordedRequest.Outcome? = nil,
        fault: FakeFault? = nil, usage: FakeUsage? = nil
    ) {
        guard handle.generation == generation else { return }
        let position = handle.index - firstRecordIndex
        guard records.indices.contains(position) else { return }
        if let status { records[position].status = status }
        if let outcome { records[position].outcome = outcome }
        if let fault { records[position].fault = fault }
        if let usage { records[position].usage = usage }
    }

    /// The next queued fault, else the persistent one with its probability.
    func nextFault() -> FakeFault? {
        if !faultQueue.isEmpty { return faultQueue.removeFirst() }
        guard let persistentFault, persistentFaultRate > 0 else { return nil }
        return Double.random(in: 0..<1) < persistentFaultRate ? persistentFault : nil
    }

    func script(forQuestion question: String) -> FakeScript? {
        let question = question.lowercased()
        return scripts.first { $0.match.isEmpty || question.contains($0.match.lowercased()) }
    }

    func planCache(breakpoints: [PromptBreakpoint], totalTokens: Int) -> CachePlan {
        promptCache.plan(
            breakpoints: breakpoints, totalTokens: totalTokens,
            minimumTokens: options.minimumCacheableTokens, now: .now
        )
    }

    func commitCache(_ plan: CachePlan) {
        guard !plan.registrations.isEmpty else { return }
        promptCache.commit(plan, now: .now)
    }
}
