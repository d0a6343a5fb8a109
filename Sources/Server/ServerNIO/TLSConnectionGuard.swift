import Logging
import NIOCore
import NIOSSL
import NIOTLS

/// Sits behind the TLS handler of a connection: closes a connection whose handshake does not
/// finish in time, and logs, once, why TLS failed (a plaintext client on the TLS port, a
/// client that rejects the certificate, a peer that vanished mid-handshake). Other
/// connections never notice.
///
/// The handshake needs its own deadline: until it completes, nothing the server writes
/// (not even the registration timeout's ERROR) reaches the peer, so the connection
/// handler's close-after-write would wait forever on a silent peer.
///
/// A failed handshake is logged at info level (an operator may want to see scanners and
/// misconfigured clients); a TLS error after the handshake, usually a client that dropped
/// TCP without a close_notify, only at debug level.
final class TLSConnectionGuard: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let logger: Logger
    private let handshakeTimeout: TimeAmount
    private var handshakeDone = false
    private var logged = false
    private var deadline: Scheduled<Void>?

    init(logger: Logger, handshakeTimeout: TimeAmount) {
        self.logger = logger
        self.handshakeTimeout = handshakeTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startDeadline(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        startDeadline(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls {
            handshakeDone = true
            deadline?.cancel()
            deadline = nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        log(context: context, handshakeDone ? "TLS connection error" : "TLS handshake failed", error: "\(error)")
        context.fireErrorCaught(error)
    }

    private func startDeadline(context: ChannelHandlerContext) {
        guard deadline == nil, !handshakeDone else { return }
        let timeout = handshakeTimeout
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            deadline = nil
            guard !handshakeDone else { return }
            log(context: context, "TLS handshake timed out", error: "no handshake within \(timeout.nanoseconds / 1_000_000) ms")
            context.close(promise: nil)
        }
    }

    private func log(context: ChannelHandlerContext, _ message: Logger.Message, error: String) {
        guard !logged else { return }
        logged = true
        let metadata: Logger.Metadata = ["peer": "\(ConnectionHandler.describe(context.channel.remoteAddress))", "error": "\(error)"]
        if handshakeDone {
            logger.debug(message, metadata: metadata)
        } else {
            logger.info(message, metadata: metadata)
        }
    }
}
