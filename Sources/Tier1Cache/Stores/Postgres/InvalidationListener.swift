import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Listens for the triggers' notifications and drops the changed user's cached answers, in this
/// instance and in the shared cache. Every instance runs one, so every in-process level hears
/// every write. Reconnects on its own; after a reconnect the in-process level is dropped, because
/// notifications sent while disconnected are lost (the shared level keeps its TTL backstop).
public struct InvalidationListener: Service {
    public let client: PostgresClient
    public let summaries: SummaryService
    public let onReconnect: @Sendable () async -> Void
    public let logger: Logger
    private let listening = ListeningFlag()

    /// True while notifications are being received (readiness; tests wait for it before writing).
    public var isListening: Bool { listening.value.load(ordering: .acquiring) }

    private final class ListeningFlag: Sendable {
        let value = Atomic<Bool>(false)
    }

    public init(
        client: PostgresClient, summaries: SummaryService, logger: Logger,
        onReconnect: @escaping @Sendable () async -> Void = {}
    ) {
        self.client = client
        self.summaries = summaries
        self.logger = logger
        self.onReconnect = onReconnect
    }

    public func run() async throws {
        var attempt = 0
        // The first attempt can race the pool's own start; retry quickly, then back off to 2 s.
        var delay = Duration.milliseconds(100)
        defer { listening.value.store(false, ordering: .releasing) }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            attempt += 1
            let reconnecting = attempt > 1
            do {
                try await cancelWhenGracefulShutdown {
                    try await client.withConnection { connection in
                        try await connection.listen(on: PostgresSchema.invalidationChannel) { notifications in
                            if reconnecting { await onReconnect() }
                            listening.value.store(true, ordering: .releasing)
                            logger.info("listening for data changes", metadata: ["channel": "\(PostgresSchema.invalidationChannel)"])
                            for try await notification in notifications {
                                if notification.payload.isEmpty {
                                    await summaries.invalidateAll()
                                } else {
                                    await summaries.invalidate(user: notification.payload)
                                }
                            }
                        }
                    }
                }
            } catch is CancellationError {
                return
            } catch {
                // A connection that was listening and then dropped starts the backoff afresh.
                if listening.value.exchange(false, ordering: .acquiringAndReleasing) { delay = .milliseconds(100) }
                if Task.isShuttingDownGracefully { return }
                logger.warning("invalidation listener lost its connection; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
    }
}
