#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TerminalHarness
import IRCProtocol
import Testing

/// `kill -9` loses no acknowledged message: the binary with a real database file.
@Suite struct CrashRecoveryTests {
    /// Starts `tachikoma-server` on `port` with `db` and waits until it accepts connections.
    func startServer(port: Int, db: String) throws -> (pid_t, TestClient) {
        let pid = try Spawn.background([serverBinary().path, "--listen", "127.0.0.1:\(port)", "--db", db])
        var client: TestClient?
        for _ in 0..<200 where client == nil {
            client = try? TestClient(port: port)
            if client == nil { usleep(50_000) }
        }
        guard let client else {
            kill(pid, SIGKILL)
            var st: Int32 = 0
            waitpid(pid, &st, 0)
            throw TestClientError(description: "server did not start")
        }
        return (pid, client)
    }

    func killHard(_ pid: pid_t) {
        kill(pid, SIGKILL)
        var st: Int32 = 0
        while waitpid(pid, &st, 0) < 0 && errno == EINTR {}
    }

    @Test func killMinusNineLosesNoAcknowledgedMessage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tk-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("chat.sqlite").path

        // The operator creates the account from the shell, password on stdin.
        let add = Process()
        add.executableURL = serverBinary()
        add.arguments = ["account", "add", "Tachikoma", "--db", db]
        let stdin = Pipe()
        add.standardInput = stdin
        add.standardOutput = Pipe()
        try add.run()
        stdin.fileHandleForWriting.write(Data("blue-spider\n".utf8))
        try stdin.fileHandleForWriting.close()
        add.waitUntilExit()
        #expect(add.terminationStatus == 0)

        let caps = ["draft/chathistory", "batch", "server-time", "message-tags", "echo-message"]
        let port = try freePort()
        var (pid, c) = try startServer(port: port, db: db)
        var alive = true
        defer { if alive { killHard(pid) } }
        try c.login("Tachikoma", password: "blue-spider", caps: caps)
        c.send("JOIN #tachikoma")
        try c.expect("366")
        for i in 1...25 {
            c.send("PRIVMSG #tachikoma :message \(i)")
        }
        // The echo of the last one is the acknowledgement: it leaves only after the write.
        try c.read(until: { $0.command == "PRIVMSG" && $0.parameters[1] == "message 25" })
        killHard(pid)
        alive = false
        c.close()

        (pid, c) = try startServer(port: port, db: db)
        alive = true
        try c.login("Tachikoma", password: "blue-spider", caps: caps)
        c.send("JOIN #tachikoma")
        try c.expect("366")
        c.send("CHATHISTORY LATEST #tachikoma * 100")
        let batch = try c.read(until: { $0.command == "BATCH" && $0.parameters[0].hasPrefix("-") })
        let texts = batch.filter { $0.command == "PRIVMSG" }.map { $0.parameters[1] }
        #expect(texts == (1...25).map { "message \($0)" })
        c.close()
    }
}
