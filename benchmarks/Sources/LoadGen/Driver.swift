import AsyncHTTPClient
import Foundation
import Histogram
import NIOCore
import NIOHTTP1
import Synchronization

/// When each request is due, relative to the start of the run.
enum Schedule: Sendable {
    /// Request i at i / rate seconds.
    case rate(Double)
    /// Every request at once.
    case burst

    func offset(_ i: Int) -> Duration {
        switch self {
        case .rate(let r): .nanoseconds(Int64((Double(i) * 1e9 / r).rounded()))
        case .burst: .zero
        }
    }
}

/// What a run sends: request i goes to `entries[entryIndex[i]]` as user `userIndex[i]`.
struct Plan: Sendable {
    var entries: [QueryEntry]
    var entryIndex: [Int32]
    var userIndex: [Int32]
    var users: [String]
    var schedule: Schedule
    /// The first `warmup` requests are sent on schedule but not measured.
    var warmup: Int

    var count: Int { entryIndex.count }

    /// `requests` requests after `warmup` more; tiers in `mix` proportions (or the file's own when
    /// `mix` is nil), a seeded random entry of the tier; users round-robin, so each user sends the
    /// same number of requests (± 1).
    static func make(
        entries: [QueryEntry], mix: Mix?, requests: Int, warmup: Int, users: [String], schedule: Schedule, seed: UInt64
    ) throws -> Plan {
        var rng = SplitMix64(seed: seed)
        var byTier: [Int: [Int32]] = [:]
        for (i, e) in entries.enumerated() { byTier[e.tier, default: []].append(Int32(i)) }
        let mix = mix ?? Mix(weights: byTier.mapValues { Double($0.count) })
        for (tier, weight) in mix.weights where weight > 0 && byTier[tier] == nil {
            throw ValidationFailure("the mix asks for tier \(tier), but the query file has no tier \(tier) request")
        }
        let total = warmup + requests
        // Warm-up and measured parts each in exact proportions.
        let tiers = mix.assign(warmup, rng: &rng) + mix.assign(requests, rng: &rng)
        var entryIndex: [Int32] = []
        entryIndex.reserveCapacity(total)
        for t in tiers {
            let pool = byTier[t]!
            entryIndex.append(pool[Int(rng.next() % UInt64(pool.count))])
        }
        let userIndex = (0..<total).map { Int32($0 % users.count) }
        return Plan(
            entries: entries, entryIndex: entryIndex, userIndex: userIndex, users: users, schedule: schedule,
            warmup: warmup
        )
    }
}

struct ValidationFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

func makeHistogram() -> Histogram<UInt64> {
    // Microseconds, 1 µs to 1 hour, 3 significant digits.
    Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
}

/// Everything recorded during a run.
struct Recorder: Sendable {
    struct Tier: Sendable {
        var histogram = makeHistogram()
        var result = TierResult()
    }

    var tiers: [Int: Tier] = [:]
    var all = Tier()
    var lag = makeHistogram()
    var lastEnd: ContinuousClock.Instant?
    var firstErrors: [String] = []
    var peakInFlight = 0

    mutating func update(_ tier: Int, _ body: (inout Tier) -> Void) {
        body(&tiers[tier, default: Tier()])
        body(&all)
    }

    mutating func note(_ error: String) {
        if firstErrors.count < 5 { firstErrors.append(error) }
    }
}

/// Options of the HTTP side.
struct ClientOptions: Sendable {
    var maxInFlight: Int
    var timeout: Duration
    /// Stop scheduling when this many requests are in flight at once in the measured part (an
    /// overload: used by sweeps so a failed step does not take minutes to drain). Nil: never.
    var abortInFlight: Int?
    /// Process trees whose CPU use is reported (label, pid).
    var watched: [WatchedProcess] = []
    /// Keep one line per measured request (fault suites): see `Outcomes`.
    var keepOutcomes = false
    /// With `keepOutcomes`: put each tier 1/2 answer's `data` member in its line too.
    var outcomeData = false
}

struct WatchedProcess: Sendable {
    var name: String
    var pid: Int32
}

