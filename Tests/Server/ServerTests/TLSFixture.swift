#if canImport(Glibc)
import Glibc
#endif
import Foundation
import IRCProtocol
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import TerminalHarness

/// A throwaway certificate authority made with the `openssl` command in a temporary folder,
/// and the server certificates it signs for `localhost` / 127.0.0.1.
struct TestCertificates {
    let directory: URL
    /// The CA certificate (PEM) the test clients trust.
    let ca: String
    private let caKey: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tk-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        ca = directory.appendingPathComponent("ca.pem").path
        caKey = directory.appendingPathComponent("ca.key").path
        try Self.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=Tachikoma Test CA", "-days", "2",
                          "-keyout", caKey, "-out", ca])
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// A server certificate for `localhost` with organisation `organization`, signed by the CA;
    /// `expired` makes one whose validity ended in 2020.
    func issue(_ name: String, organization: String, expired: Bool = false) throws -> (cert: String, key: String) {
        let key = directory.appendingPathComponent("\(name).key").path
        let csr = directory.appendingPathComponent("\(name).csr").path
        let cert = directory.appendingPathComponent("\(name).pem").path
        try Self.openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=localhost/O=\(organization)",
                          "-keyout", key, "-out", csr])
        if expired {
            // `x509 -days` cannot go back in time; `openssl ca` takes explicit dates.
            let db = directory.appendingPathComponent("ca-db-\(name)")
            try FileManager.default.createDirectory(at: db, withIntermediateDirectories: true)
            try "".write(to: db.appendingPathComponent("index.txt"), atomically: true, encoding: .utf8)
            try "01\n".write(to: db.appendingPathComponent("serial"), atomically: true, encoding: .utf8)
            let config = db.appendingPathComponent("ca.cnf")
            try """
            [ca]
            default_ca = d
            [d]
            database = \(db.path)/index.txt
            new_certs_dir = \(db.path)
            serial = \(db.path)/serial
            default_md = sha256
            policy = p
            [p]
            commonName = supplied
            organizationName = optional
            """.write(to: config, atomically: true, encoding: .utf8)
            try Self.openssl(["ca", "-batch", "-config", config.path, "-cert", ca, "-keyfile", caKey,
                              "-startdate", "20200101000000Z", "-enddate", "20200102000000Z", "-in", csr, "-out", cert])
        } else {
            let ext = directory.appendingPathComponent("\(name).ext")
            try "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(to: ext, atomically: true, encoding: .utf8)
            try Self.openssl(["x509", "-req", "-in", csr, "-CA", ca, "-CAkey", caKey, "-CAcreateserial", "-days", "2",
                              "-extfile", ext.path, "-out", cert])
        }
        return (cert, key)
    }

    private static func openssl(_ arguments: [String]) throws {
        let r = try Spawn.run(["openssl"] + arguments)
        guard r.status == 0 else { throw TestClientError(description: "openssl \(arguments[0]) failed: \(r.stderr)") }
    }
}

/// An IRC client over TLS (swift-nio-ssl) that trusts only the test CA; lines are collected
/// by the channel and read with generous bounds, like `TestClient`.
///
/// Every call blocks its thread instead of suspending: a test that suspends between its
/// connect and its NICK/USER can wait behind other tests for the cooperative pool (two
/// threads on two cores) longer than the server's registration timeout, and fail for it
/// (seen in a loaded full run). Blocking keeps the thread until the test is done with it.
final class TLSTestClient {
    private let channel: any Channel
    private let inbox: NIOLockedValueBox<Inbox>
    private var consumed = 0
    /// The organisation (O=) of the certificate the server presented.
    let peerOrganization: String?

    struct Inbox {
        var lines: [String] = []
        var partial: [UInt8] = []
        var handshakeDone = false
        var closed = false
        var peerOrganization: String?
    }

