#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A private PostgreSQL server for this test process: `initdb` into a temporary folder and
/// `pg_ctl start` on a free 127.0.0.1 port (and a Unix socket in the same folder), once per
/// process, the first time a test asks for it; never any address but loopback.
///
/// As root the binaries run as the `postgres` user (PostgreSQL refuses root) and the folder
/// is theirs. The server is stopped, and its folder removed, by an `atexit` hook; a watchdog
/// shell (its own session) does the same when the test process dies without running it
/// (a crash, `kill -9`). Each test makes its own database (`makeDatabase`), so tests stay
/// independent and run in parallel.
public struct PostgresCluster: Sendable {
    /// The folder with the data directory, the socket and the log.
    public let folder: String
    /// The loopback TCP port.
    public let port: Int
    /// Where initdb, pg_ctl, postgres and psql are.
    public let binaries: String
    /// `runuser -u postgres --` when running as root, else nothing.
    public let runAs: [String]

    /// Why the cluster could not be started.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The cluster of this process, started on first use (or why it could not be).
    public static let shared: Result<PostgresCluster, Failure> = Result { try start() }.mapError { $0 as? Failure ?? Failure(description: "\($0)") }

    /// The running cluster, or a thrown failure naming what is missing.
    public static func running() throws -> PostgresCluster { try shared.get() }

    /// The superuser role initdb makes; trust authentication, loopback only.
    public static let role = "tachikoma"

    /// Where the PostgreSQL binaries are: PATH, else Debian's /usr/lib/postgresql/N/bin (newest).
    public static func findBinaries() -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        where FileManager.default.isExecutableFile(atPath: dir + "/initdb") && FileManager.default.isExecutableFile(atPath: dir + "/pg_ctl") {
            // Debian links some of them into /usr/local/bin: use the folder they live in.
            return URL(fileURLWithPath: dir + "/initdb").resolvingSymlinksInPath().deletingLastPathComponent().path
        }
        let base = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).compactMap(Int.init).sorted(by: >)
        return versions.map { "\(base)/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: $0 + "/pg_ctl") }
    }

    private static func start() throws -> PostgresCluster {
        guard let binaries = findBinaries() else {
            throw Failure(description: "PostgreSQL binaries (initdb, pg_ctl) not found: run scripts/install-deps.sh test")
        }
        let folder = NSTemporaryDirectory() + "tk-pg-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var runAs: [String] = []
        if getuid() == 0 {
            guard let pw = getpwnam("postgres") else {
                throw Failure(description: "running as root, and there is no 'postgres' user to run PostgreSQL as")
            }
            chown(folder, pw.pointee.pw_uid, pw.pointee.pw_gid)
            runAs = ["runuser", "-u", "postgres", "--"]
        }
        let port = try Loopback.freePort()
        let cluster = PostgresCluster(folder: folder, port: port, binaries: binaries, runAs: runAs)
        // TLS on, for the tests of sslmode (plain connections stay allowed).
        try makeCertificate(folder + "/server")
        chmod(folder + "/server.key", 0o600)
        if let pw = getpwnam("postgres"), getuid() == 0 {
            for file in ["/server.key", "/server.crt"] { chown(folder + file, pw.pointee.pw_uid, pw.pointee.pw_gid) }
        }
        try cluster.step([binaries + "/initdb", "-D", cluster.data, "-U", role, "--auth=trust", "-E", "UTF8", "--locale=C",
                          "--no-sync", "--no-instructions"])
        try cluster.step([binaries + "/pg_ctl", "-D", cluster.data, "-l", folder + "/server.log", "-w", "-t", "60", "-o",
                          "-c listen_addresses=127.0.0.1 -p \(port) -k \(folder) -c fsync=off -c synchronous_commit=off "
                              + "-c ssl=on -c ssl_cert_file=\(folder)/server.crt -c ssl_key_file=\(folder)/server.key "
                              + "-c full_page_writes=off -c max_connections=400 -c shared_buffers=32MB", "start"])
        Self.stopCommand.withLock { $0 = cluster.stopScript }
        atexit { PostgresCluster.stopAtExit() }
        try cluster.startWatchdog()
        return cluster
    }

    public var data: String { folder + "/data" }

    /// The server's TLS certificate (self-signed for 127.0.0.1 and localhost; PEM): the
    /// cluster accepts TLS and plain connections alike, so a test can ask for either and give
    /// this file as `sslrootcert`.
    public var certificate: String { folder + "/server.crt" }

    /// Makes a self-signed certificate and key (PEM) for `127.0.0.1` and `localhost` at
    /// `path`.crt / `path`.key with openssl.
    public static func makeCertificate(_ path: String, name: String = "127.0.0.1") throws {
        let r = try Spawn.run(["/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                               "-keyout", path + ".key", "-out", path + ".crt", "-subj", "/CN=\(name)",
                               "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        guard r.status == 0 else { throw Failure(description: "openssl could not make a certificate: \(r.stderr)") }
    }

    /// Runs one setup command (as `postgres` when root); throws with its output if it fails.
    private func step(_ argv: [String]) throws {
        let r = try Spawn.run(runAs + argv)
        guard r.status == 0 else {
            let log = (try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? ""
            throw Failure(description: "\(argv[0]) failed (\(r.status)): \(r.stdout)\(r.stderr)\(log)")
        }
    }

    /// A shell line that stops the server at once and removes the folder.
    public var stopScript: String {
        let user = runAs.map { "'\($0)'" }.joined(separator: " ")
        return "\(user) '\(binaries)/pg_ctl' -D '\(data)' -m immediate -w stop >/dev/null 2>&1; rm -rf '\(folder)'"
    }

    /// The stop line for `atexit` (a C callback cannot capture the cluster).
    private static let stopCommand = Mutex<String?>(nil)

    private static func stopAtExit() {
        guard let line = stopCommand.withLock({ line in defer { line = nil }; return line }) else { return }
        _ = try? Spawn.run(["/bin/sh", "-c", line])
    }

    /// A shell in its own session that waits for this process to end, then stops the server
    /// (a no-op when the atexit hook already did).
    private func startWatchdog() throws {
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; [ -d '\(folder)' ] && { \(stopScript); }; exit 0"
        _ = try Spawn.background(["/usr/bin/setsid", "/bin/sh", "-c", script])
    }

    /// A fresh, empty database for one test; its URL.
    public func makeDatabase() throws -> (name: String, url: String) {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try psql("postgres", "CREATE DATABASE \(name)")
        return (name, url(name))
    }

    /// The TCP URL of `database`.
    public func url(_ database: String) -> String { "postgres://\(Self.role)@127.0.0.1:\(port)/\(database)" }

    /// Runs SQL through psql (as the superuser role) and returns its unaligned output.
    @discardableResult
    public func psql(_ database: String, _ sql: String) throws -> String {
        let psql = FileManager.default.isExecutableFile(atPath: binaries + "/psql") ? binaries + "/psql" : "psql"
        let r = try Spawn.run([psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                               "-p", "\(port)", "-U", Self.role, "-d", database, "-c", sql])
        guard r.status == 0 else { throw Failure(description: "psql: \(r.stderr)") }
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Cuts every connection to `database` (a database restart or a network cut, as its
    /// clients see it).
    public func terminateConnections(_ database: String) throws {
        try psql("postgres", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '\(database)'")
    }
}
