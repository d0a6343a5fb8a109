#if canImport(Glibc)
import Glibc
#endif
import Foundation
import IRCProtocol
import ServerConfigTOML
import ServerCore
import ServerNIO
import TerminalHarness
import Testing

/// The built `tachikoma-server` binary, next to the test bundle in the build folder.
func serverBinary() -> URL {
    URL(fileURLWithPath: Products.path("tachikoma-server"))
}

/// A free loopback port (bound, then released) for the child process to use.
func freePort() throws -> Int { try Loopback.freePort() }


@Suite struct ExecutableTests {
    /// Runs the server binary to completion (posix_spawn; output through files).
    func run(_ arguments: [String]) throws -> (Int32, String) {
        let r = try Spawn.run([serverBinary().path] + arguments)
        return (r.status, r.stdout + r.stderr)
    }

    @Test func helpVersionAndBadInput() throws {
        let (rc, help) = try run(["--help"])
        #expect(rc == 0)
        for flag in ["--listen", "--name", "--db", "--config", "--version"] { #expect(help.contains(flag)) }
        #expect(try run(["--version"]).1.contains("0.1.0"))
        let (badRC, bad) = try run(["--listen", "nonsense"])
        #expect(badRC != 0)
        #expect(bad.contains("HOST:PORT"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tk-cfg-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.toml")
        try "[limits]\nflod_rate = 3\n".write(to: file, atomically: true, encoding: .utf8)
        let (cfgRC, cfg) = try run(["--config", file.path])
        #expect(cfgRC != 0)
        #expect(cfg.contains("flod_rate"))
    }

    @Test func sigtermSendsErrorAndExitsCleanly() throws {
        let port = try freePort()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tk-srv-\(getpid())-\(port)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("server.toml")
        try """
        [server]
        name = "from.file"
        motd = ["file motd"]
        """.write(to: file, atomically: true, encoding: .utf8)
        // No database: the test must not leave a server.sqlite in the user's data dir.
        let pid = try Spawn.background([serverBinary().path, "--listen", "127.0.0.1:\(port)", "--name", "from.flag",
                                       "--config", file.path, "--db", "none"])
        var reaped = false
        defer {
            if !reaped {
                kill(pid, SIGKILL)
                var st: Int32 = 0
                waitpid(pid, &st, 0)
            }
        }
        var client: TestClient?
        for _ in 0..<100 where client == nil {
            client = try? TestClient(port: port)
            if client == nil { usleep(50_000) }
        }
        let c = try #require(client)
        let burst = try c.register("sig")
        #expect(burst.first?.source?.name == "from.flag", "flag overrides file")
        #expect(burst.contains { $0.command == "372" && $0.parameters[1] == "- file motd" })
        kill(pid, SIGTERM)
        let lines = try c.readUntilClosed()
        #expect(lines.last == "ERROR :Closing Link: 127.0.0.1 (Server shutting down)")
        c.close()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        reaped = true
        #expect(status == 0, "exit status word \(status)")
    }
}

@Suite struct ConfigTests {
    @Test func fullFileParses() throws {
        let s = try ServerSettings(toml: """
        [server]
        name = "irc.example"
        network = "Net"
        listen = ["127.0.0.1:7000", "[::1]:7001"]
        db = "/tmp/x.sqlite"
        motd = ["a", "b"]
        casemapping = "ascii"
        [limits]
        flood_rate = 2.5
        flood_burst = 10
        connections_per_ip = 3
        flood_reconnect_delay = 2.5
        [[operator]]
        name = "root"
        password = "pw"
        host = "*@127.0.0.1"
        """)
        #expect(s.config.serverName == "irc.example")
        #expect(s.listen == [ListenAddress(host: "127.0.0.1", port: 7000), ListenAddress(host: "::1", port: 7001)])
        #expect(s.databasePath == "/tmp/x.sqlite")
        #expect(s.config.caseMapping == .ascii)
        #expect(s.config.floodRate == 2.5 && s.config.floodBurst == 10)
        #expect(s.config.maxConnectionsPerIP == 3)
        #expect(s.config.floodReconnectDelay == 2.5)
        #expect(s.config.operators == [.init(name: "root", password: "pw", hostMask: "*@127.0.0.1")])
    }

    @Test(arguments: [
        ("[server]\nname = 3", "must be a string"),
        ("[limits]\nflood_rate = -1", "flood_rate"),
        ("[limits]\nregistration_timeout = inf", "registration_timeout must be a number from 0 to 1e9"),
        ("[limits]\nping_interval = nan", "ping_interval must be a number from 0 to 1e9"),
        ("[limits]\nping_timeout = 1e300", "ping_timeout must be a number from 0 to 1e9"),
        ("[server]\ncasemapping = \"utf8\"", "casemapping"),
        ("[[operator]]\nname = \"x\"", "needs name and password"),
        ("[server\nname=", "syntax error"),
        ("[mystery]", "unknown key 'mystery'"),
        ("[server]\nlisten = [\"nope\"]", "HOST:PORT"),
    ])
    func badFilesSayWhy(text: String, fragment: String) {
        #expect {
            _ = try ServerSettings(toml: text)
        } throws: { error in
            "\(error)".contains(fragment)
        }
    }

    @Test func listenAddresses() throws {
        #expect(try ListenAddress(parsing: "0.0.0.0:6667") == ListenAddress(host: "0.0.0.0", port: 6667))
        #expect(try ListenAddress(parsing: "[::]:6697").host == "::")
        #expect(throws: ConfigError.self) { try ListenAddress(parsing: "::1:6667") }
        #expect(throws: ConfigError.self) { try ListenAddress(parsing: "host:99999") }
        #expect(throws: ConfigError.self) { try ListenAddress(parsing: ":6667") }
    }
}

@Suite struct ShutdownTests {
    @Test func shutdownSendsErrorToEveryClient() async throws {
        // b stays unregistered across an `await`: on a loaded two-core CI machine the test
        // waited 260 s for a thread and b met the 30 s registration timeout first.
        let server = try await ServerFixture.start { $0.registrationTimeout = 3600 }
        let a = try TestClient(port: server.ports[0])
        try a.register("downA")
        let b = try TestClient(port: server.ports[0])
        b.send("NICK downB")
        _ = try b.sync()
        await server.shutdown(reason: "Maintenance")
        for client in [a, b] {
            let lines = try client.readUntilClosed()
            #expect(lines.last == "ERROR :Closing Link: 127.0.0.1 (Maintenance)", "\(client.transcript.suffix(5))")
        }
    }
}