    /// Connects to 127.0.0.1:`port` as `localhost` and completes the handshake.
    init(port: Int, trusting ca: String) throws {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .file(ca)
        configuration.minimumTLSVersion = .tlsv12
        let context = try NIOSSLContext(configuration: configuration)
        let inbox = NIOLockedValueBox(Inbox())
        self.inbox = inbox
        channel = try ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: "localhost"))
                    try channel.pipeline.syncOperations.addHandler(LineCollector(inbox: inbox))
                }
            }
            .connect(host: "127.0.0.1", port: port).wait()
        let deadline = Date().addingTimeInterval(10)
        while !inbox.withLockedValue({ $0.handshakeDone || $0.closed }) {
            guard Date() < deadline else { throw TestClientError(description: "no TLS handshake within 10s") }
            usleep(10_000)
        }
        guard inbox.withLockedValue({ $0.handshakeDone }) else {
            throw TestClientError(description: "the TLS handshake failed")
        }
        peerOrganization = inbox.withLockedValue { $0.peerOrganization }
    }

    deinit { channel.close(promise: nil) }

    /// Sends one line (CR LF added).
    func send(_ line: String) {
        channel.writeAndFlush(ByteBuffer(string: line + "\r\n"), promise: nil)
    }

    /// Reads until a message satisfies `predicate`; earlier messages are returned too.
    @discardableResult
    func read(until predicate: (IRCMessage) -> Bool, timeout: Double = 10) throws -> [IRCMessage] {
        var seen: [IRCMessage] = []
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let (lines, closed) = inbox.withLockedValue { ($0.lines, $0.closed) }
            while consumed < lines.count {
                let message = try IRCMessage(parsing: lines[consumed])
                consumed += 1
                seen.append(message)
                if predicate(message) { return seen }
            }
            if closed { throw TestClientError(description: "TLS connection closed; saw \(lines.suffix(8))") }
            guard Date() < deadline else { throw TestClientError(description: "nothing expected within \(timeout)s; saw \(lines.suffix(8))") }
            usleep(10_000)
        }
    }

    /// Reads until a message with `command` arrives and returns it.
    @discardableResult
    func expect(_ command: String) throws -> IRCMessage {
        try read(until: { $0.command == command }).last!
    }

    /// Registers as `nick` and reads through the MOTD.
    @discardableResult
    func register(_ nick: String) throws -> [IRCMessage] {
        send("NICK \(nick)")
        send("USER \(nick) 0 * :TLS test")
        return try read(until: { $0.command == "376" || $0.command == "422" })
    }

    /// Sends PING and reads until its PONG.
    @discardableResult
    func sync(_ token: String = "sync") throws -> [IRCMessage] {
        send("PING \(token)")
        return try read(until: { $0.command == "PONG" && $0.parameters.last == token })
    }
}

/// Splits decrypted bytes into lines for `TLSTestClient` and notes the handshake and close.
private final class LineCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let inbox: NIOLockedValueBox<TLSTestClient.Inbox>

    init(inbox: NIOLockedValueBox<TLSTestClient.Inbox>) {
        self.inbox = inbox
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data).readableBytesView
        inbox.withLockedValue { box in
            box.partial += bytes
            while let nl = box.partial.firstIndex(of: 0x0A) {
                var line = Array(box.partial[..<nl])
                box.partial.removeFirst(nl + 1)
                if line.last == 0x0D { line.removeLast() }
                box.lines.append(String(decoding: line, as: UTF8.self))
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls {
            // Read the certificate now, while the TLS handler is surely in the pipeline.
            let certificate = try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self).peerCertificate
            let organization = certificate?.subjectName.first { $0.type == .organization }?.value
            inbox.withLockedValue {
                $0.peerOrganization = organization
                $0.handshakeDone = true
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        inbox.withLockedValue { $0.closed = true }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// The text a file has gained, for tests that wait on a server's log.
func waitForLog(_ path: String, containing text: String, occurrences: Int = 1, timeout: Double = 20) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        let log = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        if log.components(separatedBy: text).count - 1 >= occurrences { return log }
        guard Date() < deadline else {
            throw TestClientError(description: "the log never said '\(text)' \(occurrences)×; it says:\n\(log)")
        }
        usleep(20_000)
    }
}
