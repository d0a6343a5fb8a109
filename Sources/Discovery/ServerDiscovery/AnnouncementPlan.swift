import MDNS

/// What a server announces on one network interface: its address there and the service
/// instances (`_irc._tcp`, `_ircs-u._tcp`) reachable through it.
public struct AnnouncementPlan: Hashable, Sendable {
    /// The interface's name (`eth0`), for logs and for the adapter to find it again.
    public var interfaceName: String
    /// The interface's IPv4 address, the one the A record gives.
    public var address: IPv4Address
    /// The instances to publish on it.
    public var services: [ServiceInstance]

    /// Makes a plan.
    public init(interfaceName: String, address: IPv4Address, services: [ServiceInstance]) {
        self.interfaceName = interfaceName
        self.address = address
        self.services = services
    }
}

/// The facts `--announce` needs: the server's identity and its listeners, and the
/// machine's interfaces; `plans()` decides what is published where.
public struct ServerAdvert: Sendable {
    /// A listening socket of the server.
    public struct Listener: Hashable, Sendable {
        /// The address it is bound to as written (`0.0.0.0`, `10.0.0.5`, `::`, a host name).
        public var host: String
        /// The bound port (the real one, after port 0 was resolved).
        public var port: Int
        /// Whether it speaks TLS.
        public var tls: Bool
        /// Makes a listener.
        public init(host: String, port: Int, tls: Bool) {
            self.host = host
            self.port = port
            self.tls = tls
        }
    }

    /// A network interface with an IPv4 address.
    public struct Interface: Hashable, Sendable {
        /// The interface's name (`eth0`).
        public var name: String
        /// Its IPv4 address.
        public var address: IPv4Address
        /// Its netmask.
        public var netmask: IPv4Address
        /// Whether it can multicast.
        public var multicast: Bool
        /// Makes an interface description.
        public init(name: String, address: IPv4Address, netmask: IPv4Address, multicast: Bool) {
            self.name = name
            self.address = address
            self.netmask = netmask
            self.multicast = multicast
        }
    }

    /// The server name: the instance name (cut to 63 bytes).
    public var serverName: String
    /// The network name for the TXT record.
    public var networkName: String
    /// Whether clients can create accounts.
    public var accountsOpen: Bool
    /// The listeners, plain and TLS.
    public var listeners: [Listener]
    /// The label of the host name the SRV records point to (`tachikoma-HOST`).
    public var hostLabel: String

    /// Makes an advert.
    public init(serverName: String, networkName: String, accountsOpen: Bool, listeners: [Listener], hostLabel: String) {
        self.serverName = serverName
        self.networkName = networkName
        self.accountsOpen = accountsOpen
        self.listeners = listeners
        self.hostLabel = hostLabel
    }

    /// The host label for a machine name: lower-case letters, digits and hyphens
    /// (RFC 6763 §4.1 asks nothing of host names, but other resolvers do), prefixed with
    /// `tachikoma-` so it never claims the name the machine's own responder (Avahi) owns.
    public static func hostLabel(machineName: String) -> String {
        var label = ""
        for scalar in machineName.lowercased().unicodeScalars {
            let ok = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            if ok { label.unicodeScalars.append(scalar) } else if !label.hasSuffix("-") { label += "-" }
        }
        label = String(label.trimmingPrefix("-"))
        while label.hasSuffix("-") { label.removeLast() }
        return String(("tachikoma" + (label.isEmpty ? "" : "-" + label)).prefix(DNSName.maximumLabelLength))
    }

    /// The instance name: the server name cut at a character boundary to 63 bytes.
    public var instanceName: String {
        var name = ""
        for character in serverName {
            guard name.utf8.count + String(character).utf8.count <= DNSName.maximumLabelLength else { break }
            name.append(character)
        }
        return name.isEmpty ? "tachikoma" : name
    }

    /// Which listener serves an interface: one bound to its address or to 0.0.0.0. A
    /// listener on a loopback address, an IPv6 address or a host name serves none.
    func listener(for interface: Interface, tls: Bool) -> Listener? {
        listeners.first { listener in
            guard listener.tls == tls, let bound = IPv4Address(listener.host) else { return false }
            return bound.isUnspecified || bound == interface.address
        }
    }

    /// The plans, one per interface that is not loopback, can multicast and has a listener;
    /// and a sentence for each listener announced nowhere (so the log can say why).
    public func plans(interfaces: [Interface]) -> (plans: [AnnouncementPlan], notAnnounced: [String]) {
        var plans: [AnnouncementPlan] = []
        var used = Set<Listener>()
        for interface in interfaces where !interface.address.isLoopback && interface.multicast {
            let plain = listener(for: interface, tls: false)
            let secure = listener(for: interface, tls: true)
            guard plain != nil || secure != nil else { continue }
            var attributes: [(key: String, value: String)] = [
                (IRCServiceKeys.version, "1"), (IRCServiceKeys.network, networkName),
            ]
            if let secure { attributes.append((IRCServiceKeys.tlsPort, String(secure.port))) }
            attributes.append((IRCServiceKeys.accounts, accountsOpen ? "open" : "closed"))
            let host = DNSName(labels: [hostLabel, "local"])
            var services: [ServiceInstance] = []
            for (listener, type) in [(plain, IRCServiceTypes.plain), (secure, IRCServiceTypes.tls)] {
                guard let listener else { continue }
                used.insert(listener)
                services.append(ServiceInstance(
                    instanceName: instanceName, serviceType: type, hostName: host, port: UInt16(listener.port),
                    attributes: attributes, addresses: [interface.address]))
            }
            plans.append(AnnouncementPlan(interfaceName: interface.name, address: interface.address, services: services))
        }
        var notes: [String] = []
        for listener in listeners where !used.contains(listener) {
            let text = ListenerText.describe(listener)
            if let bound = IPv4Address(listener.host), bound.isLoopback {
                notes.append("\(text) is loopback only: not announced")
            } else if IPv4Address(listener.host) == nil {
                notes.append("\(text) is not an IPv4 address: not announced (only IPv4 mDNS is supported)")
            } else {
                notes.append("\(text) is on no multicast-capable interface: not announced")
            }
        }
        return (plans, notes)
    }
}

enum ListenerText {
    static func describe(_ listener: ServerAdvert.Listener) -> String {
        let address = listener.host.contains(":") ? "[\(listener.host)]:\(listener.port)" : "\(listener.host):\(listener.port)"
        return (listener.tls ? "TLS listener " : "listener ") + address
    }
}
