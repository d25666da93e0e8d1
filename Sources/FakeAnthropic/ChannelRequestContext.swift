import Hummingbird
import NIOCore

/// `BasicRequestContext` plus the connection's channel, which lets the `hang` fault notice that
/// the client has gone (Hummingbird never tells a handler that is not reading or writing).
struct ChannelRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
