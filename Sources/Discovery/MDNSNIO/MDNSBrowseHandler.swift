import MDNS
import NIOCore

/// Feeds the responses arriving on one interface's socket into a `ServiceBrowser`.
final class MDNSBrowseHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    var browser: ServiceBrowser
    private let interface: MulticastInterface

    init(browser: ServiceBrowser, interface: MulticastInterface) {
        self.browser = browser
        self.interface = interface
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard interface.isOnLink(envelope.remoteAddress),
              let message = try? DNSMessage(decoding: Array(envelope.data.readableBytesView)) else { return }
        browser.receive(message)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {}
}
