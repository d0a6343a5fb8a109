import ChatCore
import ChatNIO
import Foundation
import Logging
import ServerCore
import ServerNIO
import Testing

/// Our chat client over TLS against our own server's native TLS listener, the certificate
/// trusted through the client's custom trust roots; a plaintext user on the same server.
@Suite(.serialized) struct OwnServerTLSTests {
    @Test func chatClientTalksToTachikomaServerOverTLS() async throws {
        let dir = try ServerProcess.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (cert, key) = try TLSTests().certificate(in: dir)
        let store = try TLSContextStore(certificatePath: cert, keyPath: key)
        var config = ServerConfig()
        config.serverName = "tachikoma.tls"
        config.maxConnectionsPerIP = 0
        var logger = Logger(label: "tachikoma.chat-tls-test-server")
        logger.logLevel = .error
        let server = try await IRCServer.start(
            config: config,
            listeners: [IRCListener(host: "127.0.0.1", port: 0), IRCListener(host: "127.0.0.1", port: 0, tls: store)],
            logger: logger)

        var secureConfig = ChatConfig(host: "localhost", port: server.ports[1], useTLS: true, nick: "tlsuser")
        secureConfig.tlsTrustRoots = cert
        let secure = Observed(secureConfig)
        let plain = Observed(ChatConfig(port: server.ports[0], nick: "plainuser"))
        secure.client.start()
        plain.client.start()
        try await secure.until("online over TLS with the plain user in the room") {
            $0.phase == .online && $0.sees("plainuser", in: "#tachikoma")
        }
        secure.client.perform(.say(target: "#tachikoma", text: "native TLS 🔐", action: false))
        try await plain.until("the plain user reads it") { $0.texts("#tachikoma").contains("native TLS 🔐") }
        plain.client.perform(.say(target: "tlsuser", text: "private, in the clear on my side", action: false))
        try await secure.until("the TLS user reads it") { $0.texts("plainuser").contains("private, in the clear on my side") }

        // Without the certificate among its trust roots the client refuses the server.
        let doubter = Observed(ChatConfig(host: "localhost", port: server.ports[1], useTLS: true, nick: "doubter"))
        doubter.client.start()
        let refused = try await doubter.until("the handshake fails") { s in
            s.buffers[0].lines.contains { $0.kind == .error && $0.text.hasPrefix("Disconnected") }
        }
        #expect(refused.phase != .online)
        await doubter.client.stop()
        await secure.client.stop()
        await plain.client.stop()
        await server.shutdown()
    }
}
