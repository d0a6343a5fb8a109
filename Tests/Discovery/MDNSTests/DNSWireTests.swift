import MDNS
import Testing

/// The DNS wire format (RFC 1035 §4.1): fields, names and compression, record data.
@Suite struct DNSWireTests {
    static let service = ServiceInstance(
        instanceName: "irc.example", serviceType: DNSName("_irc._tcp.local"), hostName: DNSName("tachikoma-box.local"),
        port: 6667, attributes: [("txtvers", "1"), ("network", "Tachikoma"), ("tls", "6697"), ("accounts", "open")],
        addresses: [IPv4Address("10.0.0.5")!])

    @Test func queryBytesAreExactlyTheRFCLayout() throws {
        let query = DNSMessage(id: 0x1234, questions: [DNSQuestion(name: DNSName("_irc._tcp.local"), type: .ptr, unicastResponse: true)])
        let expected: [UInt8] = [
            0x12, 0x34, 0x00, 0x00, // id, flags (standard query)
            0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // one question
            4, 0x5F, 0x69, 0x72, 0x63, 4, 0x5F, 0x74, 0x63, 0x70, 5, 0x6C, 0x6F, 0x63, 0x61, 0x6C, 0, // _irc._tcp.local
            0x00, 0x0C, 0x80, 0x01, // PTR, QU + IN
        ]
        #expect(try query.encoded() == expected)
        #expect(try DNSMessage(decoding: expected) == query)
    }

    @Test func announcementRoundTripsWithCompression() throws {
        let message = Self.service.announcement()
        let bytes = try message.encoded()
        #expect(try DNSMessage(decoding: bytes) == message)
        // "_irc" is written once; every later use of "_irc._tcp.local" is a pointer.
        let irc: [UInt8] = [4, 0x5F, 0x69, 0x72, 0x63]
        #expect(occurrences(of: irc, in: bytes) == 1)
        #expect(bytes.contains { $0 & 0xC0 == 0xC0 })
        #expect(bytes.count < 250)
        // Response, authoritative, id 0 (RFC 6762 §18).
        #expect(Array(bytes[0..<4]) == [0, 0, 0x84, 0x00])
    }

    @Test func flagsAndCacheFlushBitsSurvive() throws {
        let message = Self.service.announcement()
        let decoded = try DNSMessage(decoding: try message.encoded())
        #expect(decoded.isResponse && decoded.isAuthoritative)
        let srv = try #require(decoded.answers.first { $0.type == .srv })
        #expect(srv.cacheFlush && srv.ttl == 120)
        let ptr = try #require(decoded.answers.first { $0.type == .ptr && $0.name == DNSName("_irc._tcp.local") })
        #expect(!ptr.cacheFlush && ptr.ttl == 4500)
        #expect(srv.data == .srv(priority: 0, weight: 0, port: 6667, target: DNSName("tachikoma-box.local")))
    }

    @Test func namesCompareWithoutASCIICase() {
        #expect(DNSName("_IRC._Tcp.LOCAL") == DNSName("_irc._tcp.local"))
        #expect(DNSName("_irc._tcp.local") != DNSName("_ircs-u._tcp.local"))
        #expect(DNSName(labels: ["My.Server", "local"]).description == "My\\.Server.local")
    }

    @Test func instanceNamesMayHoldDotsSpacesAndUTF8() throws {
        var service = Self.service
        service.instanceName = "塔奇克马 server v1.2"
        let decoded = try DNSMessage(decoding: try service.announcement().encoded())
        let ptr = try #require(decoded.answers.first { $0.type == .ptr && $0.name == service.serviceType })
        guard case .ptr(let target) = ptr.data else { Issue.record("not a PTR"); return }
        #expect(target.first == "塔奇克马 server v1.2")
        #expect(target.parent == DNSName("_irc._tcp.local"))
    }

    @Test func aaaaAndUnknownTypesRoundTrip() throws {
        let v6 = try #require(IPv6Address(bytes: [0xfe, 0x80] + Array(repeating: 0, count: 13) + [1]))
        #expect(v6.description == "fe80::1")
        let message = DNSMessage(isResponse: true, answers: [
            DNSRecord(name: DNSName("h.local"), ttl: 120, cacheFlush: true, data: .aaaa(v6)),
            DNSRecord(name: DNSName("h.local"), ttl: 120, data: .other(type: DNSRecordType(rawValue: 99), bytes: [1, 2, 3])),
        ])
        #expect(try DNSMessage(decoding: try message.encoded()) == message)
    }

    @Test func encodingRefusesWhatTheWireCannotCarry() {
        let long = String(repeating: "a", count: 64)
        #expect(throws: DNSEncodeError.self) {
            try DNSMessage(questions: [DNSQuestion(name: DNSName(labels: [long, "local"]), type: .a)]).encoded()
        }
        let tooLongName = DNSName(labels: Array(repeating: String(repeating: "b", count: 60), count: 5))
        #expect(throws: DNSEncodeError.self) { try DNSMessage(questions: [DNSQuestion(name: tooLongName, type: .a)]).encoded() }
        let txt = DNSRecord(name: DNSName("x.local"), ttl: 1, data: .txt([Array(repeating: 65, count: 256)]))
        #expect(throws: DNSEncodeError.self) { try DNSMessage(isResponse: true, answers: [txt]).encoded() }
        var service = Self.service
        service.instanceName = long
        #expect(throws: DNSEncodeError.self) { try service.validate() }
    }

    private func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> Int {
        guard haystack.count >= needle.count else { return 0 }
        return (0...(haystack.count - needle.count)).filter { Array(haystack[$0..<($0 + needle.count)]) == needle }.count
    }
}
