#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TerminalHarness
import IRCProtocol
import Testing

/// `--metrics`: the binary serves Prometheus text that parses and tells the truth.
@Suite struct MetricsTests {
    /// One HTTP GET over a plain socket; returns the status line and the body.
    func get(port: Int, path: String) throws -> (String, String) {
        let c = try TestClient(port: port)
        c.sendRaw(Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
        var lines: [String] = []
        while let line = try c.readLine() { lines.append(line) }
        let blank = lines.firstIndex(of: "") ?? lines.count
        return (lines.first ?? "", lines[min(blank + 1, lines.count)...].joined(separator: "\n"))
    }

    /// `name value` pairs of the exposition format; throws on any line that is not valid.
    func parse(_ text: String) throws -> [String: Double] {
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let value = Double(parts[1]),
                  let first = parts[0].first, first.isLetter || first == "_",
                  parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }) else {
                throw TestClientError(description: "not a metric line: \(line)")
            }
            values[String(parts[0])] = value
        }
        return values
    }

    @Test func scrapeParsesAndCountsConnectionsAndMessages() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tk-metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = try freePort(), metricsPort = try freePort()
        let pid = try Spawn.background([serverBinary().path, "--listen", "127.0.0.1:\(port)", "--db", dir.appendingPathComponent("m.sqlite").path,
                                       "--metrics", "127.0.0.1:\(metricsPort)"])
        defer {
            kill(pid, SIGKILL)
            var st: Int32 = 0
            waitpid(pid, &st, 0)
        }
        var client: TestClient?
        for _ in 0..<200 where client == nil {
            client = try? TestClient(port: port)
            if client == nil { usleep(50_000) }
        }
        let c = try #require(client)
        try c.register("counter", caps: ["echo-message"])
        c.send("JOIN #metrics")
        try c.expect("366")
        for i in 1...5 { c.send("PRIVMSG #metrics :m\(i)") }
        try c.read(until: { $0.command == "PRIVMSG" && $0.parameters[1] == "m5" })

        // The sampler runs once a second: wait (bounded) until it has seen the messages.
        var values: [String: Double] = [:]
        for _ in 0..<100 {
            let (status, body) = try get(port: metricsPort, path: "/metrics")
            #expect(status.hasPrefix("HTTP/1.1 200"))
            values = try parse(body)
            if values["tachikoma_messages_persisted"] == 5 { break }
            usleep(100_000)
        }
        #expect(values["tachikoma_connections"] == 1)
        #expect(values["tachikoma_registered_users"] == 1)
        #expect(values["tachikoma_channels"] == 1)
        #expect(values["tachikoma_messages_received"] == 5)
        #expect(values["tachikoma_messages_persisted"] == 5)
        #expect((values["process_cpu_seconds"] ?? 0) > 0)
        #expect((values["process_resident_memory_bytes"] ?? 0) > 1_000_000)
        #expect(values["tachikoma_accounts"] == 0)
        #expect(values.keys.contains("tachikoma_messages_per_second"))
        #expect(try get(port: metricsPort, path: "/nope").0.hasPrefix("HTTP/1.1 404"))
    }
}
