#if canImport(Glibc)
import Glibc
#endif
import ChatCore
import ChatNIO
import Foundation
import IRCProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ServerCore
import ServerNIO
import TerminalHarness

struct FixtureError: Error, CustomStringConvertible {
    let description: String
}

/// A chat client under test and the latest state it reported.
final class Observed: Sendable {
    let client: ChatClient
    private let latest = NIOLockedValueBox<ChatSession?>(nil)
    private let allNotices = NIOLockedValueBox<[ChatNotice]>([])

    init(_ config: ChatConfig, backoff: ReconnectBackoff = ReconnectBackoff(base: 0.05, cap: 0.5)) {
        let latest = self.latest
        let allNotices = self.allNotices
        client = ChatClient(config: config, seed: 1, backoff: backoff, tickInterval: .milliseconds(100)) { update in
            latest.withLockedValue { $0 = update.session }
            allNotices.withLockedValue { $0 += update.notices }
        }
    }

    var notices: [ChatNotice] { allNotices.withLockedValue { $0 } }

    /// Waits (bounded, generously: the whole suite runs in parallel on two cores) until the
    /// reported session satisfies `condition`.
    @discardableResult
    func until(_ what: String, timeout: Double = 60, _ condition: (ChatSession) -> Bool) async throws -> ChatSession {
        // The last look comes after the deadline: a task starved of the cooperative pool by
        // blocking tests may wake only after it, and must not fail on a condition that holds.
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let expired = Date() >= deadline
            if let s = latest.withLockedValue({ $0 }), condition(s) { return s }
            if expired { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let s = latest.withLockedValue { $0 }
        let lines = s?.buffers.flatMap { b in b.lines.suffix(6).map { "\(b.name): <\($0.sender)> \($0.text)" } } ?? []
        throw FixtureError(description: "timed out waiting for \(what); phase \(String(describing: s?.phase)); lines \(lines)")
    }

    func lines(_ buffer: String, in s: ChatSession) -> [ChatLine] {
        s.bufferIndex(buffer).map { s.buffers[$0].lines } ?? []
    }
}

extension ChatSession {
    /// Whether we are in `channel` and `nick` is there too.
    func sees(_ nick: String, in channel: String) -> Bool {
        guard let i = bufferIndex(channel) else { return false }
        return buffers[i].joined && buffers[i].members.keys.contains { caseMapping.equal($0, nick) }
    }

    func texts(_ buffer: String) -> [String] {
        bufferIndex(buffer).map { buffers[$0].lines.filter { $0.kind == .message || $0.kind == .action }.map(\.text) } ?? []
    }
}

enum Ports {
    /// A loopback port that was free a moment ago.
    static func free() throws -> Int { try Loopback.freePort() }

    /// Waits until something accepts connections on `port`.
    /// Like `Observed.until`, it looks once more after the deadline.
    static func waitListening(_ port: Int, timeout: Double = 20) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let expired = Date() >= deadline
            if Loopback.answers(port) { return }
            if expired { break }
            try await Task.sleep(for: .milliseconds(30))
        }
        throw FixtureError(description: "nothing listens on port \(port)")
    }
}

/// A server process (ours or ngIRCd) that is killed when the test ends.
final class ServerProcess {
    private var pid: pid_t
    let port: Int
    let directory: URL

    init(executable: String, arguments: [String], port: Int, directory: URL) throws {
        self.port = port
        self.directory = directory
        pid = try Spawn.background([executable] + arguments, stderrPath: directory.appendingPathComponent("server.log").path)
    }

    deinit { kill() }

    /// SIGKILL, and reap it.
    func kill() {
        Spawn.killAndReap(pid)
        pid = 0
    }

    static func tempDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chat-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Our `tachikoma-server` executable on `port`.
    static func tachikoma(port: Int, directory: URL) throws -> ServerProcess {
        try ServerProcess(executable: Products.path("tachikoma-server"),
                          arguments: ["--listen", "127.0.0.1:\(port)", "--name", "tachikoma.test",
                                      "--db", directory.appendingPathComponent("db.sqlite").path],
                          port: port, directory: directory)
    }

    /// Debian's ngIRCd in the foreground with a minimal configuration on `port`.
    static func ngircd(port: Int, directory: URL, tls: (port: Int, cert: String, key: String)? = nil) throws -> ServerProcess {
        let conf = directory.appendingPathComponent("ngircd.conf")
        let ssl = tls.map { "[SSL]\nCertFile = \($0.cert)\nKeyFile = \($0.key)\nPorts = \($0.port)\n" } ?? ""
        try """
        [Global]
        Name = ngircd.test
        Info = Tachikoma test server
        Listen = 127.0.0.1
        Ports = \(port)
        MotdPhrase = hello from ngIRCd
        [Limits]
        MaxNickLength = 30
        [Options]
        DNS = no
        Ident = no
        PAM = no
        \(ssl)
        """.write(to: conf, atomically: true, encoding: .utf8)
        return try ServerProcess(executable: "/usr/sbin/ngircd", arguments: ["-n", "-f", conf.path], port: port, directory: directory)
    }
}

enum InProcessServer {
    /// Our server in this process on an ephemeral loopback port.
    static func start() async throws -> IRCServer {
        var config = ServerConfig()
        config.serverName = "tachikoma.test"
        config.maxConnectionsPerIP = 0
        var logger = Logger(label: "tachikoma.chat-test-server")
        logger.logLevel = .error
        return try await IRCServer.start(config: config, listen: [(host: "127.0.0.1", port: 0)], logger: logger)
    }
}


