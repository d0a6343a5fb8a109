import Logging
import MDNS
@testable import MDNSNIO
import NIOCore
import NIOEmbedded
import Testing

/// The adapter's handlers on an EmbeddedChannel: what arrives from the link, what goes out.
@Suite struct HandlerTests {
    static let service = ServiceInstance(
        instanceName: "irc.example", serviceType: DNSName("_irc._tcp.local"), hostName: DNSName("tachikoma-box.local"),
        port: 6667, attributes: [("network", "Tachikoma")], addresses: [IPv4Address("10.0.0.5")!])

    static let interface: MulticastInterface = {
        let address = try! SocketAddress(ipAddress: "10.0.0.5", port: 0)
        let netmask = try! SocketAddress(ipAddress: "255.255.255.0", port: 0)
        let device = NIONetworkDevice(name: "veth0", address: address, netmask: netmask, broadcastAddress: nil,
                                      pointToPointDestinationAddress: address, multicastSupported: true, interfaceIndex: 2)
        return MulticastInterface(name: "veth0", address: IPv4Address("10.0.0.5")!, netmask: IPv4Address("255.255.255.0")!,
                                  multicast: true, device: device)
    }()

    func responderChannel() throws -> EmbeddedChannel {
        let handler = MDNSResponderHandler(responder: MDNSResponder(services: [Self.service]), interface: Self.interface,
                                           logger: Logger(label: "test"))
        return EmbeddedChannel(handler: handler)
    }

    func packet(_ message: DNSMessage, from host: String, port: Int) throws -> AddressedEnvelope<ByteBuffer> {
        AddressedEnvelope(remoteAddress: try SocketAddress(ipAddress: host, port: port), data: ByteBuffer(bytes: try message.encoded()))
    }

    let ptrQuery = DNSMessage(questions: [DNSQuestion(name: DNSName("_irc._tcp.local"), type: .ptr)])

    @Test func aMulticastQueryIsAnsweredToTheGroupAfterADelay() throws {
        let channel = try responderChannel()
        try channel.writeInbound(try packet(ptrQuery, from: "10.0.0.9", port: 5353))
        #expect(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) == nil)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(120))
        let sent = try #require(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self))
        #expect(sent.remoteAddress == MDNSSocket.groupAddress)
        let reply = try DNSMessage(decoding: Array(sent.data.readableBytesView))
        #expect(reply.answers == [Self.service.pointerRecord])
    }

    @Test func aLegacyQueryIsAnsweredToItsSourceAtOnce() throws {
        let channel = try responderChannel()
        var query = ptrQuery
        query.id = 77
        let source = try SocketAddress(ipAddress: "10.0.0.9", port: 41000)
        try channel.writeInbound(AddressedEnvelope(remoteAddress: source, data: ByteBuffer(bytes: try query.encoded())))
        let sent = try #require(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self))
        #expect(sent.remoteAddress == source)
        #expect(try DNSMessage(decoding: Array(sent.data.readableBytesView)).id == 77)
    }

    @Test func offLinkQueriesAndGarbageAreIgnored() throws {
        let channel = try responderChannel()
        try channel.writeInbound(try packet(ptrQuery, from: "192.168.1.9", port: 5353))
        try channel.writeInbound(AddressedEnvelope(remoteAddress: try SocketAddress(ipAddress: "10.0.0.9", port: 5353),
                                                   data: ByteBuffer(bytes: [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 12, 0, 1])))
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) == nil)
        // Still answering after the garbage.
        try channel.writeInbound(try packet(ptrQuery, from: "10.0.0.9", port: 5353))
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(120))
        #expect(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) != nil)
    }

    @Test func theBrowseHandlerCollectsOnLinkAnswers() throws {
        let handler = MDNSBrowseHandler(browser: ServiceBrowser(serviceTypes: [DNSName("_irc._tcp.local")]), interface: Self.interface)
        let channel = EmbeddedChannel(handler: handler)
        var elsewhere = Self.service
        elsewhere.instanceName = "from another link"
        try channel.writeInbound(try packet(elsewhere.announcement(), from: "172.16.0.1", port: 5353))
        try channel.writeInbound(AddressedEnvelope(remoteAddress: try SocketAddress(ipAddress: "10.0.0.7", port: 5353),
                                                   data: ByteBuffer(bytes: [1, 2, 3])))
        try channel.writeInbound(try packet(Self.service.announcement(), from: "10.0.0.7", port: 5353))
        #expect(handler.browser.resolved.map(\.instanceName) == ["irc.example"])
    }
}
