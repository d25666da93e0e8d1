import Metrics
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request body has not ended `timeout` after its header: a client that
/// trickles a body a byte at a time would otherwise hold its connection and its admission places
/// for as long as it likes. (Hummingbird's idle timeout does not help: every byte of body is
/// activity.) One per connection, in the pipeline after the HTTP decoder.
final class BodyDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    let timeout: TimeAmount
    private var deadline: Scheduled<Void>?
    /// When the head of a request whose body has not ended arrived.
    private var headArrived: NIODeadline?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            cancel()
            headArrived = .now()
        case .end:
            cancel()
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    /// The timer is armed only when a read ends with a body still to come: most requests (every
    /// GET, most small POSTs) arrive whole in one read and never pay for one.
    func channelReadComplete(context: ChannelHandlerContext) {
        if let headArrived, deadline == nil {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            deadline = context.eventLoop.scheduleTask(deadline: headArrived + timeout) {
                Counter(label: "router_connections_closed_total", dimensions: [("reason", "body_timeout")]).increment()
                loopBound.value.close(promise: nil)
            }
        }
        context.fireChannelReadComplete()
    }

    private func cancel() {
        deadline?.cancel()
        deadline = nil
        headArrived = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancel()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancel()
    }
}
