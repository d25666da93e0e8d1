import NIOCore
import Synchronization

/// Tells a hanging request when to give up: the client closed its side, the connection died, or
/// the server is shutting down gracefully (Hummingbird waits for open connections, so a hang
/// would otherwise hold SIGTERM up). Sits first in the pipeline and passes every event on.
final class HangReleaseWatcher: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    private let released = Atomic(false)

    var isReleased: Bool { released.load(ordering: .relaxed) }

    /// Installs a watcher on `channel`; nil if the channel is already gone.
    static func install(on channel: any Channel) async -> HangReleaseWatcher? {
        let watcher = HangReleaseWatcher()
        do {
            try await channel.pipeline.addHandler(watcher, position: .first).get()
            return channel.isActive ? watcher : nil
        } catch {
            return nil
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed? = event as? ChannelEvent {
            released.store(true, ordering: .relaxed)
        } else if event is ChannelShouldQuiesceEvent {
            released.store(true, ordering: .relaxed)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        released.store(true, ordering: .relaxed)
        context.fireChannelInactive()
    }
}
