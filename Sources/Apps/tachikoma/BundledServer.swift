#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import UserDirectories

/// The local `tachikoma-server` the pet starts when nothing answers on a loopback address,
/// so a newcomer can chat at once. Every pet of the user that chats on that address shares
/// it, and it stops with the last of them:
///
/// - each such pet holds a shared `flock` on `server-PORT.users` in the lock directory
///   (`$XDG_RUNTIME_DIR/tachikoma`) for as long as it lives; the kernel drops it when the pet
///   ends, however it ends (even SIGKILL);
/// - the server runs under a guard in a session of its own (`ChildProcess.spawnShared`)
///   that waits for the exclusive lock on that file and stops the server when it gets it:
///   when no pet is left;
/// - probing and starting happen under an exclusive lock on `server-PORT.start`, so two pets
///   started in the same second start one server: the second waits, then finds it answering;
/// - "Share my server on this network" restarts it on every address with `--announce` while
///   `server-PORT.share` exists; a server started afresh is never shared.
enum BundledServer {
    /// Our shared lock on the users file (-1 when none) and its port; held for the pet's life.
    /// Touched only on the chat controller's serial queue.
    nonisolated(unsafe) static var usersLock: Int32 = -1
    nonisolated(unsafe) static var usersLockPort = 0

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
        UserDirectories(environment: environment).tachikomaData
    }

    /// Where the locks live: `$XDG_RUNTIME_DIR/tachikoma` (private to the user), else a
    /// folder of the user's own under /tmp.
    static func lockDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let runtime = UserDirectories(environment: environment).runtimeDirectory { return runtime + "/tachikoma" }
        return "/tmp/tachikoma-\(getuid())"
    }

    /// Joins the users of the local server on `port`, starting it when nothing answers there.
    /// Returns nil when a server answers (ours, another pet's, or the user's own), else why not.
    static func ensure(port: Int) -> String? {
        let locks = lockDirectory()
        mkdir(locks, 0o700)
        let startLock = open(locks + "/server-\(port).start", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard startLock >= 0 else { return "cannot open the lock in \(locks): \(String(cString: strerror(errno)))" }
        defer { close(startLock) }
        // Another pet may be starting the server right now: wait for it (bounded).
        var locked = false
        for _ in 0..<300 {
            if flock(startLock, LOCK_EX | LOCK_NB) == 0 {
                locked = true
                break
            }
            usleep(50_000)
        }
        guard locked else { return "another pet holds \(locks)/server-\(port).start" }
        if usersLockPort != port {
            if usersLock >= 0 { close(usersLock) }
            usersLock = open(locks + "/server-\(port).users", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard usersLock >= 0, flock(usersLock, LOCK_SH) == 0 else {
                return "cannot lock \(locks)/server-\(port).users: \(String(cString: strerror(errno)))"
            }
            usersLockPort = port
        }
        if answers(host: "127.0.0.1", port: port) { return nil }
        // A new server is never shared, whatever an earlier one was: sharing lasts as long as
        // the server the person shared.
        unlink(locks + "/server-\(port).share")
        return start(port: port, usersLockPath: locks + "/server-\(port).users")
    }

    /// Whether the local server on `port` is offered to the local network (its flag file
    /// exists; every pet of the user sees the same).
    static func isShared(port: Int) -> Bool {
        access(lockDirectory() + "/server-\(port).share", F_OK) == 0
    }

    /// Offers the local server on `port` to the local network (`--listen 0.0.0.0:PORT
    /// --announce`: reachable from the LAN and announced over mDNS) or takes it back to
    /// loopback only, by restarting it with the other arguments. Its chat users reconnect
    /// by themselves. Returns nil on success, else why not.
    static func share(port: Int, _ on: Bool) -> String? {
        // Be one of its users first (and start it if none runs), so it outlives the restart.
        if let problem = ensure(port: port) { return problem }
        let locks = lockDirectory()
        mkdir(locks, 0o700)
        let flag = locks + "/server-\(port).share"
        let startLock = open(locks + "/server-\(port).start", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard startLock >= 0 else { return "cannot open the lock in \(locks): \(String(cString: strerror(errno)))" }
        defer { close(startLock) }
        guard flock(startLock, LOCK_EX) == 0 else { return "cannot lock \(locks)/server-\(port).start" }
        if on {
            guard FileManager.default.createFile(atPath: flag, contents: Data(), attributes: [.posixPermissions: 0o600]) else {
                return "cannot write \(flag)"
            }
        } else {
            unlink(flag)
        }
        // Stop the running server (SIGTERM: it says goodbye on the network and to its users).
        if let text = try? String(contentsOfFile: locks + "/server-\(port).pid", encoding: .utf8),
           let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1,
           (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8))?.contains("tachikoma-server") == true {
            kill(pid, SIGTERM)
            for _ in 0..<200 where answers(host: "127.0.0.1", port: port) { usleep(50_000) }
        }
        if answers(host: "127.0.0.1", port: port) { return "something else answers on port \(port); it was not restarted" }
        return start(port: port, usersLockPath: locks + "/server-\(port).users")
    }

    /// The host name as a DNS label (letters, digits, hyphens), or "lan".
    static func machineLabel() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "lan" }
        let label = String(cString: buffer).lowercased().split(separator: ".").first.map(String.init) ?? ""
        let clean = String(label.unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }.prefix(40))
        return clean.isEmpty ? "lan" : clean
    }

    /// Starts the server on `port` and waits (bounded) until it answers; returns an error text on failure.
    private static func start(port: Int, usersLockPath: String) -> String? {
        let path = binary()
        guard FileManager.default.isExecutableFile(atPath: path) else { return "no server at \(path)" }
        let dir = dataDirectory()
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // Shared: every address of the machine, announced; else this machine only.
        // Shared, it is announced under this machine's name, so two people's servers on one
        // network tell apart.
        let listen = isShared(port: port)
            ? ["--listen", "0.0.0.0:\(port)", "--announce", "--name", "tachikoma." + machineLabel()]
            : ["--listen", "127.0.0.1:\(port)"]
        guard let guardPID = ChildProcess.spawnShared([path] + listen + ["--db", dir + "/server.sqlite"],
                                                      outputPath: dir + "/server.log", usersLock: usersLockPath,
                                                      pidPath: lockDirectory() + "/server-\(port).pid") else {
            return "cannot start \(path)"
        }
        for _ in 0..<200 {
            if answers(host: "127.0.0.1", port: port) { return nil }
            if ChildProcess.hasExited(guardPID) { return "the local server exited (see \(dir)/server.log)" }
            usleep(50_000)
        }
        return "the local server did not start"
    }
}
