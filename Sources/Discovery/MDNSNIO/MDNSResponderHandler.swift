import Logging
import MDNS
import NIOCore

/// Answers the queries that arrive on one interface's socket with `MDNSResponder`'s
/// replies. Lives on the channel's event loop like every NIO handler.
final class MDNSResponderHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let responder: MDNSResponder
    private let interface: MulticastInterface
    private let logger: Logger

    init(responder: MDNSResponder, interface: MulticastInterface, logger: Logger) {
        self.responder = responder
        self.interface = interface
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard interface.isOnLink(envelope.remoteAddress) else { return }
        let query: DNSMessage
        do {
            query = try DNSMessage(decoding: Array(envelope.data.readableBytesView))
        } catch {
            logger.debug("mDNS: packet ignored", metadata: ["from": "\(envelope.remoteAddress)", "reason": "\(error)"])
            return
        }
        let channel = context.channel
        for reply in responder.replies(to: query, sourcePort: envelope.remoteAddress.port ?? 0) {
            let bytes: [UInt8]
            do {
                bytes = try reply.message.encoded()
            } catch {
                logger.error("mDNS: reply not encodable", metadata: ["reason": "\(error)"])
                continue
            }
            let target = reply.destination == .multicast ? MDNSSocket.groupAddress : envelope.remoteAddress
            let packet = MDNSSocket.envelope(bytes, to: target)
            if reply.shouldDelay {
                context.eventLoop.scheduleTask(in: .milliseconds(Int64.random(in: 20...120))) {
                    channel.writeAndFlush(packet, promise: nil)
                }
            } else {
                context.writeAndFlush(wrapOutboundOut(packet), promise: nil)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A send that failed (interface down, ICMP errors) must not close the responder.
        logger.debug("mDNS socket error", metadata: ["interface": "\(interface.name)", "error": "\(error)"])
    }
}
