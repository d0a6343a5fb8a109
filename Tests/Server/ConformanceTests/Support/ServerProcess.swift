#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TerminalHarness

/// The real `tachikoma-server` binary, started for one test: a temporary TOML config, a
/// temporary SQLite database, a free loopback port; killed and its files removed when the
/// value is released (or `stop()` is called).
///
/// Nothing here knows the server's internals: accounts are created the way an operator
/// does (`tachikoma-server account add`), everything else goes over TCP.
final class ServerProcess: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { let description: String }

    let port: Int
    let directory: URL
    let logPath: String
    let databasePath: String
    let serverName = "conformance.test"
    private(set) var pid: pid_t = 0

    /// Starts a server. `extraTOML` is appended to the generated config (it may add tables
    /// such as `[accounts]`); `accounts` are created before the server starts.
    init(extraTOML: String = "", accounts: [(name: String, password: String)] = [], database: Bool = true) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tk-conf-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        logPath = directory.appendingPathComponent("server.log").path
        databasePath = database ? directory.appendingPathComponent("server.sqlite").path : "none"
        for account in accounts {
            try Self.addAccount(account.name, password: account.password, database: databasePath, in: directory)
        }
        var lastError = ""
        // A port found free can be taken before the server binds it: try a few.
        for _ in 0..<5 {
            let candidate = try Loopback.freePort()
            let config = directory.appendingPathComponent("server.toml")
            try """
            [server]
            name = "\(serverName)"
            network = "ConformanceNet"
            listen = ["127.0.0.1:\(candidate)"]
            db = "\(databasePath)"
            motd = ["conformance run"]

            [limits]
            flood_burst = 1000
            flood_rate = 1000
            flood_queue = 5000
            connections_per_ip = 0

            """.appending(extraTOML).write(to: config, atomically: true, encoding: .utf8)
            try? FileManager.default.removeItem(atPath: logPath)
            let child = try Spawn.background([Products.path("tachikoma-server"), "--config", config.path], stderrPath: logPath)
            if let (error, exited) = Self.waitReady(child, log: logPath) {
                if !exited { Spawn.killAndReap(child) }
                lastError = error
                continue
            }
            pid = child
            port = candidate
            return
        }
        try? FileManager.default.removeItem(at: directory)
        throw Failure(description: "tachikoma-server did not start: \(lastError)")
    }

    deinit { stop() }

    /// Kills the server (SIGKILL) and removes its files; safe to call twice.
    func stop() {
        if pid > 0 {
            Spawn.killAndReap(pid)
            pid = 0
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// What the server wrote to standard error so far (its log).
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// A connected client (not registered).
    func connect() throws -> LineClient { try LineClient(port: port) }

    /// `tachikoma-server account add NAME --db PATH`, the password on standard input.
    static func addAccount(_ name: String, password: String, database: String, in directory: URL) throws {
        let input = directory.appendingPathComponent("pw-\(name)")
        try (password + "\n").write(to: input, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: input) }
        let r = try Spawn.run([Products.path("tachikoma-server"), "account", "add", name, "--db", database], stdinPath: input.path)
        guard r.status == 0 else { throw Failure(description: "account add \(name) failed: \(r.stdout)\(r.stderr)") }
    }

    /// Waits for the "ready" log line; returns why it failed (and whether the child is
    /// already reaped), or nil.
    private static func waitReady(_ child: pid_t, log: String) -> (String, Bool)? {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if text.contains("tachikoma-server ready") { return nil }
            var status: Int32 = 0
            if waitpid(child, &status, WNOHANG) == child { return ("exited (status word \(status)): \(text)", true) }
            usleep(20_000)
        }
        return ("no 'ready' line within 30 s", false)
    }
}
