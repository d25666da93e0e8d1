import Domain
import Foundation
import Logging
import Metrics
import PostgresNIO
import Resilience
import ServiceLifecycle
import Synchronization

/// Records every answered request in PostgreSQL (`route_log`), in batches, off the request path.
///
/// `record` only appends to a bounded buffer under a lock, so an answer never waits for the
/// database. A background loop writes what has gathered every `flushInterval` (one multi-row
/// INSERT per `batchSize` rows). When the buffer is full, new records are dropped and counted
/// (`router_route_log_dropped_total`): memory stays bounded when PostgreSQL is slow or down. A
/// batch that fails is kept for the next try while there is room. On graceful shutdown the loop
/// stops waiting and writes what is left before returning.
package final class RouteLog: Service, Sendable {
    let client: PostgresClient
    let capacity: Int
    let batchSize: Int
    let flushInterval: Duration
    let logger: Logger

    private struct State {
        var buffer: [RouteLogRecord] = []
        var dropped = 0
        var written = 0
        var failing = false
    }
    private let state = Mutex(State())

    /// The table it writes, created by `router migrate` with the catalogue's (idempotent).
    package static let schema: [String] = [
        """
        CREATE TABLE IF NOT EXISTS route_log (id bigserial PRIMARY KEY, at timestamptz NOT NULL, request_id text NOT NULL,
          user_id text, tier smallint, route text NOT NULL, status smallint NOT NULL, latency_ms double precision NOT NULL,
          cache_hit boolean, input_tokens int NOT NULL DEFAULT 0, output_tokens int NOT NULL DEFAULT 0,
          cache_read_tokens int NOT NULL DEFAULT 0, cache_write_tokens int NOT NULL DEFAULT 0,
          cost_usd double precision NOT NULL DEFAULT 0)
        """,
        "CREATE INDEX IF NOT EXISTS route_log_at ON route_log (at)",
    ]

    package init(
        client: PostgresClient, capacity: Int = 20_000, batchSize: Int = 500, flushInterval: Duration = .milliseconds(500),
        logger: Logger
    ) {
        self.client = client
        self.capacity = max(1, capacity)
        self.batchSize = max(1, batchSize)
        self.flushInterval = flushInterval
        self.logger = logger
    }

    /// Never blocks and never fails; a full buffer drops the record and counts it.
    package func record(_ record: RouteLogRecord) {
        let accepted = state.withLock { s in
            guard s.buffer.count < capacity else {
                s.dropped += 1
                return false
            }
            s.buffer.append(record)
            return true
        }
        if !accepted { Counter(label: "router_route_log_dropped_total").increment() }
    }

    /// Records dropped and rows written so far (tests, readiness).
    package var counts: (dropped: Int, written: Int, pending: Int) {
        state.withLock { ($0.dropped, $0.written, $0.buffer.count) }
    }

    package func run() async throws {
        // Until shutdown: flush on a timer. `cancelWhenGracefulShutdown` ends the sleep early.
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: self.flushInterval) }
            } catch {
                break
            }
            await flush()
        }
        // The last records, including those of requests drained during shutdown.
        await flush()
    }

    /// Writes everything buffered now, `batchSize` rows per INSERT.
    func flush() async {
        let taken = state.withLock { s -> [RouteLogRecord] in
            defer { s.buffer.removeAll(keepingCapacity: true) }
            return s.buffer
        }
        guard !taken.isEmpty else { return }
        var start = taken.startIndex
        while start < taken.endIndex {
            let end = min(start + batchSize, taken.endIndex)
            let batch = Array(taken[start..<end])
            do {
                try await insert(batch)
                let recovered = state.withLock { s -> Bool in
                    s.written += batch.count
                    defer { s.failing = false }
                    return s.failing
                }
                if recovered { logger.notice("route log writes resumed") }
            } catch {
                requeue(Array(taken[start...]), error: error)
                return
            }
            start = end
        }
    }

    /// Puts unwritten records back in front of newer ones while they fit; the rest are dropped.
    private func requeue(_ records: [RouteLogRecord], error: any Error) {
        let (lost, firstFailure) = state.withLock { s -> (Int, Bool) in
            let room = max(0, capacity - s.buffer.count)
            let kept = Array(records.prefix(room))
            s.buffer.insert(contentsOf: kept, at: 0)
            let lost = records.count - kept.count
            s.dropped += lost
            defer { s.failing = true }
            return (lost, !s.failing)
        }
        if lost > 0 { Counter(label: "router_route_log_dropped_total").increment(by: lost) }
        if firstFailure {
            logger.warning("route log write failed; keeping records while there is room", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    private func insert(_ batch: [RouteLogRecord]) async throws {
        let query: PostgresQuery = """
            INSERT INTO route_log (at, request_id, user_id, tier, route, status, latency_ms, cache_hit,
              input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd)
            SELECT at, request_id, NULLIF(user_id, ''), NULLIF(tier, 0), route, status, latency_ms,
              CASE cache_hit WHEN 1 THEN true WHEN 0 THEN false END,
              input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd
            FROM UNNEST(\(batch.map(\.at))::timestamptz[], \(batch.map(\.requestID))::text[], \(batch.map { $0.user ?? "" })::text[],
              \(batch.map { Int16($0.tier?.rawValue ?? 0) })::int2[], \(batch.map(\.route))::text[], \(batch.map { Int16(clamping: $0.status) })::int2[],
              \(batch.map(\.latencyMilliseconds))::float8[], \(batch.map { Int16($0.cacheHit.map { $0 ? 1 : 0 } ?? -1) })::int2[],
              \(batch.map { Int32(clamping: $0.inputTokens) })::int4[], \(batch.map { Int32(clamping: $0.outputTokens) })::int4[],
              \(batch.map { Int32(clamping: $0.cacheReadTokens) })::int4[], \(batch.map { Int32(clamping: $0.cacheWriteTokens) })::int4[],
              \(batch.map(\.costUSD))::float8[])
              AS t(at, request_id, user_id, tier, route, status, latency_ms, cache_hit,
                   input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd)
            """
        try await withDeadline(.seconds(5)) { _ = try await self.client.query(query, logger: self.logger) }
    }
}
