#if canImport(Glibc)
import Glibc
#endif
import GRDB
import IRCProtocol
import ServerCore
import ServerNIO
import TerminalHarness
import Testing

/// A history write that fails: tried again, and if it never succeeds the message reaches
/// nobody and its sender is told. The failure is real: a trigger in the real SQLite file
/// refuses the insert, as a full disk or a broken file would.
@Suite struct HistoryFailureTests {
    static let caps = ["draft/chathistory", "batch", "server-time", "message-tags", "echo-message"]

    /// Makes the server's own database refuse messages containing `marker` (or stop refusing);
    /// with `for: seconds`, only until that many seconds from now, so the disk recovers on its
    /// own clock and not on the test's (which a loaded machine can hold up for minutes).
    func refuse(_ marker: String?, for seconds: Double? = nil, in db: DatabaseServer) throws {
        let queue = try DatabaseQueue(path: db.path)
        try queue.write { d in
            try d.execute(sql: """
                CREATE TABLE IF NOT EXISTS test_refused (marker TEXT NOT NULL, until REAL);
                CREATE TRIGGER IF NOT EXISTS refuse_marker BEFORE INSERT ON message
                WHEN EXISTS (SELECT 1 FROM test_refused WHERE instr(NEW.text, marker) > 0
                             AND (until IS NULL OR julianday('now') < until))
                BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;
                DELETE FROM test_refused;
                """)
            if let marker {
                try d.execute(sql: "INSERT INTO test_refused (marker, until) VALUES (?, julianday('now') + ? / 86400.0)",
                              arguments: [marker, seconds])
            }
        }
        try queue.close()
    }

    func history(_ client: TestClient, _ target: String) throws -> [String] {
        client.send("CHATHISTORY LATEST \(target) * 50")
        let batch = try client.read(until: { $0.command == "BATCH" && $0.parameters[0].hasPrefix("-") })
        return batch.filter { $0.command == "PRIVMSG" }.map { $0.parameters[1] }
    }

    @Test func aMessageThatCannotBeStoredReachesNobodyAndItsSenderIsTold() async throws {
        try await withDatabaseServer(accounts: [("Alice", "wonderland"), ("Bob", "builder99")],
                                     retryDelays: [0.05, 0.05, 0.05]) { db in
            let alice = try TestClient(port: db.port)
            try alice.login("Alice", password: "wonderland", caps: Self.caps + ["labeled-response"])
            let bob = try TestClient(port: db.port)
            try bob.login("Bob", password: "builder99", caps: Self.caps)
            for c in [alice, bob] {
                c.send("JOIN #shell")
                try c.expect("366")
            }
            try alice.read(until: { $0.command == "JOIN" && $0.source?.name == "Bob" })
            try refuse("lost-in-the-shell", in: db)

            alice.send("@label=L1 PRIVMSG #shell :lost-in-the-shell once")
            alice.send("PRIVMSG Bob :lost-in-the-shell twice")
            let told = try alice.read(until: { $0.command == "FAIL" && $0.parameters[0] == "PRIVMSG" && $0.parameters[2] == "Bob" }, timeout: 20)
            let fails = told.filter { $0.command == "FAIL" }
            #expect(fails.map { $0.parameters[1] } == ["MESSAGE_NOT_STORED", "MESSAGE_NOT_STORED"])
            #expect(fails.map { $0.parameters[2] } == ["#shell", "Bob"])
            #expect(fails[0].parameters.last?.contains("lost-in-the-shell once") == true)
            // The labeled response (which held the echo) was withheld; the FAIL answers the label.
            #expect(fails.map { $0.tag("label") } == ["L1", nil])
            // No echo: the sender was never told the message went out.
            #expect(!told.contains { $0.command == "PRIVMSG" })

            try refuse(nil, in: db)
            alice.send("PRIVMSG #shell :after the storm")
            alice.send("PRIVMSG Bob :after the storm, privately")
            let seen = try bob.read(until: { $0.command == "PRIVMSG" && $0.parameters[1] == "after the storm, privately" })
            #expect(seen.filter { $0.command == "PRIVMSG" }.map { $0.parameters[1] } == ["after the storm", "after the storm, privately"])
            try alice.read(until: { $0.command == "PRIVMSG" && $0.parameters[1] == "after the storm, privately" })

            #expect(try history(bob, "#shell") == ["after the storm"])
            #expect(try history(bob, "Alice") == ["after the storm, privately"])
            let stats = try #require(await db.server.statistics())
            #expect(stats.messagesNotStored == 2)
            // Three retries per batch: the two messages may have gone in one batch or two.
            #expect(stats.historyRetries == 3 || stats.historyRetries == 6)
        }
    }

    /// The disk recovers two seconds after the first write fails; the second try, four seconds
    /// after it, goes through. Nothing here waits on the test being scheduled in time.
    @Test func aWriteThatFailsOnceIsTriedAgainAndDelivered() async throws {
        try await withDatabaseServer(accounts: [("Alice", "wonderland"), ("Bob", "builder99")],
                                     retryDelays: [4, 10, 20]) { db in
            let alice = try TestClient(port: db.port)
            try alice.login("Alice", password: "wonderland", caps: Self.caps)
            let bob = try TestClient(port: db.port)
            try bob.login("Bob", password: "builder99", caps: Self.caps)
            try refuse("hold-on", for: 2, in: db)
            alice.send("PRIVMSG Bob :hold-on, it is coming")
            let got = try bob.expect("PRIVMSG", timeout: 40)
            #expect(got.parameters[1] == "hold-on, it is coming")
            let mine = try alice.read(until: { $0.command == "PRIVMSG" || $0.command == "FAIL" }, timeout: 40)
            #expect(mine.last?.command == "PRIVMSG")
            #expect(mine.last?.tag("msgid") == got.tag("msgid"))
            #expect(try history(alice, "Bob") == ["hold-on, it is coming"])
            let stats = try #require(await db.server.statistics())
            #expect(stats.messagesNotStored == 0)
            #expect(stats.historyRetries >= 1)
        }
    }
}
