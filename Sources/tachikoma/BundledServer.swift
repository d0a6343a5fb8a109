#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The local `tachikoma-server` the pet starts when nothing answers on a loopback address,
/// so a newcomer can chat at once. It runs under a guard that stops it when the pet exits,
/// however the pet ends (see `ChildProcess.spawnGuarded`).
enum BundledServer {
    /// The pid of the server we started (0 when none); read by the exit handler.
    /// Written only on the chat controller's queue and read at exit, after that queue is idle.
    nonisolated(unsafe) static var pid: pid_t = 0
    /// The write end of the pipe whose closing stops the server (same thread rule as `pid`).
    nonisolated(unsafe) static var lifeline: Int32 = -1
    /// Whether the exit handler is installed (same thread rule as `pid`).
    nonisolated(unsafe) static var registeredExit = false

    /// Whether `host` is a loopback address we may start a server on.
    static func isLoopback(_ host: String) -> Bool {
        host == "127.0.0.1" || host == "localhost" || host == "::1"
    }

    /// Whether something accepts TCP connections on `host:port` right now.
    static func answers(host: String, port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &addr.sin_addr)
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// The server binary beside our own executable.
    static func binary() -> String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return (me as NSString).deletingLastPathComponent + "/tachikoma-server"
    }

    /// The database and log location: `$XDG_DATA_HOME/tachikoma`.
    static func dataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return base + "/tachikoma"
    }

    /// Starts the server on `port` and waits (bounded) until it answers; returns an error text on failure.
    static func start(port: Int) -> String? {
        if pid > 0 && !ChildProcess.hasExited(pid) { return nil }
        let path = binary()
        guard FileManager.default.isExecutableFile(atPath: path) else { return "no server at \(path)" }
        let dir = dataDirectory()
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        guard let (child, line) = ChildProcess.spawnGuarded([path, "--listen", "127.0.0.1:\(port)", "--db", dir + "/server.sqlite"],
                                                            outputPath: dir + "/server.log") else { return "cannot start \(path)" }
        pid = child
        lifeline = line
        if !registeredExit {
            registeredExit = true
            atexit { BundledServer.stop() }
        }
        for _ in 0..<100 {
            if answers(host: "127.0.0.1", port: port) { return nil }
            if ChildProcess.hasExited(child) {
                pid = 0
                close(lifeline)
                lifeline = -1
                return "the local server exited (see \(dir)/server.log)"
            }
            usleep(50_000)
        }
        return "the local server did not start"
    }

    /// Stops the server we started, if any.
    static func stop() {
        guard pid > 0 else { return }
        close(lifeline)
        lifeline = -1
        var status: Int32 = 0
        for _ in 0..<40 {
            if waitpid(pid, &status, WNOHANG) != 0 { break }
            usleep(50_000)
        }
        if waitpid(pid, &status, WNOHANG) == 0 {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
        }
        pid = 0
    }
}
