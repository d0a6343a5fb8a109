/// A service instance found on the network, with what its records said.
public struct DiscoveredService: Hashable, Sendable {
    /// The instance name (the first label of `fullName`).
    public var instanceName: String
    /// The service type it was found under (`_irc._tcp.local`).
    public var serviceType: DNSName
    /// The host the SRV record names.
    public var hostName: DNSName
    /// The port from the SRV record.
    public var port: UInt16
    /// The host's IPv4 addresses, sorted.
    public var addresses: [IPv4Address]
    /// The host's IPv6 addresses.
    public var addresses6: [IPv6Address]
    /// TXT `key=value` pairs (keys lower-cased, RFC 6763 §6.4: the first of a key wins; a
    /// key without `=` has the empty value).
    public var attributes: [String: String]

    /// Makes a found service.
    public init(
        instanceName: String, serviceType: DNSName, hostName: DNSName, port: UInt16,
        addresses: [IPv4Address], addresses6: [IPv6Address] = [], attributes: [String: String]
    ) {
        self.instanceName = instanceName
        self.serviceType = serviceType
        self.hostName = hostName
        self.port = port
        self.addresses = addresses
        self.addresses6 = addresses6
        self.attributes = attributes
    }

    /// Parses TXT strings into attributes (RFC 6763 §6.3–§6.5): empty strings and strings
    /// starting with `=` are skipped, the first occurrence of a key wins.
    public static func attributes(from strings: [[UInt8]]) -> [String: String] {
        var out: [String: String] = [:]
        for string in strings where !string.isEmpty && string[0] != UInt8(ascii: "=") {
            let equals = string.firstIndex(of: UInt8(ascii: "="))
            let key = String(decoding: DNSName.lowercasedASCII(string[..<(equals ?? string.endIndex)]), as: UTF8.self)
            let value = equals.map { String(decoding: string[($0 + 1)...], as: UTF8.self) } ?? ""
            if out[key] == nil { out[key] = value }
        }
        return out
    }
}
