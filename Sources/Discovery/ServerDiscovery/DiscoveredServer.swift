import MDNS

/// An IRC server found on the network, as the pet lists it.
public struct DiscoveredServer: Hashable, Sendable {
    /// The instance name (a Tachikoma server's name).
    public var name: String
    /// The IPv4 address to connect to.
    public var address: IPv4Address
    /// The port.
    public var port: Int
    /// Whether the port speaks TLS from the first byte (`_ircs-u._tcp`).
    public var tls: Bool
    /// The network name from TXT, if given.
    public var network: String?
    /// Whether accounts can be created, if the TXT says.
    public var accountsOpen: Bool?

    /// Makes an entry.
    public init(name: String, address: IPv4Address, port: Int, tls: Bool, network: String? = nil, accountsOpen: Bool? = nil) {
        self.name = name
        self.address = address
        self.port = port
        self.tls = tls
        self.network = network
        self.accountsOpen = accountsOpen
    }

    /// The servers among found services: one entry per IRC instance (its first IPv4
    /// address), in the order given; other service types and IPv6-only hosts are left out.
    public static func servers(from services: [DiscoveredService]) -> [DiscoveredServer] {
        services.compactMap { service in
            guard IRCServiceTypes.all.contains(service.serviceType), let address = service.addresses.first else { return nil }
            let accounts = service.attributes[IRCServiceKeys.accounts]
            return DiscoveredServer(
                name: service.instanceName, address: address, port: Int(service.port),
                tls: service.serviceType == IRCServiceTypes.tls,
                network: service.attributes[IRCServiceKeys.network].flatMap { $0.isEmpty ? nil : $0 },
                accountsOpen: accounts == "open" ? true : accounts == "closed" ? false : nil)
        }
    }

    /// The address as the chat form takes it: `HOST:PORT`, or `HOST:+PORT` for TLS.
    public var chatAddress: String { "\(address):\(tls ? "+" : "")\(port)" }

    /// One tab-separated line for scripts: name, address:port, `tls` or `plain`, network,
    /// `open`/`closed`/`-` for accounts. Tabs and line breaks in names become spaces.
    public var scriptLine: String {
        let clean = { (text: String) in String(text.map { $0 == "\t" || $0.isNewline ? " " : $0 }) }
        let accounts = accountsOpen.map { $0 ? "open" : "closed" } ?? "-"
        return [clean(name), "\(address):\(port)", tls ? "tls" : "plain", clean(network ?? "-"), accounts].joined(separator: "\t")
    }
}