/// One open-loop run of a plan against `baseURL`.
///
/// Request i is due at t0 + schedule.offset(i). The scheduler sleeps until the next request is
/// due and then starts every request that is due; it never waits for answers. Latency runs from
/// the *due* time to the last byte of the body, so a server (or generator) that falls behind is
/// charged for the whole delay its late requests see (no coordinated omission). A request due when
/// `maxInFlight` are already in flight is not sent and counted as dropped.
///
/// Requests go through AsyncHTTPClient's delegate API: the answer is timed and recorded on the
/// connection's event loop, with no Swift task and no executor hop per request (measured about
/// 10 % less generator CPU than the async/await API; the generator shares the machine with the
/// servers it measures, so its cost matters).
final class LoadRun: Sendable {
    let http: HTTPClient
    let plan: Plan
    let options: ClientOptions
    let requests: [HTTPClient.Request]
    let authorization: [String]
    let state = Mutex(Recorder())
    let inFlight = Atomic<Int>(0)
    let clock = ContinuousClock()
    /// The wall clock at a known instant, to give outcomes wall times other processes can align on.
    let epoch = (ContinuousClock.now, Date().timeIntervalSince1970)
    let outcomes = Mutex<[String]>([])

    init(http: HTTPClient, baseURL: String, plan: Plan, authorization: [String], options: ClientOptions) throws {
        self.http = http
        self.plan = plan
        self.options = options
        self.authorization = authorization
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        requests = try plan.entries.map { e in
            var headers = HTTPHeaders()
            headers.add(name: "accept", value: "application/json")
            var body: HTTPClient.Body?
            if let b = e.body {
                headers.add(name: "content-type", value: "application/json")
                body = .byteBuffer(ByteBuffer(bytes: b))
            }
            return try HTTPClient.Request(url: base + e.path, method: e.method, headers: headers, body: body)
        }
    }

    struct Outcome: Sendable {
        var recorder: Recorder
        var measuredStart: ContinuousClock.Instant
        var aborted: String?
        /// Cores used by each watched process tree and by the generator, from the first measured
        /// request to the last answer.
        var cpuCores: [String: Double]
    }

    func run() async -> Outcome {
        let watched = ProcessCPU.resolve(options.watched.map { ($0.name, $0.pid) })
        let t0 = clock.now.advanced(by: .milliseconds(20))
        let measuredStart = t0.advanced(by: plan.schedule.offset(plan.warmup))
        var aborted: String?
        var cpuBefore: [String: Double] = [:]
        var cpuStart = clock.now
        var i = 0
        while i < plan.count {
            if i == plan.warmup {
                cpuBefore = ProcessCPU.snapshot(watched)
                cpuStart = clock.now
            }
            let due = t0.advanced(by: plan.schedule.offset(i))
            if due > clock.now {
                try? await clock.sleep(until: due, tolerance: .microseconds(50))
            }
            let measured = i >= plan.warmup
            let tier = plan.entries[Int(plan.entryIndex[i])].tier
            let current = inFlight.load(ordering: .relaxed)
            if let limit = options.abortInFlight, measured, current > limit {
                aborted = "more than \(limit) requests in flight at \(String(format: "%.1f", (clock.now - t0).seconds)) s"
                let rest = i
                state.withLock { r in
                    for j in rest..<plan.count where j >= plan.warmup {
                        r.update(plan.entries[Int(plan.entryIndex[j])].tier) {
                            $0.result.scheduled += 1
                            $0.result.abandoned = ($0.result.abandoned ?? 0) + 1
                        }
                    }
                }
                if options.keepOutcomes {
                    for j in rest..<plan.count where j >= plan.warmup {
                        let e = Int(plan.entryIndex[j])
                        notSent(entry: plan.entries[e], user: Int(plan.userIndex[j]), due: t0.advanced(by: plan.schedule.offset(j)), why: "abandoned")
                    }
                }
                break
            }
            if current >= options.maxInFlight {
                if measured {
                    state.withLock { r in
                        r.update(tier) {
                            $0.result.scheduled += 1
                            $0.result.dropped += 1
                        }
                    }
                    if options.keepOutcomes {
                        let e = Int(plan.entryIndex[i])
                        notSent(entry: plan.entries[e], user: Int(plan.userIndex[i]), due: due, why: "not sent")
                    }
                }
                i += 1
                continue
            }
            let now = inFlight.add(1, ordering: .relaxed).newValue
            if measured {
                state.withLock { r in
                    r.update(tier) { $0.result.scheduled += 1 }
                    if now > r.peakInFlight { r.peakInFlight = now }
                }
            }
            start(i, due: due, measured: measured)
            i += 1
        }
        // Every request has an answer, an error or its deadline ahead of it: wait for them all.
        while inFlight.load(ordering: .relaxed) > 0 {
            try? await Task.sleep(for: .milliseconds(2))
        }
        let cpuAfter = ProcessCPU.snapshot(watched)
        let elapsed = (clock.now - cpuStart).seconds
        var cores: [String: Double] = [:]
        for (name, after) in cpuAfter {
            if let before = cpuBefore[name], elapsed > 0 { cores[name] = rounded((after - before) / elapsed, 3) }
        }
        return Outcome(recorder: state.withLock { $0 }, measuredStart: measuredStart, aborted: aborted, cpuCores: cores)
    }

