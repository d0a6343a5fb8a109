#if canImport(Glibc)
import Glibc
#endif
import Foundation
import IRCProtocol
import TerminalHarness
import Testing

/// The real `tachikoma-server` binary on PostgreSQL (the tests' private cluster, see
/// `PostgresCluster`): a bad URL and a database that is down stop it with a clear error;
/// accounts and history survive a `kill -9` and a restart; a database that refuses
/// connections mid-run makes messages fail, not the server.
@Suite struct PostgresExecutableTests {
    static let caps = ["draft/chathistory", "batch", "server-time", "message-tags", "echo-message"]

    func run(_ arguments: [String], stdin: String? = nil) throws -> (Int32, String) {
        var input = "/dev/null"
        if let stdin {
            input = NSTemporaryDirectory() + "tk-pg-stdin-\(UUID().uuidString)"
            try stdin.write(toFile: input, atomically: true, encoding: .utf8)
        }
        defer { if stdin != nil { unlink(input) } }
        let r = try Spawn.run([serverBinary().path] + arguments, stdinPath: input)
        return (r.status, r.stdout + r.stderr)
    }

    /// Starts the server with `arguments` on a free port; waits until it accepts a client.
    func start(_ arguments: [String], log: String) throws -> (pid_t, Int) {
        for _ in 0..<5 {
            let port = try freePort()
            let pid = try Spawn.background([serverBinary().path, "--listen", "127.0.0.1:\(port)"] + arguments, stderrPath: log)
            do {
                try Loopback.eventually("server on \(port)", timeout: 30) { Loopback.answers(port) }
                return (pid, port)
            } catch {
                Spawn.killAndReap(pid)
            }
        }
        throw TestClientError(description: "server did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
    }

    func history(_ c: TestClient, _ target: String) throws -> [String] {
        c.send("CHATHISTORY LATEST \(target) * 100")
        let batch = try c.read(until: { $0.command == "BATCH" && $0.parameters[0].hasPrefix("-") })
        return batch.filter { $0.command == "PRIVMSG" }.map { $0.parameters[1] }
    }

    @Test func aBadURLOrADatabaseThatIsDownExitsLikeAConfigError() throws {
        let folder = NSTemporaryDirectory() + "tk-pg-cfg-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "[limits]\nflod_rate = 3\n".write(toFile: folder + "/bad.toml", atomically: true, encoding: .utf8)
        let (configRC, _) = try run(["--config", folder + "/bad.toml"])
        #expect(configRC != 0)

        let port = try freePort()
        for (db, says) in [
            ("postgres://127.0.0.1/chat", "no user name"),
            ("postgres://aoi:hunter2@h/chat?sslmode=prefer", "sslmode must be"),
            ("postgres://tachikoma@127.0.0.1:\(try freePort())/chat", "cannot connect to postgres://tachikoma@127.0.0.1"),
        ] {
            let (rc, out) = try run(["--listen", "127.0.0.1:\(port)", "--db", db])
            #expect(rc == configRC, "\(db): \(out)")
            #expect(out.contains(says), "\(db): \(out)")
            #expect(!out.contains("hunter2"))
            // The same from the config file's [server] db.
            try "[server]\ndb = \"\(db)\"\nlisten = [\"127.0.0.1:\(port)\"]\n".write(toFile: folder + "/db.toml", atomically: true,
                                                                                   encoding: .utf8)
            let (fileRC, fileOut) = try run(["--config", folder + "/db.toml"])
            #expect(fileRC == configRC && fileOut.contains(says), "\(db) in TOML: \(fileOut)")
        }
        let (adminRC, adminOut) = try run(["account", "add", "Aoi", "--db", "postgres://x@127.0.0.1:\(port)/nothing"],
                                          stdin: "laughing-man\n")
        #expect(adminRC != 0 && adminOut.contains("cannot connect"), "\(adminOut)")
    }

    @Test func accountsAndHistorySurviveAKillAndARestart() throws {
        let cluster = try PostgresCluster.running()
        let (_, url) = try cluster.makeDatabase()
        let folder = NSTemporaryDirectory() + "tk-pg-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let log = folder + "/server.log"

        var (pid, port) = try start(["--db", url], log: log)
        var alive = true
        defer { if alive { Spawn.killAndReap(pid) } }
        // A client registers its account over TCP (draft/account-registration).
        let c = try TestClient(port: port)
        c.send("CAP LS 302")
        c.send("NICK Motoko")
        c.send("USER m 0 * :Major")
        c.send("CAP REQ :draft/account-registration " + Self.caps.joined(separator: " "))
        try c.expect("CAP")
        #expect(try c.expect("CAP").parameters[1] == "ACK")
        c.send("REGISTER * * laughing-man")
        let registered = try c.read(until: { $0.command == "900" || $0.command == "FAIL" })
        #expect(registered.last?.command == "900", "\(registered)")
        c.send("CAP END")
        try c.expect("001")
        c.send("JOIN #section9")
        try c.expect("366")
        for i in 1...20 { c.send("PRIVMSG #section9 :message \(i)") }
        // The echo of the last one is the acknowledgement: it leaves only after the commit.
        try c.read(until: { $0.command == "PRIVMSG" && $0.parameters[1] == "message 20" })
        _ = try c.sync()
        Spawn.killAndReap(pid)
        alive = false
        c.close()

        // The operator adds a second account to the same database from the shell.
        let (addRC, addOut) = try run(["account", "add", "Batou", "--db", url], stdin: "gorilla-arms\n")
        #expect(addRC == 0, "\(addOut)")

        // Restarted from a config file naming the same database.
        try "[server]\ndb = \"\(url)\"\n".write(toFile: folder + "/server.toml", atomically: true, encoding: .utf8)
        (pid, port) = try start(["--config", folder + "/server.toml"], log: log)
        alive = true
        let again = try TestClient(port: port)
        try again.login("Motoko", password: "laughing-man", caps: Self.caps)
        again.send("JOIN #section9")
        try again.expect("366")
        #expect(try history(again, "#section9") == (1...20).map { "message \($0)" })
        let batou = try TestClient(port: port)
        try batou.login("Batou", password: "gorilla-arms", caps: Self.caps)
        let wrong = try TestClient(port: port)
        #expect(throws: TestClientError.self) { try wrong.login("Motoko", password: "crying-man") }
        for client in [again, batou, wrong] { client.close() }
    }

    @Test func aDatabaseThatRefusesConnectionsMidRunFailsMessagesNotTheServer() throws {
        let cluster = try PostgresCluster.running()
        let (name, url) = try cluster.makeDatabase()
        let folder = NSTemporaryDirectory() + "tk-pg-cut-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (addRC, addOut) = try run(["account", "add", "Aoi", "--db", url], stdin: "laughing-man\n")
        #expect(addRC == 0, "\(addOut)")
        let (pid, port) = try start(["--db", url], log: folder + "/server.log")
        defer { Spawn.killAndReap(pid) }
        let c = try TestClient(port: port)
        try c.login("Aoi", password: "laughing-man", caps: Self.caps)
        c.send("JOIN #cut")
        try c.expect("366")
        c.send("PRIVMSG #cut :before")
        try c.read(until: { $0.command == "PRIVMSG" && $0.parameters[1] == "before" })

        // The database goes away for this server: connections cut, new ones refused.
        defer { _ = try? cluster.psql("postgres", "ALTER DATABASE \(name) ALLOW_CONNECTIONS true") }
        try cluster.psql("postgres", "ALTER DATABASE \(name) ALLOW_CONNECTIONS false")
        try cluster.terminateConnections(name)
        c.send("PRIVMSG #cut :during")
        let told = try c.read(until: { $0.command == "FAIL" && $0.parameters[0] == "PRIVMSG" }, timeout: 60)
        #expect(told.last?.parameters[1] == "MESSAGE_NOT_STORED")
        #expect(!told.contains { $0.command == "PRIVMSG" })
        // Still serving.
        #expect(try c.sync().last?.command == "PONG")

        // Back: messages are stored again, without a restart.
        try cluster.psql("postgres", "ALTER DATABASE \(name) ALLOW_CONNECTIONS true")
        c.send("PRIVMSG #cut :after")
        try c.read(until: { $0.command == "PRIVMSG" && $0.parameters[1] == "after" }, timeout: 30)
        #expect(try history(c, "#cut") == ["before", "after"])
        c.close()
    }
}
