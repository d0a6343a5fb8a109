/// A DNS record type code (RFC 1035 §3.2.2 and later RFCs); unknown codes are kept.
public struct DNSRecordType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The 16-bit code on the wire.
    public let rawValue: UInt16
    /// Wraps a code (any value: unknown types are carried as raw data).
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// IPv4 address.
    public static let a = DNSRecordType(rawValue: 1)
    /// Pointer: a service type to its instances in DNS-SD.
    public static let ptr = DNSRecordType(rawValue: 12)
    /// Text strings: a service's `key=value` attributes in DNS-SD.
    public static let txt = DNSRecordType(rawValue: 16)
    /// IPv6 address.
    public static let aaaa = DNSRecordType(rawValue: 28)
    /// Service location: host and port (RFC 2782).
    public static let srv = DNSRecordType(rawValue: 33)
    /// Next secure: in mDNS, says which types a name does not have (RFC 6762 §6.1).
    public static let nsec = DNSRecordType(rawValue: 47)
    /// Any type (questions only).
    public static let any = DNSRecordType(rawValue: 255)

    public var description: String {
        switch self {
        case .a: "A"
        case .ptr: "PTR"
        case .txt: "TXT"
        case .aaaa: "AAAA"
        case .srv: "SRV"
        case .nsec: "NSEC"
        case .any: "ANY"
        default: "TYPE\(rawValue)"
        }
    }
}

/// The data of a record, decoded for the types DNS-SD uses and kept as bytes otherwise.
public enum DNSRecordData: Hashable, Sendable {
    /// An IPv4 address.
    case a(IPv4Address)
    /// An IPv6 address.
    case aaaa(IPv6Address)
    /// A pointer to another name (a service type's instance).
    case ptr(DNSName)
    /// A service's host and port (RFC 2782).
    case srv(priority: UInt16, weight: UInt16, port: UInt16, target: DNSName)
    /// The character-strings of a TXT record, each at most 255 bytes.
    case txt([[UInt8]])
    /// Any other type, its data kept as the wire carried it.
    case other(type: DNSRecordType, bytes: [UInt8])

    /// The record type this data belongs to.
    public var type: DNSRecordType {
        switch self {
        case .a: .a
        case .aaaa: .aaaa
        case .ptr: .ptr
        case .srv: .srv
        case .txt: .txt
        case .other(let type, _): type
        }
    }
}

/// A resource record: a name, its class, the time to live and the data.
public struct DNSRecord: Hashable, Sendable {
    /// The owner name.
    public var name: DNSName
    /// The class, almost always 1 (IN); the top bit is kept apart in `cacheFlush`.
    public var dnsClass: UInt16
    /// mDNS's cache-flush bit (RFC 6762 §10.2): this record replaces every cached record of
    /// the same name and type, because the sender owns the name.
    public var cacheFlush: Bool
    /// Seconds the record may be cached; 0 in a goodbye.
    public var ttl: UInt32
    /// The data, which also gives the type.
    public var data: DNSRecordData

    /// Makes an IN-class record.
    public init(name: DNSName, ttl: UInt32, cacheFlush: Bool = false, data: DNSRecordData, dnsClass: UInt16 = 1) {
        self.name = name
        self.dnsClass = dnsClass
        self.cacheFlush = cacheFlush
        self.ttl = ttl
        self.data = data
    }

    /// The record type.
    public var type: DNSRecordType { data.type }

    /// Whether the two records are the same fact (name, type, class and data), whatever
    /// their TTL and cache-flush bit: what known-answer suppression and goodbyes compare.
    public func sameFact(as other: DNSRecord) -> Bool {
        name == other.name && dnsClass == other.dnsClass && data == other.data
    }
}

/// A question: a name, the wanted type, and whether a unicast answer is preferred.
public struct DNSQuestion: Hashable, Sendable {
    /// The name asked about.
    public var name: DNSName
    /// The type wanted (`.any` for all).
    public var type: DNSRecordType
    /// The class, 1 (IN); the top bit is kept apart in `unicastResponse`.
    public var dnsClass: UInt16
    /// mDNS's QU bit (RFC 6762 §5.4): the asker would like a unicast answer.
    public var unicastResponse: Bool

    /// Makes an IN-class question.
    public init(name: DNSName, type: DNSRecordType, unicastResponse: Bool = false, dnsClass: UInt16 = 1) {
        self.name = name
        self.type = type
        self.dnsClass = dnsClass
        self.unicastResponse = unicastResponse
    }
}
