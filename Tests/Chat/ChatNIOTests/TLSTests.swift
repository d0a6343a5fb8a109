#if canImport(Glibc)
import Glibc
#endif
import ChatCore
import ChatNIO
import Foundation
import TerminalHarness
import Testing

/// The client over TLS (swift-nio-ssl) against ngIRCd with a self-signed certificate made
/// for the test.
@Suite(.serialized) struct TLSTests {
    func certificate(in dir: URL) throws -> (cert: String, key: String) {
        let cert = dir.appendingPathComponent("cert.pem").path
        let key = dir.appendingPathComponent("key.pem").path
        let r = try Spawn.run(["/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                               "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "2",
                               "-keyout", key, "-out", cert])
        guard r.status == 0 else { throw FixtureError(description: "openssl failed: \(r.stderr)") }
        // ngIRCd drops to `nobody` when started as root; it must still read the key.
        chmod(key, 0o644)
        chmod(dir.path, 0o755)
        return (cert, key)
    }

    @Test func chatsOverTLSAndRefusesAnUntrustedCertificate() async throws {
        let dir = try ServerProcess.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (cert, key) = try certificate(in: dir)
        let plain = try Ports.free()
        let tlsPort = try Ports.free()
        let ngircd = try ServerProcess.ngircd(port: plain, directory: dir, tls: (tlsPort, cert, key))
        defer { ngircd.kill() }
        try await Ports.waitListening(tlsPort)

        var trusted = ChatConfig(host: "localhost", port: tlsPort, useTLS: true, nick: "secure")
        trusted.tlsTrustRoots = cert
        let alice = Observed(trusted)
        let bob = Observed(ChatConfig(port: plain, nick: "plain"))
        alice.client.start()
        bob.client.start()
        try await alice.until("online over TLS") { $0.phase == .online && $0.sees("plain", in: "#tachikoma") }
        alice.client.perform(.say(target: "#tachikoma", text: "sent through TLS 🔒", action: false))
        try await bob.until("the plain user reads it") { $0.texts("#tachikoma").contains("sent through TLS 🔒") }
        bob.client.perform(.say(target: "#tachikoma", text: "and back", action: false))
        try await alice.until("and back") { $0.texts("#tachikoma").contains("and back") }

        // Without the certificate among the trust roots, the handshake fails and nothing is sent.
        let doubter = Observed(ChatConfig(host: "localhost", port: tlsPort, useTLS: true, nick: "doubter"))
        doubter.client.start()
        let refused = try await doubter.until("the handshake fails") { s in
            s.buffers[0].lines.contains { $0.kind == .error && $0.text.hasPrefix("Disconnected") }
        }
        #expect(refused.phase != .online)
        await doubter.client.stop()
        await alice.client.stop()
        await bob.client.stop()
    }
}