    /// The outcome line of a measured request that was never sent (status 0, `error` says why).
    private func notSent(entry: QueryEntry, user: Int, due: ContinuousClock.Instant, why: String) {
        let line = Outcomes.line(
            entry: entry, user: user, dueWall: epoch.1 + (due - epoch.0).seconds, latencyMicros: 0, status: 0,
            retryAfter: nil, servedTier: nil, failure: why, body: nil, withData: false
        )
        outcomes.withLock { $0.append(line) }
    }

    private func start(_ i: Int, due: ContinuousClock.Instant, measured: Bool) {
        let e = Int(plan.entryIndex[i])
        var request = requests[e]
        request.headers.add(name: "authorization", value: authorization[Int(plan.userIndex[i])])
        let collector = Collector(
            run: self, entry: plan.entries[e], due: due, started: clock.now, measured: measured,
            user: Int(plan.userIndex[i]), keepBody: options.keepOutcomes
        )
        _ = http.execute(request: request, delegate: collector, deadline: .now() + TimeAmount(options.timeout))
    }

    /// Called once per request, on its event loop.
    fileprivate func finish(_ c: Collector, end: ContinuousClock.Instant, failure: String?) {
        defer { inFlight.subtract(1, ordering: .relaxed) }
        guard c.measured else { return }
        let latency = UInt64(max(1, ((end - c.due).seconds * 1e6).rounded()))
        let lag = UInt64(max(1, ((c.started - c.due).seconds * 1e6).rounded()))
        let ok = (200..<300).contains(c.status) || c.status == 304
        if options.keepOutcomes {
            let line = Outcomes.line(
                entry: c.entry, user: c.user, dueWall: epoch.1 + (c.due - epoch.0).seconds, latencyMicros: latency,
                status: c.status, retryAfter: c.retryAfter, servedTier: c.servedTier, failure: failure, body: c.body,
                withData: options.outcomeData
            )
            outcomes.withLock { $0.append(line) }
        }
        state.withLock { r in
            _ = r.lag.record(lag)
            if r.lastEnd.map({ end > $0 }) ?? true { r.lastEnd = end }
            r.update(c.entry.tier) { t in
                if let failure {
                    t.result.errors += 1
                    t.result.errorKinds[failure, default: 0] += 1
                    return
                }
                t.result.completed += 1
                t.result.status[String(c.status), default: 0] += 1
                t.result.bytes += c.bytes
                if ok {
                    t.result.ok += 1
                    _ = t.histogram.record(latency)
                    if let served = c.servedTier, served != String(c.entry.tier) { t.result.tierMismatch += 1 }
                } else {
                    t.result.notOK += 1
                    if (c.status == 429 || c.status == 503), let ra = c.retryAfter, !ra.isEmpty {
                        t.result.shed = (t.result.shed ?? 0) + 1
                    }
                }
            }
            if let failure {
                r.note("\(c.entry.name): \(failure)")
            } else if !ok {
                r.note("\(c.entry.name): HTTP \(c.status)")
            }
        }
    }

    static func kind(of error: any Error) -> String {
        if let e = error as? HTTPClientError {
            switch e {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "timeout"
            case .remoteConnectionClosed: return "connection closed"
            default: return String("\(e)".prefix(80))
            }
        }
        let text = "\(error)"
        if text.contains("refused") { return "connection refused" }
        if text.contains("reset") { return "connection reset" }
        return String(text.prefix(80))
    }
}

