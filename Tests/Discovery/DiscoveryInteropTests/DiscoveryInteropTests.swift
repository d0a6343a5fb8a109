import Foundation
import TerminalHarness
import Testing

/// Issue 18 across a real link: our server announces in host A, python-zeroconf (an
/// independent implementation) browses in host B; python-zeroconf publishes in host B and
/// `tachikoma servers` lists it in host A. Each test makes its own namespaces and deletes them.
@Suite(.serialized) struct DiscoveryInteropTests {
    let work: String

    init() throws {
        work = NSTemporaryDirectory() + "tk-mdns-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let check = try Spawn.run(["python3", "-c", "import zeroconf; print(zeroconf.__version__)"])
        guard check.status == 0 else {
            throw NetworkNamespaces.Failure(description: """
                python-zeroconf is missing (PyPI `zeroconf`): run `make deps-test` \
                (scripts/install-deps.sh test). \(check.stderr)
                """)
        }
    }

    func write(_ text: String, to name: String) throws -> String {
        let path = work + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A self-signed certificate for the TLS listener (openssl, as the TLS tests use).
    func makeCertificate() throws -> (cert: String, key: String) {
        let cert = work + "/cert.pem", key = work + "/key.pem"
        let result = try Spawn.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                                    "-days", "2", "-subj", "/CN=interop.test"])
        guard result.status == 0 else { throw NetworkNamespaces.Failure(description: "openssl: \(result.stderr)") }
        return (cert, key)
    }

    struct Found: Decodable {
        let type: String
        let name: String
        let addresses: [String]
        let port: Int
        let server: String
        let txt: [String: String?]
    }

    func found(in log: String) -> [Found] {
        log.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("FOUND ") else { return nil }
            return try? JSONDecoder().decode(Found.self, from: Data(line.dropFirst(6).utf8))
        }
    }

    @Test func ourAnnouncementIsSeenByZeroconfAndWithdrawnOnShutdown() throws {
        defer { try? FileManager.default.removeItem(atPath: work) }
        let hosts = try NetworkNamespaces(subnet: 201)
        defer { hosts.remove() }
        let (cert, key) = try makeCertificate()
        let config = try write("""
            [server]
            name = "irc.interop"
            network = "InteropNet"
            listen = ["0.0.0.0:6667", "127.0.0.1:6668"]
            db = "\(work)/server.sqlite"
            announce = true

            [tls]
            listen = ["0.0.0.0:6697"]
            cert = "\(cert)"
            key = "\(key)"
            """, to: "server.toml")
        let browseLog = work + "/browse.log"
        let browser = try hosts.start(in: hosts.nameB, ["/usr/bin/env", "python3", try write(ZeroconfScripts.browse, to: "browse.py"),
                                                        browseLog, hosts.addressB], log: work + "/browse.err")
        try waitUntil("python-zeroconf to browse", timeout: 20) { contents(browseLog).contains("BROWSING") }

        let serverLog = work + "/server.log"
        let server = try hosts.start(in: hosts.nameA, [Products.path("tachikoma-server"), "--config", config], log: serverLog)
        try waitUntil("python-zeroconf to resolve both services (\(contents(work + "/browse.err")))", timeout: 30) {
            Set(found(in: contents(browseLog)).map(\.type)) == ["_irc._tcp.local.", "_ircs-u._tcp.local."]
        }
        let services = found(in: contents(browseLog))
        let plain = try #require(services.first { $0.type == "_irc._tcp.local." })
        #expect(plain.name == "irc.interop._irc._tcp.local.")
        #expect(plain.addresses == [hosts.addressA])
        #expect(plain.port == 6667)
        #expect(plain.server.hasPrefix("tachikoma-") && plain.server.hasSuffix(".local."))
        #expect(plain.txt == ["txtvers": "1", "network": "InteropNet", "tls": "6697", "accounts": "open"])
        let tls = try #require(services.first { $0.type == "_ircs-u._tcp.local." })
        #expect(tls.port == 6697 && tls.addresses == [hosts.addressA])
        // The loopback listener is never announced, and the log says so.
        #expect(!services.contains { $0.port == 6668 })
        #expect(contents(serverLog).contains("listener 127.0.0.1:6668 is loopback only: not announced"))

        // Hostile packets from host B: ignored, and the server still answers afterwards.
        let hostileLog = work + "/hostile.log"
        let sent = try hosts.run(in: hosts.nameB, ["python3", try write(ZeroconfScripts.hostile, to: "hostile.py"), hostileLog, hosts.addressB])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(contents(hostileLog).contains("SENT 207"))
        let listed = try hosts.run(in: hosts.nameB, [Products.path("tachikoma"), "servers", "--timeout", "2"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("irc.interop\t\(hosts.addressA):6667\tplain\tInteropNet\topen"))
        #expect(listed.stdout.contains("irc.interop\t\(hosts.addressA):6697\ttls\tInteropNet\topen"))
        #expect(hosts.isRunning(server))

        // SIGTERM: goodbye packets, so python-zeroconf drops both at once (not after TTLs).
        #expect(hosts.terminate(server) == 0)
        try waitUntil("python-zeroconf to see the goodbyes", timeout: 10) {
            let log = contents(browseLog)
            return log.contains("REMOVED _irc._tcp.local. irc.interop._irc._tcp.local.")
                && log.contains("REMOVED _ircs-u._tcp.local. irc.interop._ircs-u._tcp.local.")
        }
        hosts.terminate(browser)
    }

    @Test func aZeroconfServiceIsListedByTachikomaServers() throws {
        defer { try? FileManager.default.removeItem(atPath: work) }
        let hosts = try NetworkNamespaces(subnet: 202)
        defer { hosts.remove() }
        let publishLog = work + "/publish.log"
        let publisher = try hosts.start(in: hosts.nameB, ["/usr/bin/env", "python3", try write(ZeroconfScripts.publish, to: "publish.py"),
                                                          publishLog, hosts.addressB], log: work + "/publish.err")
        try waitUntil("python-zeroconf to register (\(contents(work + "/publish.err")))", timeout: 30) {
            contents(publishLog).contains("REGISTERED")
        }
        let result = try hosts.run(in: hosts.nameA, [Products.path("tachikoma"), "servers", "--timeout", "3"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines == [
            "Zeroconf Peer\t\(hosts.addressB):7000\tplain\tPyNet\t-",
            "Zeroconf Peer\t\(hosts.addressB):7001\ttls\tPyNet\topen",
        ])
        hosts.terminate(publisher)

        // Nothing announced on the link: exit status 1 and a sentence on standard error.
        let none = try hosts.run(in: hosts.nameB, [Products.path("tachikoma"), "servers", "--timeout", "1"])
        #expect(none.status == 1)
        #expect(none.stdout.isEmpty)
        #expect(none.stderr.contains("no chat server announced on the local network"))
    }
}
