import MDNS
import Testing

/// What the responder answers (RFC 6762 §6, §7.1, §6.7; RFC 6763 §12).
@Suite struct MDNSResponderTests {
    let service = DNSWireTests.service
    var responder: MDNSResponder { MDNSResponder(services: [service]) }

    func query(_ name: String, _ type: DNSRecordType, qu: Bool = false, id: UInt16 = 0, known: [DNSRecord] = []) -> DNSMessage {
        DNSMessage(id: id, questions: [DNSQuestion(name: DNSName(name), type: type, unicastResponse: qu)], answers: known)
    }

    @Test func aPTRQueryGetsThePointerAndTheRestAsAdditionals() throws {
        let replies = responder.replies(to: query("_irc._tcp.local", .ptr), sourcePort: 5353)
        let reply = try #require(replies.first)
        #expect(replies.count == 1)
        #expect(reply.destination == .multicast)
        #expect(reply.shouldDelay)
        #expect(reply.message.answers == [service.pointerRecord])
        #expect(Set(reply.message.additionals.map(\.type)) == [.srv, .txt, .a])
        #expect(reply.message.isResponse && reply.message.isAuthoritative && reply.message.id == 0)
        #expect(reply.message.questions.isEmpty)
    }

    @Test func namesOfOthersGetNoAnswer() {
        #expect(responder.replies(to: query("_http._tcp.local", .ptr), sourcePort: 5353).isEmpty)
        #expect(responder.replies(to: query("other.local", .a), sourcePort: 5353).isEmpty)
        #expect(responder.replies(to: query("tachikoma-box.local", .aaaa), sourcePort: 5353).isEmpty)
    }

    @Test func responsesAreNeverAnswered() {
        #expect(responder.replies(to: service.announcement(), sourcePort: 5353).isEmpty)
    }

    @Test func srvTxtAndAddressQueries() throws {
        let instance = service.fullName
        let srv = responder.replies(to: DNSMessage(questions: [DNSQuestion(name: instance, type: .srv)]), sourcePort: 5353)
        #expect(srv.first?.message.answers == [service.serviceRecord])
        #expect(srv.first?.message.additionals == service.addressRecords)
        #expect(srv.first?.shouldDelay == false)
        let txt = responder.replies(to: DNSMessage(questions: [DNSQuestion(name: instance, type: .txt)]), sourcePort: 5353)
        #expect(txt.first?.message.answers == [service.textRecord])
        let a = responder.replies(to: query("TACHIKOMA-BOX.local", .a), sourcePort: 5353)
        #expect(a.first?.message.answers == service.addressRecords)
        let any = responder.replies(to: DNSMessage(questions: [DNSQuestion(name: instance, type: .any)]), sourcePort: 5353)
        #expect(Set(any.first?.message.answers.map(\.type) ?? []) == [.srv, .txt])
    }

    @Test func serviceTypeEnumerationListsOurType() {
        let replies = responder.replies(to: query("_services._dns-sd._udp.local", .ptr), sourcePort: 5353)
        #expect(replies.first?.message.answers == [service.serviceTypeRecord])
    }

    @Test func knownAnswersWithEnoughTTLAreSuppressed() {
        var fresh = service.pointerRecord
        fresh.ttl = 4000
        #expect(responder.replies(to: query("_irc._tcp.local", .ptr, known: [fresh]), sourcePort: 5353).isEmpty)
        var stale = service.pointerRecord
        stale.ttl = 100 // less than half of 4500: answer again
        #expect(responder.replies(to: query("_irc._tcp.local", .ptr, known: [stale]), sourcePort: 5353).count == 1)
    }

    @Test func legacyUnicastQueriesGetIdQuestionAndShortTTLs() throws {
        let q = query("_irc._tcp.local", .ptr, id: 0xBEEF)
        let reply = try #require(responder.replies(to: q, sourcePort: 40000).first)
        #expect(reply.destination == .unicastToSource)
        #expect(reply.message.id == 0xBEEF)
        #expect(reply.message.questions == q.questions)
        #expect(reply.message.allRecords.allSatisfy { $0.ttl <= 10 && !$0.cacheFlush })
    }

    @Test func quQuestionsGetUnicast() throws {
        let reply = try #require(responder.replies(to: query("_irc._tcp.local", .ptr, qu: true), sourcePort: 5353).first)
        #expect(reply.destination == .unicastToSource)
        #expect(reply.message.id == 0)
    }

    @Test func goodbyeHasEveryRecordWithTTLZero() {
        let goodbye = service.goodbye()
        #expect(goodbye.answers.count == service.allRecords.count)
        #expect(goodbye.answers.allSatisfy { $0.ttl == 0 })
        #expect(goodbye.answers.map(\.data) == service.allRecords.map(\.data))
    }
}
