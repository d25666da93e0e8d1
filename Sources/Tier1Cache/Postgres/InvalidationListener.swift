import Logging
import PostgresNIO
import ServiceLifecycle

/// Listens for the triggers' notifications and drops the changed user's cached answers, in this
/// instance and in the shared cache. Every instance runs one, so every in-process level hears
/// every write. Reconnects on its own; after a reconnect the in-process level is dropped, because
/// notifications sent while disconnected are lost (the shared level keeps its TTL backstop).
public struct InvalidationListener: Service {
    public let client: PostgresClient
    public let summaries: SummaryService
    public let onReconnect: @Sendable () async -> Void
    public let logger: Logger

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
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            attempt += 1
            let reconnecting = attempt > 1
            do {
                try await cancelWhenGracefulShutdown {
                    try await client.withConnection { connection in
                        try await connection.listen(on: PostgresSchema.invalidationChannel) { notifications in
                            if reconnecting { await onReconnect() }
                            logger.info("listening for data changes", metadata: ["channel": "\(PostgresSchema.invalidationChannel)"])
                            for try await notification in notifications {
                                if notification.payload == "*" {
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
                if Task.isShuttingDownGracefully { return }
                logger.warning("invalidation listener lost its connection; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