/// Times one request and counts its body. AsyncHTTPClient calls a delegate's methods one at a
/// time on the request's event loop, so its fields need no lock (hence `@unchecked Sendable`);
/// `done` guards against an error arriving after the end.
private final class Collector: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = Void

    let run: LoadRun
    let entry: QueryEntry
    let due: ContinuousClock.Instant
    let started: ContinuousClock.Instant
    let measured: Bool
    let user: Int
    let keepBody: Bool
    var status = 0
    var servedTier: String?
    var retryAfter: String?
    var bytes = 0
    var body = ByteBuffer()
    var done = false

    init(
        run: LoadRun, entry: QueryEntry, due: ContinuousClock.Instant, started: ContinuousClock.Instant, measured: Bool,
        user: Int = 0, keepBody: Bool = false
    ) {
        self.run = run
        self.entry = entry
        self.due = due
        self.started = started
        self.measured = measured
        self.user = user
        self.keepBody = keepBody
    }

    func didReceiveHead(task: HTTPClient.Task<Void>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        status = Int(head.status.code)
        servedTier = head.headers.first(name: "x-router-tier")
        retryAfter = head.headers.first(name: "retry-after")
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Void>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        bytes += buffer.readableBytes
        if keepBody && body.readableBytes < 1 << 20 {
            var copy = buffer
            body.writeBuffer(&copy)
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didFinishRequest(task: HTTPClient.Task<Void>) throws {
        guard !done else { return }
        done = true
        run.finish(self, end: run.clock.now, failure: nil)
    }

    func didReceiveError(task: HTTPClient.Task<Void>, _ error: any Error) {
        guard !done else { return }
        done = true
        run.finish(self, end: run.clock.now, failure: LoadRun.kind(of: error))
    }
}

extension TimeAmount {
    init(_ d: Duration) {
        let (s, atto) = d.components
        self = .nanoseconds(s * 1_000_000_000 + atto / 1_000_000_000)
    }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}

/// One JSON line per measured request, for fault suites that must account for every request:
/// `{"name","tier","user","due_unix_ms","latency_ms","status","retry_after","served_tier","error","data_hash"}`,
/// plus `"problem"` (the problem document's `type`) on answers that are not 2xx, `"route"` when the
/// answer names one, and with `--outcome-data` `"data"` (the answer's `data` member, tiers 1 and 2).
/// `status` is 0 for a transport error and for a request never sent (`error` "not sent": the in-flight
/// cap; "abandoned": a sweep's overload stop), so the file holds exactly one line per scheduled
/// request. `data_hash` fingerprints the answer's `data` member (tiers 1 and 2 only: tier 3 text
/// differs between calls), so two answers to one request can be compared.
enum Outcomes {
    static func line(
        entry: QueryEntry, user: Int, dueWall: Double, latencyMicros: UInt64, status: Int, retryAfter: String?,
        servedTier: String?, failure: String?, body: ByteBuffer?, withData: Bool
    ) -> String {
        var object: [String: Any] = [
            "name": entry.name, "tier": entry.tier, "user": user, "due_unix_ms": (dueWall * 1000).rounded(),
            "latency_ms": Double(latencyMicros) / 1000, "status": failure == nil ? status : 0,
        ]
        object["retry_after"] = retryAfter ?? NSNull()
        object["served_tier"] = servedTier ?? NSNull()
        object["error"] = failure ?? NSNull()
        object["data_hash"] = NSNull()
        let json: [String: Any]? =
            if failure == nil, let body, status != 200 || entry.tier != 3 {
                try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
            } else {
                nil
            }
        if let json {
            if let route = json["route"] as? String { object["route"] = route }
            if !(200..<300).contains(status), let type = json["type"] as? String { object["problem"] = type }
        }
        if status == 200, entry.tier != 3, let json, let data = json["data"],
            let canonical = try? JSONSerialization.data(withJSONObject: data, options: [.sortedKeys])
        {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in canonical {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            object["data_hash"] = String(hash, radix: 16)
            if withData { object["data"] = data }
        }
        let bytes = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: bytes, as: UTF8.self)
    }
}
