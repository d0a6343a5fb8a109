import Foundation
import TerminalHarness
import Testing

/// Issue 18, must show 3, with Avahi as the independent implementation: "Our announcement is
/// seen by python-zeroconf (PyPI `zeroconf`) and by Avahi's `avahi-browse` where an Avahi
/// daemon can run; a service published by python-zeroconf is listed by our pet." Avahi runs in
/// host B on a private D-Bus bus (see `AvahiDaemon`); our server or pet runs in host A, across
/// the veth link. A machine where avahi-daemon cannot run fails with the reason.
@Suite(.serialized) struct AvahiInteropTests {
    let work: String

    init() throws {
        work = NSTemporaryDirectory() + "tk-avahi-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    }

    /// Polls `avahi-browse -r -t -p type` (about a second a run) until `condition` holds for
    /// what it resolved, or fails after `timeout` seconds with its last output.
    func browse(_ avahi: AvahiDaemon, _ type: String, until what: String, timeout: Double,
                _ condition: ([AvahiService]) -> Bool) throws -> [AvahiService] {
        var last: (services: [AvahiService], result: Spawn.Result)?
        do {
            try waitUntil(what, timeout: timeout) {
                let run = try avahi.browse(type)
                last = run
                return run.result.status == 0 && condition(run.services)
            }
        } catch {
            throw NetworkNamespaces.Failure(description: """
                \(error); last avahi-browse: status \(last?.result.status ?? -1), \
                stdout \(last?.result.stdout ?? ""), stderr \(last?.result.stderr ?? "")
                """)
        }
        return last?.services ?? []
    }

    /// The lines of avahi-daemon's `--debug` log that complain about a packet or a record.
    func complaints(in log: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter { line in
            let l = line.lowercased()
            return l.contains("invalid") || l.contains("conflict") || l.contains("malformed") || l.contains("failed to parse")
        }
    }

    @Test func ourAnnouncementIsResolvedByAvahiBrowseAndWithdrawnOnShutdown() throws {
        defer { try? FileManager.default.removeItem(atPath: work) }
        let hosts = try NetworkNamespaces(subnet: 205)
        defer { hosts.remove() }
        let avahi = try AvahiDaemon(hosts: hosts, namespace: hosts.nameB, interface: hosts.interfaceB, directory: work + "/avahi")
        defer { avahi.stop() }

        let serverLog = work + "/server.log"
        let server = try hosts.start(in: hosts.nameA, [Products.path("tachikoma-server"), "--listen", "0.0.0.0:6667", "--announce",
                                                       "--db", "none", "--name", "avahi.test"], log: serverLog)
        try waitUntil("the server to announce (\(contents(serverLog)))", timeout: 20) {
            contents(serverLog).contains("announced on the local network")
        }
        let services = try browse(avahi, "_irc._tcp", until: "avahi-browse to resolve avahi.test", timeout: 30) { found in
            found.contains { $0.name == "avahi.test" }
        }
        #expect(services.count == 1, "\(services)")
        let ours = try #require(services.first { $0.name == "avahi.test" })
        #expect(ours.type == "_irc._tcp" && ours.domain == "local")
        #expect(ours.interface == hosts.interfaceB && ours.proto == "IPv4")
        #expect(ours.address == hosts.addressA)
        #expect(ours.port == 6667)
        #expect(ours.host.hasPrefix("tachikoma-") && ours.host.hasSuffix(".local"), "\(ours.host)")
        #expect(ours.txt.count == 3 && Set(ours.txt) == ["txtvers=1", "network=Tachikoma", "accounts=closed"], "\(ours.txt)")
        // No TLS listener, so no _ircs-u._tcp service.
        let secure = try avahi.browse("_ircs-u._tcp")
        #expect(secure.result.status == 0 && secure.services.isEmpty, "\(secure.result.stdout) \(secure.result.stderr)")
        // Avahi accepted every packet and record of ours without a word.
        #expect(complaints(in: contents(avahi.log)).isEmpty, "\(complaints(in: contents(avahi.log)))")

        // SIGTERM: goodbye packets (TTL 0), so Avahi drops the service within about a second
        // (RFC 6762 §10.1) instead of keeping it for the record's TTL (minutes).
        #expect(hosts.terminate(server) == 0)
        _ = try browse(avahi, "_irc._tcp", until: "avahi-browse to forget avahi.test after the goodbyes", timeout: 10) { found in
            !found.contains { $0.name == "avahi.test" }
        }
        #expect(complaints(in: contents(avahi.log)).isEmpty, "\(complaints(in: contents(avahi.log)))")
    }

    @Test func anAvahiServiceIsListedByTachikomaServers() throws {
        defer { try? FileManager.default.removeItem(atPath: work) }
        let hosts = try NetworkNamespaces(subnet: 206)
        defer { hosts.remove() }
        // A static service file, as an Avahi host's /etc/avahi/services would hold.
        let peer = """
            <?xml version="1.0" standalone='no'?>
            <!DOCTYPE service-group SYSTEM "avahi-service.dtd">
            <service-group>
              <name>Avahi Peer</name>
              <service>
                <type>_irc._tcp</type>
                <port>6697</port>
                <txt-record>network=AvahiNet</txt-record>
              </service>
              <service>
                <type>_ircs-u._tcp</type>
                <port>7697</port>
                <txt-record>network=AvahiNet</txt-record>
                <txt-record>accounts=open</txt-record>
              </service>
            </service-group>
            """
        let avahi = try AvahiDaemon(hosts: hosts, namespace: hosts.nameB, interface: hosts.interfaceB, directory: work + "/avahi",
                                    services: ["peer.service": peer])
        defer { avahi.stop() }

        let result = try hosts.run(in: hosts.nameA, [Products.path("tachikoma"), "servers", "--timeout", "3"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines == [
            "Avahi Peer\t\(hosts.addressB):6697\tplain\tAvahiNet\t-",
            "Avahi Peer\t\(hosts.addressB):7697\ttls\tAvahiNet\topen",
        ], "\(result.stdout)")
        // Our queries and replies did not upset Avahi either.
        #expect(complaints(in: contents(avahi.log)).isEmpty, "\(complaints(in: contents(avahi.log)))")
    }
}
