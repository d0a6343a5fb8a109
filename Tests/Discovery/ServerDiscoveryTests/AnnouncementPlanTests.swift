import MDNS
import ServerDiscovery
import Testing

/// Which listeners are announced where, with which TXT (issue 18, item 1).
@Suite struct AnnouncementPlanTests {
    let eth0 = ServerAdvert.Interface(name: "eth0", address: IPv4Address("10.1.2.3")!, netmask: IPv4Address("255.255.255.0")!, multicast: true)
    let wlan = ServerAdvert.Interface(name: "wlan0", address: IPv4Address("192.168.7.20")!, netmask: IPv4Address("255.255.255.0")!, multicast: true)
    let lo = ServerAdvert.Interface(name: "lo", address: IPv4Address("127.0.0.1")!, netmask: IPv4Address("255.0.0.0")!, multicast: true)
    let tun = ServerAdvert.Interface(name: "tun0", address: IPv4Address("10.8.0.2")!, netmask: IPv4Address("255.255.255.255")!, multicast: false)

    func advert(_ listeners: [ServerAdvert.Listener], accounts: Bool = true) -> ServerAdvert {
        ServerAdvert(serverName: "irc.example", networkName: "Tachikoma", accountsOpen: accounts, listeners: listeners, hostLabel: "tachikoma-box")
    }

    @Test func loopbackOnlyIsNeverAnnounced() {
        let (plans, notes) = advert([.init(host: "127.0.0.1", port: 6667, tls: false)]).plans(interfaces: [lo, eth0])
        #expect(plans.isEmpty)
        #expect(notes == ["listener 127.0.0.1:6667 is loopback only: not announced"])
    }

    @Test func wildcardIsAnnouncedOnEveryMulticastInterfaceButLoopback() {
        let (plans, notes) = advert([.init(host: "0.0.0.0", port: 6667, tls: false)]).plans(interfaces: [lo, eth0, wlan, tun])
        #expect(plans.map(\.interfaceName) == ["eth0", "wlan0"])
        #expect(plans.map(\.address) == [eth0.address, wlan.address])
        #expect(plans[1].services.first?.addresses == [wlan.address])
        #expect(notes.isEmpty)
    }

    @Test func aSpecificAddressOnlyOnItsInterface() {
        let (plans, _) = advert([.init(host: "192.168.7.20", port: 6667, tls: false), .init(host: "127.0.0.1", port: 6668, tls: false)])
            .plans(interfaces: [eth0, wlan])
        #expect(plans.map(\.interfaceName) == ["wlan0"])
    }

    @Test func plainAndTLSGiveTwoInstancesWithTheTXT() throws {
        let (plans, _) = advert([.init(host: "0.0.0.0", port: 6667, tls: false), .init(host: "0.0.0.0", port: 6697, tls: true)], accounts: false)
            .plans(interfaces: [eth0])
        let services = try #require(plans.first?.services)
        #expect(services.map(\.serviceType) == [IRCServiceTypes.plain, IRCServiceTypes.tls])
        #expect(services.map(\.port) == [6667, 6697])
        #expect(services.allSatisfy { $0.instanceName == "irc.example" && $0.hostName == DNSName("tachikoma-box.local") })
        let txt = services[0].attributes.map { "\($0.key)=\($0.value)" }
        #expect(txt == ["txtvers=1", "network=Tachikoma", "tls=6697", "accounts=closed"])
    }

    @Test func tlsOnly() throws {
        let (plans, _) = advert([.init(host: "10.1.2.3", port: 6697, tls: true)]).plans(interfaces: [eth0])
        #expect(plans.first?.services.map(\.serviceType) == [IRCServiceTypes.tls])
    }

    @Test func ipv6AndHostNamesAreExplained() {
        let (plans, notes) = advert([.init(host: "::", port: 6667, tls: false), .init(host: "irc.lan", port: 6667, tls: false)])
            .plans(interfaces: [eth0])
        #expect(plans.isEmpty)
        #expect(notes.count == 2)
        #expect(notes.allSatisfy { $0.contains("only IPv4 mDNS") })
    }

    @Test func hostLabelsAreClean() {
        #expect(ServerAdvert.hostLabel(machineName: "My_Laptop.local") == "tachikoma-my-laptop-local")
        #expect(ServerAdvert.hostLabel(machineName: "") == "tachikoma")
        #expect(ServerAdvert.hostLabel(machineName: String(repeating: "x", count: 100)).utf8.count == 63)
    }

    @Test func longServerNamesAreCutAtACharacter() {
        let name = String(repeating: "塔", count: 30) // 90 bytes
        let cut = ServerAdvert(serverName: name, networkName: "", accountsOpen: true, listeners: [], hostLabel: "h").instanceName
        #expect(cut == String(repeating: "塔", count: 21))
    }
}

/// Found services as the pet lists them (issue 18, item 2).
@Suite struct DiscoveredServerTests {
    func found(_ type: DNSName, attributes: [String: String], addresses: [String] = ["10.1.2.3"]) -> DiscoveredService {
        DiscoveredService(instanceName: "irc.example", serviceType: type, hostName: DNSName("h.local"), port: 6697,
                          addresses: addresses.compactMap(IPv4Address.init), attributes: attributes)
    }

    @Test func tlsInstancesAreMarkedAndFormatted() throws {
        let servers = DiscoveredServer.servers(from: [
            found(IRCServiceTypes.tls, attributes: ["network": "Tachikoma", "accounts": "open"]),
            found(DNSName("_http._tcp.local"), attributes: [:]),
            found(IRCServiceTypes.plain, attributes: [:], addresses: []),
        ])
        let server = try #require(servers.first)
        #expect(servers.count == 1)
        #expect(server.tls && server.network == "Tachikoma" && server.accountsOpen == true)
        #expect(server.chatAddress == "10.1.2.3:+6697")
        #expect(server.scriptLine == "irc.example\t10.1.2.3:6697\ttls\tTachikoma\topen")
    }

    @Test func plainWithoutTXT() throws {
        var service = found(IRCServiceTypes.plain, attributes: [:])
        service.instanceName = "tab\there"
        let server = try #require(DiscoveredServer.servers(from: [service]).first)
        #expect(server.scriptLine == "tab here\t10.1.2.3:6697\tplain\t-\t-")
        #expect(server.chatAddress == "10.1.2.3:6697")
    }
}
