import MDNS
import Testing

/// Browsing: queries, the record cache, resolution and goodbyes.
@Suite struct ServiceBrowserTests {
    let service = DNSWireTests.service

    @Test func firstQueryAsksForThePointers() {
        let browser = ServiceBrowser(serviceTypes: [DNSName("_irc._tcp.local"), DNSName("_ircs-u._tcp.local")])
        let query = browser.query()
        #expect(!query.isResponse)
        #expect(query.questions.map(\.type) == [.ptr, .ptr])
        #expect(query.answers.isEmpty)
    }

    @Test func anAnnouncementResolves() throws {
        var browser = ServiceBrowser(serviceTypes: [service.serviceType])
        browser.receive(try DNSMessage(decoding: try service.announcement().encoded()))
        let found = try #require(browser.resolved.first)
        #expect(browser.resolved.count == 1)
        #expect(found.instanceName == "irc.example")
        #expect(found.port == 6667)
        #expect(found.addresses == [IPv4Address("10.0.0.5")!])
        #expect(found.attributes == ["txtvers": "1", "network": "Tachikoma", "tls": "6697", "accounts": "open"])
        // The next query lists the pointer as a known answer and asks nothing more.
        let next = browser.query()
        #expect(next.answers.map(\.data) == [.ptr(service.fullName)])
        #expect(next.questions.count == 1)
    }

    @Test func missingPartsAreAskedFor() {
        var browser = ServiceBrowser(serviceTypes: [service.serviceType])
        browser.receive(DNSMessage(isResponse: true, answers: [service.pointerRecord]))
        #expect(browser.resolved.isEmpty)
        let asked = browser.query().questions
        #expect(asked.contains(DNSQuestion(name: service.fullName, type: .srv)))
        #expect(asked.contains(DNSQuestion(name: service.fullName, type: .txt)))
        browser.receive(DNSMessage(isResponse: true, answers: [service.serviceRecord]))
        #expect(browser.query().questions.contains(DNSQuestion(name: service.hostName, type: .a)))
        browser.receive(DNSMessage(isResponse: true, answers: service.addressRecords))
        #expect(browser.resolved.count == 1)
        #expect(browser.resolved.first?.attributes == [:])
    }

    @Test func aGoodbyeRemovesTheInstance() {
        var browser = ServiceBrowser(serviceTypes: [service.serviceType])
        browser.receive(service.announcement())
        #expect(browser.resolved.count == 1)
        browser.receive(service.goodbye())
        #expect(browser.resolved.isEmpty)
    }

    @Test func queriesAndOtherTypesAreIgnored() {
        var browser = ServiceBrowser(serviceTypes: [DNSName("_ircs-u._tcp.local")])
        browser.receive(service.announcement())
        #expect(browser.resolved.isEmpty)
        var asQuery = service.announcement()
        asQuery.isResponse = false
        var other = ServiceBrowser(serviceTypes: [service.serviceType])
        other.receive(asQuery)
        #expect(other.resolved.isEmpty)
    }

    @Test func aPointerOutsideTheTypeIsIgnored() {
        var browser = ServiceBrowser(serviceTypes: [service.serviceType])
        let elsewhere = DNSRecord(name: service.serviceType, ttl: 4500, data: .ptr(DNSName("x._http._tcp.local")))
        browser.receive(DNSMessage(isResponse: true, answers: [elsewhere]))
        #expect(browser.query().questions.count == 1)
    }

    @Test func aFloodOfInstancesIsCapped() {
        var browser = ServiceBrowser(serviceTypes: [service.serviceType])
        let many = (0..<1000).map { DNSRecord(name: service.serviceType, ttl: 4500, data: .ptr(service.serviceType.prepending("s\($0)"))) }
        browser.receive(DNSMessage(isResponse: true, answers: many))
        #expect(browser.query().answers.count == ServiceBrowser.maximumInstances)
    }

    @Test func txtAttributesFollowRFC6763() {
        let attributes = DiscoveredService.attributes(from: [
            Array("Network=One".utf8), Array("network=Two".utf8), Array("flag".utf8), Array("=nokey".utf8), [], Array("e=".utf8),
        ])
        #expect(attributes == ["network": "One", "flag": "", "e": ""])
    }
}
