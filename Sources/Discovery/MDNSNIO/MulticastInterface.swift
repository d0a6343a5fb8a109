import MDNS
import NIOCore

/// A network interface with an IPv4 address, as mDNS sees it: the socket for it joins
/// 224.0.0.251 there and sends its multicast through it.
public struct MulticastInterface: Hashable, Sendable {
    /// The interface's name (`eth0`).
    public var name: String
    /// Its IPv4 address.
    public var address: IPv4Address
    /// Its netmask: packets from outside that subnet are not from this link and are ignored
    /// (RFC 6762 §11).
    public var netmask: IPv4Address
    /// Whether the interface can multicast (IFF_MULTICAST).
    public var multicast: Bool
    /// NIO's view of it, for joining the group.
    let device: NIONetworkDevice

    /// The machine's IPv4 interfaces (loopback included: callers choose), from getifaddrs.
    public static func all() throws -> [MulticastInterface] {
        try System.enumerateDevices().compactMap { device in
            guard case .v4 = device.address, let text = device.address?.ipAddress, let address = IPv4Address(text) else { return nil }
            let netmask = device.netmask?.ipAddress.flatMap(IPv4Address.init) ?? IPv4Address("255.255.255.255")!
            return MulticastInterface(name: device.name, address: address, netmask: netmask,
                                      multicast: device.multicastSupported, device: device)
        }
    }

    /// The interfaces browsing uses: not loopback and able to multicast.
    public static func browsable() throws -> [MulticastInterface] {
        try all().filter { $0.multicast && !$0.address.isLoopback }
    }

    /// Whether a packet from `source` came from this interface's link.
    func isOnLink(_ source: SocketAddress) -> Bool {
        guard case .v4 = source, let text = source.ipAddress, let address = IPv4Address(text) else { return false }
        return address.sameSubnet(as: self.address, netmask: netmask)
    }
}
