import Logging
import NIOCore
import NIOSSL
import NIOTLS

/// Sits behind the TLS handler of a connection and logs, once, why TLS failed: a plaintext
/// client on the TLS port, a client that rejects the certificate, a peer that vanished
/// mid-handshake. The connection handler after it closes the connection; other connections
/// never notice.
///
/// A failed handshake is logged at info level (an operator may want to see scanners and
/// misconfigured clients); a TLS error after the handshake, usually a client that dropped
/// TCP without a close_notify, only at debug level.
final class TLSErrorLogHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let logger: Logger
    private var handshakeDone = false
    private var logged = false

    init(logger: Logger) {
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls {
            handshakeDone = true
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !logged {
            logged = true
            let metadata: Logger.Metadata = [
                "peer": "\(ConnectionHandler.describe(context.channel.remoteAddress))", "error": "\(error)",
            ]
            if handshakeDone {
                logger.debug("TLS connection error", metadata: metadata)
            } else {
                logger.info("TLS handshake failed", metadata: metadata)
            }
        }
        context.fireErrorCaught(error)
    }
}
