/// The browsing half of DNS-SD without I/O: the queries to send for some service types,
/// and a cache of the records received, from which resolved services are read. Records
/// with TTL 0 (goodbyes) remove what they name.
public struct ServiceBrowser: Sendable {
    /// The service types browsed (`_irc._tcp.local`).
    public let serviceTypes: [DNSName]

    private var instances: [DNSName: [DNSName]] = [:]
    private var services: [DNSName: (port: UInt16, target: DNSName)] = [:]
    private var texts: [DNSName: [[UInt8]]] = [:]
    private var addresses: [DNSName: [IPv4Address]] = [:]
    private var addresses6: [DNSName: [IPv6Address]] = [:]

    /// The most instances kept per service type, so a flood of answers cannot grow the
    /// cache without bound.
    public static let maximumInstances = 256

    /// The most owner names whose SRV, TXT or address records are kept.
    public static let maximumNames = 1024

    private var namesKept: Int { services.count + texts.count + addresses.count + addresses6.count }

    private func knowsName(_ name: DNSName) -> Bool {
        services[name] != nil || texts[name] != nil || addresses[name] != nil || addresses6[name] != nil
    }

    /// Makes a browser with an empty cache.
    public init(serviceTypes: [DNSName]) {
        self.serviceTypes = serviceTypes
    }

    /// The next query: a PTR question per service type (with the instances already known
    /// as known answers, RFC 6762 §7.1), and SRV, TXT or A questions for what is still
    /// missing of the instances found.
    public func query() -> DNSMessage {
        var questions = serviceTypes.map { DNSQuestion(name: $0, type: .ptr) }
        var known: [DNSRecord] = []
        for type in serviceTypes {
            for instance in instances[type] ?? [] {
                known.append(DNSRecord(name: type, ttl: ServiceInstance.otherRecordTTL, data: .ptr(instance)))
                if let service = services[instance] {
                    if (addresses[service.target] ?? []).isEmpty && (addresses6[service.target] ?? []).isEmpty {
                        questions.append(DNSQuestion(name: service.target, type: .a))
                    }
                } else {
                    questions.append(DNSQuestion(name: instance, type: .srv))
                }
                if texts[instance] == nil { questions.append(DNSQuestion(name: instance, type: .txt)) }
            }
        }
        return DNSMessage(questions: questions, answers: known)
    }

    /// Takes in the records of a received response (queries are ignored).
    public mutating func receive(_ message: DNSMessage) {
        guard message.isResponse, message.opcode == 0, message.responseCode == 0 else { return }
        for record in message.allRecords where record.dnsClass == 1 {
            let gone = record.ttl == 0
            guard gone || knowsName(record.name) || namesKept < Self.maximumNames else { continue }
            switch record.data {
            case .ptr(let instance) where serviceTypes.contains(record.name) && instance.parent == record.name:
                var list = instances[record.name] ?? []
                list.removeAll { $0 == instance }
                if !gone && list.count < Self.maximumInstances { list.append(instance) }
                instances[record.name] = list
            case .srv(_, _, let port, let target):
                services[record.name] = gone ? nil : (port, target)
            case .txt(let strings):
                texts[record.name] = gone ? nil : strings
            case .a(let address):
                var list = (record.cacheFlush && !gone) ? [] : (addresses[record.name] ?? [])
                list.removeAll { $0 == address }
                if !gone && list.count < Self.maximumInstances { list.append(address) }
                addresses[record.name] = list
            case .aaaa(let address):
                var list = (record.cacheFlush && !gone) ? [] : (addresses6[record.name] ?? [])
                list.removeAll { $0 == address }
                if !gone && list.count < Self.maximumInstances { list.append(address) }
                addresses6[record.name] = list
            default:
                break
            }
        }
    }

    /// The instances whose SRV record and at least one address are known, by service type
    /// then instance name.
    public var resolved: [DiscoveredService] {
        var out: [DiscoveredService] = []
        for type in serviceTypes {
            for instance in instances[type] ?? [] {
                guard let service = services[instance] else { continue }
                let v4 = (addresses[service.target] ?? []).sorted()
                let v6 = addresses6[service.target] ?? []
                guard !v4.isEmpty || !v6.isEmpty else { continue }
                out.append(DiscoveredService(
                    instanceName: instance.first, serviceType: type, hostName: service.target, port: service.port,
                    addresses: v4, addresses6: v6, attributes: DiscoveredService.attributes(from: texts[instance] ?? [])))
            }
        }
        return out.sorted { ($0.serviceType.description, $0.instanceName) < ($1.serviceType.description, $1.instanceName) }
    }
}
