import IRCProtocol
import NIOCore
import ServerCore

/// The pipeline handler of one client connection: frames lines, applies flood control,
/// hands lines to the core and writes what the core sends.
///
/// Lives on the server's single event loop, like `ServerState`, which it holds.
final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let state: ServerState
    private var context: ChannelHandlerContext?
    private var id: ClientID?
    private var ip = ""
    private var framer = IRCLineFramer()
    private var bucket: TokenBucket
    private var queued: [IRCLineFramer.Event] = []
    private var queueHead = 0
    private var drainScheduled = false
    private var needsFlush = false
    private var closing = false

    init(state: ServerState) {
        self.state = state
        self.bucket = TokenBucket(burst: state.config.floodBurst, ratePerSecond: state.config.floodRate, now: .current)
    }

    func channelActive(context: ChannelHandlerContext) {
        self.context = context
        ip = Self.describe(context.channel.remoteAddress)
        switch state.admit(self, ip: ip) {
        case .success(let id):
            self.id = id
        case .failure(let reason):
            closing = true
            var buffer = context.channel.allocator.buffer(capacity: 64)
            buffer.writeString("ERROR :Closing Link: \(ip) (\(reason.message))\r\n")
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in Self.finish(channel) }
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        let buffer = unwrapInboundIn(data)
        framer.append(buffer.readableBytesView)
        while !closing, let event = framer.next() {
            if queueHead == queued.count && bucket.take(now: .current) {
                process(event)
                if !context.channel.isWritable {
                    sendQueueExceeded()
                    return
                }
            } else {
                queued.append(event)
                if queued.count - queueHead > state.config.floodMaxQueuedLines {
                    floodOut()
                    return
                }
                scheduleDrain()
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        state.flush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        closing = true
        if let id {
            state.release(id, ip: ip, reason: "Connection closed")
        }
        self.id = nil
        self.context = nil
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if !context.channel.isWritable, !closing, id != nil {
            // More than the send-queue cap is waiting for this client: it cannot keep up.
            // Act on the next loop turn, not inside the write that crossed the mark.
            context.eventLoop.assumeIsolated().execute { [self] in sendQueueExceeded() }
        }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    // MARK: Called by ServerState

    /// Completes when this connection's channel has closed.
    var closeFuture: EventLoopFuture<Void> {
        context?.channel.closeFuture ?? state.loop.makeSucceededVoidFuture()
    }

    /// Queues `buffer`; returns true the first time since the last flush (caller tracks it).
    func write(_ buffer: ByteBuffer) -> Bool {
        guard let context, !closing else { return false }
        context.write(wrapOutboundOut(buffer), promise: nil)
        if needsFlush { return false }
        needsFlush = true
        return true
    }

    func flushIfNeeded() {
        guard needsFlush, let context else { return }
        needsFlush = false
        context.flush()
    }

    /// Flushes what was written and closes once it is on the wire.
    func closeAfterWrites() {
        guard let context, !closing else { return }
        closing = true
        needsFlush = false
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)), promise: promise)
        let channel = context.channel
        promise.futureResult.whenComplete { _ in Self.finish(channel) }
    }

    /// Ends a connection whose last words are on the wire: close our sending side first
    /// (FIN after the data) so that unread input on our side cannot turn the close into a
    /// reset that destroys the ERROR line in flight; the peer's close, or a bound of five
    /// seconds, completes it.
    private static func finish(_ channel: any Channel) {
        channel.close(mode: .output, promise: nil)
        channel.eventLoop.scheduleTask(in: .seconds(5)) { channel.close(promise: nil) }
    }

    // MARK: Input

    private func process(_ event: IRCLineFramer.Event) {
        guard let id else { return }
        switch event {
        case .line(let bytes): state.core.receive(id, line: bytes, now: .current)
        case .tooLong: state.core.receiveOverlongLine(id, now: .current)
        }
        state.deliver()
    }

    private func scheduleDrain() {
        guard !drainScheduled, let context else { return }
        drainScheduled = true
        let wait = max(1, bucket.millisecondsUntilNextToken(now: .current))
        context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(wait)) { [self] in
            drainScheduled = false
            drainQueue()
        }
    }

    private func drainQueue() {
        while !closing, queueHead < queued.count, bucket.take(now: .current) {
            let event = queued[queueHead]
            queueHead += 1
            process(event)
            if let context, !context.channel.isWritable {
                sendQueueExceeded()
                return
            }
        }
        if queueHead == queued.count {
            queued.removeAll()
            queueHead = 0
        } else if !closing {
            scheduleDrain()
        }
        state.flush()
    }

    private func sendQueueExceeded() {
        guard !closing, let id else { return }
        state.core.disconnect(id, error: "SendQ exceeded", quitReason: "SendQ exceeded", now: .current)
        state.deliver()
        state.flush()
    }

    private func floodOut() {
        guard let id else { return }
        queued.removeAll()
        queueHead = 0
        state.core.disconnect(id, error: "Excess Flood", quitReason: "Excess Flood", now: .current)
        state.deliver()
        state.flush()
    }

    static func describe(_ address: SocketAddress?) -> String {
        guard let address else { return "unknown" }
        return address.ipAddress ?? "unknown"
    }
}
