#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MDNS
import NIOCore
import NIOPosix

/// Opens the UDP socket mDNS uses on one interface: bound to port 5353 (shared with any
/// other responder on the machine, such as Avahi, through SO_REUSEADDR/SO_REUSEPORT),
/// member of 224.0.0.251 on that interface only, multicasting through it with TTL 255
/// (RFC 6762 §11) and looping its own packets back so programs on the same machine see them.
enum MDNSSocket {
    /// 224.0.0.251:5353.
    static let groupAddress: SocketAddress = {
        do {
            return try SocketAddress(ipAddress: "224.0.0.251", port: MDNSResponder.port)
        } catch {
            preconditionFailure("224.0.0.251 is a valid IPv4 address")
        }
    }()

    /// Binds, joins and configures; `makeHandler` runs on the channel's event loop and its
    /// handler ends the pipeline. Returns the channel and whatever `output` made of it.
    static func open<Output: Sendable>(
        on interface: MulticastInterface, port: Int, group: any EventLoopGroup,
        initialize: @escaping @Sendable (any Channel) throws -> Output
    ) async throws -> (channel: any Channel, output: Output) {
        let bound = try await DatagramBootstrap(group: group)
            .channelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .channelOption(ChannelOptions.Types.SocketOption(level: .socket, name: NIOBSDSocket.Option(rawValue: CInt(SO_REUSEPORT))), value: 1)
            .bind(host: "0.0.0.0", port: port) { channel in
                channel.eventLoop.makeCompletedFuture { Opened(channel: channel, output: try initialize(channel)) }
            }
        let channel = bound.channel
        do {
            #if os(Linux)
            // Deliver only the memberships this socket made (Linux delivers every group
            // joined by any socket on the port otherwise): one socket, one interface.
            try await channel.setOption(ChannelOptions.Types.SocketOption(level: .ip, name: NIOBSDSocket.Option(rawValue: multicastAll)),
                                        value: 0).get()
            #endif
            guard let multicast = channel as? any MulticastChannel, let options = channel as? any SocketOptionProvider else {
                throw MDNSSocketError("the datagram channel does not support multicast")
            }
            try await multicast.joinGroup(groupAddress, device: interface.device).get()
            var address = in_addr()
            address.s_addr = interface.address.value.bigEndian
            try await options.setIPMulticastIF(address).get()
            try await options.setIPMulticastTTL(255).get()
            try await options.setIPMulticastLoop(1).get()
        } catch {
            try? await channel.close()
            throw error
        }
        return (channel, bound.output)
    }

    /// Linux's IP_MULTICAST_ALL (49), which Glibc's module does not export on every version.
    static let multicastAll: Int32 = 49

    /// Wraps bytes for sending.
    static func envelope(_ bytes: [UInt8], to address: SocketAddress) -> AddressedEnvelope<ByteBuffer> {
        AddressedEnvelope(remoteAddress: address, data: ByteBuffer(bytes: bytes))
    }

    private struct Opened<Output: Sendable>: Sendable {
        let channel: any Channel
        let output: Output
    }
}

/// A multicast set-up step that failed, in words.
public struct MDNSSocketError: Error, Sendable, CustomStringConvertible {
    /// What failed.
    public let description: String
    init(_ description: String) { self.description = description }
}
