/// Where a reply goes.
public enum MDNSDestination: Hashable, Sendable {
    /// To 224.0.0.251:5353 on the link the query came from.
    case multicast
    /// Back to the querier's address and port.
    case unicastToSource
}

/// A message the responder wants sent.
public struct MDNSReply: Hashable, Sendable {
    /// The message.
    public var message: DNSMessage
    /// Where to send it.
    public var destination: MDNSDestination
    /// Whether it answers with shared records (PTR): RFC 6762 §6 asks for a random delay of
    /// 20–120 ms before such a multicast answer, so many responders do not answer at once.
    public var shouldDelay: Bool
}

/// The answering half of an mDNS responder, without I/O: given a query and the port it
/// came from, the replies to send for the services it owns (RFC 6762 §6, DNS-SD §12).
public struct MDNSResponder: Sendable {
    /// The services answered for.
    public var services: [ServiceInstance]

    /// The TTL cap on legacy unicast answers (RFC 6762 §6.7).
    public static let legacyUnicastTTL: UInt32 = 10
    /// The mDNS port.
    public static let port = 5353

    /// Makes a responder for these services.
    public init(services: [ServiceInstance]) {
        self.services = services
    }

    /// The replies to a received message: nothing for responses, non-zero opcodes or
    /// response codes, or questions about names we do not own. A query from a port other
    /// than 5353 is a one-shot (legacy) query and gets a unicast reply with its id and
    /// questions and TTLs of at most 10 s; a query whose answered questions all carry the
    /// QU bit gets a unicast reply; others a multicast one. Known answers the querier
    /// listed (with at least half our TTL left) are left out (RFC 6762 §7.1).
    public func replies(to query: DNSMessage, sourcePort: Int) -> [MDNSReply] {
        guard !query.isResponse, query.opcode == 0, query.responseCode == 0 else { return [] }
        var answers: [DNSRecord] = []
        var additionals: [DNSRecord] = []
        var answeredQuestions: [DNSQuestion] = []
        for question in query.questions where question.dnsClass == 1 || question.dnsClass == 255 {
            let (a, extra) = records(answering: question)
            guard !a.isEmpty else { continue }
            answeredQuestions.append(question)
            for record in a where !answers.contains(record) { answers.append(record) }
            for record in extra where !additionals.contains(record) { additionals.append(record) }
        }
        answers.removeAll { ours in
            query.answers.contains { known in known.sameFact(as: ours) && known.ttl >= ours.ttl / 2 }
        }
        guard !answers.isEmpty else { return [] }
        additionals.removeAll { extra in answers.contains { $0.sameFact(as: extra) } }

        if sourcePort != Self.port {
            let capped = { (record: DNSRecord) -> DNSRecord in
                var record = record
                record.ttl = min(record.ttl, Self.legacyUnicastTTL)
                record.cacheFlush = false
                return record
            }
            let message = DNSMessage(id: query.id, isResponse: true, isAuthoritative: true, questions: answeredQuestions,
                                     answers: answers.map(capped), additionals: additionals.map(capped))
            return [MDNSReply(message: message, destination: .unicastToSource, shouldDelay: false)]
        }
        let unicast = answeredQuestions.allSatisfy(\.unicastResponse)
        let shared = answers.contains { $0.type == .ptr }
        let message = DNSMessage(isResponse: true, isAuthoritative: true, answers: answers, additionals: additionals)
        return [MDNSReply(message: message, destination: unicast ? .unicastToSource : .multicast, shouldDelay: shared && !unicast)]
    }

    /// The answers to one question and the records worth adding (RFC 6763 §12: a PTR
    /// answer brings the SRV, TXT and addresses; an SRV answer the addresses).
    func records(answering question: DNSQuestion) -> (answers: [DNSRecord], additionals: [DNSRecord]) {
        var answers: [DNSRecord] = []
        var additionals: [DNSRecord] = []
        let wants = { (type: DNSRecordType) in question.type == type || question.type == .any }
        for service in services {
            if question.name == service.serviceType && wants(.ptr) {
                answers.append(service.pointerRecord)
                additionals += [service.serviceRecord, service.textRecord] + service.addressRecords
            }
            if question.name == ServiceInstance.serviceTypeEnumeration && wants(.ptr) {
                if !answers.contains(service.serviceTypeRecord) { answers.append(service.serviceTypeRecord) }
            }
            if question.name == service.fullName {
                if wants(.srv) {
                    answers.append(service.serviceRecord)
                    additionals += service.addressRecords
                }
                if wants(.txt) { answers.append(service.textRecord) }
            }
            if question.name == service.hostName && wants(.a) {
                answers += service.addressRecords.filter { !answers.contains($0) }
            }
        }
        return (answers, additionals)
    }
}
