/// One DNS-SD service instance as its owner publishes it (RFC 6763 §4–§6): the PTR from the
/// service type to the instance, the SRV (host and port), the TXT attributes and the host's
/// addresses, with the announcement and goodbye messages built from them.
public struct ServiceInstance: Hashable, Sendable {
    /// The user-visible instance name, the first label of the instance's full name; any
    /// UTF-8 up to 63 bytes (dots and spaces included).
    public var instanceName: String
    /// The service type with its domain: `_irc._tcp.local`.
    public var serviceType: DNSName
    /// The host name the SRV record points to (`NAME.local`), whose A records follow.
    public var hostName: DNSName
    /// The TCP port.
    public var port: UInt16
    /// The TXT attributes in order, `key=value` (RFC 6763 §6.3); an empty list is sent as
    /// the one empty string RFC 6763 §6.1 asks for.
    public var attributes: [(key: String, value: String)]
    /// The host's IPv4 addresses on the link the records are sent on.
    public var addresses: [IPv4Address]

    /// TTL of the records that name a host (SRV, A): RFC 6762 §10's 120 seconds.
    public static let hostRecordTTL: UInt32 = 120
    /// TTL of the other records (PTR, TXT): RFC 6762 §10's 75 minutes.
    public static let otherRecordTTL: UInt32 = 4500
    /// The DNS-SD meta-query name that lists service types (RFC 6763 §9).
    public static let serviceTypeEnumeration = DNSName("_services._dns-sd._udp.local")

    /// Makes an instance.
    public init(
        instanceName: String, serviceType: DNSName, hostName: DNSName, port: UInt16,
        attributes: [(key: String, value: String)], addresses: [IPv4Address]
    ) {
        self.instanceName = instanceName
        self.serviceType = serviceType
        self.hostName = hostName
        self.port = port
        self.attributes = attributes
        self.addresses = addresses
    }

    /// `<instance>.<service type>`.
    public var fullName: DNSName { serviceType.prepending(instanceName) }

    /// The PTR from the service type to this instance (shared: no cache-flush bit).
    public var pointerRecord: DNSRecord {
        DNSRecord(name: serviceType, ttl: Self.otherRecordTTL, data: .ptr(fullName))
    }

    /// The PTR that lists the service type under the DNS-SD enumeration name.
    public var serviceTypeRecord: DNSRecord {
        DNSRecord(name: Self.serviceTypeEnumeration, ttl: Self.otherRecordTTL, data: .ptr(serviceType))
    }

    /// The SRV record (unique: cache-flush set).
    public var serviceRecord: DNSRecord {
        DNSRecord(name: fullName, ttl: Self.hostRecordTTL, cacheFlush: true,
                  data: .srv(priority: 0, weight: 0, port: port, target: hostName))
    }

    /// The TXT record (unique: cache-flush set).
    public var textRecord: DNSRecord {
        DNSRecord(name: fullName, ttl: Self.otherRecordTTL, cacheFlush: true,
                  data: .txt(attributes.isEmpty ? [[]] : attributes.map { Array("\($0.key)=\($0.value)".utf8) }))
    }

    /// The host's A records (unique: cache-flush set).
    public var addressRecords: [DNSRecord] {
        addresses.map { DNSRecord(name: hostName, ttl: Self.hostRecordTTL, cacheFlush: true, data: .a($0)) }
    }

    /// Every record this instance owns or shares.
    public var allRecords: [DNSRecord] {
        [pointerRecord, serviceRecord, textRecord] + addressRecords + [serviceTypeRecord]
    }

    /// The unsolicited announcement (RFC 6762 §8.3): every record as an answer.
    public func announcement() -> DNSMessage {
        DNSMessage(isResponse: true, isAuthoritative: true, answers: allRecords)
    }

    /// The goodbye (RFC 6762 §10.1): the same records with TTL 0, so caches drop them.
    public func goodbye() -> DNSMessage {
        DNSMessage(isResponse: true, isAuthoritative: true, answers: allRecords.map { record in
            var record = record
            record.ttl = 0
            return record
        })
    }

    /// Checks that the records can be written (label and TXT lengths), so a bad name is
    /// reported when the service is set up, not when the first packet goes out.
    public func validate() throws(DNSEncodeError) {
        _ = try announcement().encoded()
    }

    public static func == (lhs: ServiceInstance, rhs: ServiceInstance) -> Bool {
        lhs.allRecords == rhs.allRecords
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(allRecords) }
}
