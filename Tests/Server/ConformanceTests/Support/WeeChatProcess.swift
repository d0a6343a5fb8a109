#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TerminalHarness

/// Debian's WeeChat (`weechat-headless`, packages weechat-headless and weechat-plugins) as a
/// child process, for interop tests: its own temporary home, only the irc, logger and fifo
/// plugins, one IRC server "tk" on loopback. Commands go in through its FIFO (what a user
/// would type in a buffer); what it shows is read back from the logger's files. Killed and
/// reaped, and its home removed, by `stop()` or when released.
///
/// Two things make the difference between this working and "WeeChat never joined":
/// - the logger writes its files only every `logger.file.flush_delay` seconds (120 by
///   default): until then the files exist but are empty, so this sets it to 0;
/// - `--dir` gives WeeChat a home of its own (no ~/.weechat or XDG folders touched) and puts
///   the FIFO there as `weechat_fifo_<pid>`.
/// weechat-headless does not fork (that needs `--daemon`), so the pid spawned is WeeChat's.
final class WeeChatProcess: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// The server's name inside WeeChat; buffers are `irc.server.tk` and `irc.tk.<target>`.
    static let serverName = "tk"
    let home: URL
    private(set) var pid: pid_t = 0
    private var exitStatus: Int32?

    struct Login {
        var nick: String
        var user: String
        var realname: String
        /// `irc.server.tk.sasl_mechanism`: plain, scram-sha-256, …
        var mechanism: String
        var account: String
        var password: String
        /// `irc.server.tk.sasl_fail`: what WeeChat does when SASL fails.
        var saslFail = "disconnect"
        var autojoin = ""
    }

    /// Starts WeeChat and has it connect to 127.0.0.1:`port` (plain TCP) with `login`.
    init(port: Int, login: Login) throws {
        home = FileManager.default.temporaryDirectory
            .appendingPathComponent("tk-weechat-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let server = "irc.server.\(Self.serverName)"
        // Each -r is run in order once the plugins are loaded; a value is quoted so that it
        // is taken whole. TLS is off by default in WeeChat 3.8 (option "ssl") but on in 4.x
        // (renamed "tls"): both are set, and the one that does not exist is only a warning.
        let commands = [
            "/set logger.file.flush_delay 0",
            "/server add \(Self.serverName) 127.0.0.1/\(port)",
            "/set \(server).ssl off",
            "/set \(server).tls off",
            "/set \(server).nicks \"\(login.nick)\"",
            "/set \(server).username \"\(login.user)\"",
            "/set \(server).realname \"\(login.realname)\"",
            "/set \(server).sasl_mechanism \(login.mechanism)",
            "/set \(server).sasl_username \"\(login.account)\"",
            "/set \(server).sasl_password \"\(login.password)\"",
            "/set \(server).sasl_fail \(login.saslFail)",
            "/set \(server).autoreconnect off",
            "/set \(server).autojoin \"\(login.autojoin)\"",
            "/connect \(Self.serverName)",
        ]
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/weechat-headless") else {
            throw Failure(description: "/usr/bin/weechat-headless missing: scripts/install-deps.sh test (package weechat-headless)")
        }
        // No --stdout: WeeChat's own log goes to <home>/weechat.log, shown when a wait fails.
        pid = try Spawn.background(["/usr/bin/weechat-headless", "--dir", home.path, "--no-script", "--plugins", "irc,logger,fifo"]
                                       + commands.flatMap { ["-r", $0] },
                                   stderrPath: home.appendingPathComponent("stderr.txt").path)
    }

    deinit { stop() }

    /// Kills WeeChat if it still runs (SIGKILL), reaps it and removes its home; safe twice.
    func stop() {
        if pid > 0 && exitStatus == nil { Spawn.killAndReap(pid) }
        pid = 0
        try? FileManager.default.removeItem(at: home)
    }

    var fifoPath: String { home.appendingPathComponent("weechat_fifo_\(pid)").path }

    /// Runs `text` in WeeChat's buffer `buffer` (full name, e.g. `irc.tk.#chan` or
    /// `irc.server.tk`) as if typed there: a message, or a command starting with "/".
    func type(_ text: String, in buffer: String, timeout: Double = 30) throws {
        let line = Array("\(buffer) *\(text)\n".utf8)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            // O_NONBLOCK: the open fails (ENXIO, or ENOENT before the plugin made the FIFO)
            // instead of blocking while WeeChat has no reader on it.
            let fd = open(fifoPath, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            if fd >= 0 {
                defer { Glibc.close(fd) }
                let n = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                guard n == line.count else { throw Failure(description: "short write to the FIFO: \(n)") }
                return
            }
            try checkRunning()
            if Date() > deadline { throw Failure(description: "no FIFO \(fifoPath) within \(timeout) s\n\(diagnostics)") }
            usleep(20_000)
        }
    }

    /// The lines the logger wrote for `buffer` so far, each split at tabs: date, prefix, message.
    func lines(of buffer: String) -> [[String]] {
        let file = home.appendingPathComponent("logs/\(buffer.lowercased()).weechatlog")
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Waits until a logged line of `buffer` satisfies `predicate` and returns it (fields as
    /// in `lines(of:)`); fails after `timeout` seconds, or at once if WeeChat has exited.
    @discardableResult
    func waitForLine(in buffer: String, timeout: Double = 30, where predicate: ([String]) -> Bool) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let line = lines(of: buffer).first(where: predicate) { return line }
            try checkRunning()
            if Date() > deadline { throw Failure(description: "no such line in \(buffer) within \(timeout) s\n\(diagnostics)") }
            usleep(20_000)
        }
    }

    /// Waits for WeeChat to exit (after `/quit`) and returns its exit status word.
    func waitForExit(timeout: Double = 30) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let status = reap() { return status }
            if Date() > deadline { throw Failure(description: "WeeChat still running after \(timeout) s\n\(diagnostics)") }
            usleep(20_000)
        }
    }

    /// WeeChat's exit status word once it has exited (reaping it then), else nil.
    private func reap() -> Int32? {
        if exitStatus == nil && pid > 0 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { exitStatus = status }
        }
        return exitStatus
    }

    /// Throws if WeeChat has exited: nothing it shows can change any more.
    private func checkRunning() throws {
        if let status = reap() { throw Failure(description: "WeeChat exited (status word \(status))\n\(diagnostics)") }
    }

    /// WeeChat's own log, its standard error and every buffer log, for a failure message.
    var diagnostics: String {
        var out = ""
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: home.appendingPathComponent("logs").path)) ?? [])
            .sorted().map { "logs/" + $0 } + ["weechat.log", "stderr.txt"]
        for name in files {
            let text = (try? String(contentsOf: home.appendingPathComponent(name), encoding: .utf8)) ?? "(none)"
            out += "--- \(name)\n\(text.suffix(4000))\n"
        }
        return out
    }
}
