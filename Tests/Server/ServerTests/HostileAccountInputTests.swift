import IRCProtocol
import TerminalHarness
import Testing

/// Hostile input to the part-2 commands: nothing crashes, every bad line gets a clear reply.
@Suite struct HostileAccountInputTests {
    @Test func badHistoryMonitorAndRegisterInput() async throws {
        try await withDatabaseServer(accounts: [("Pazu", "pazu-pass")]) { db in try await check(db) }
    }

    func check(_ db: DatabaseServer) async throws {
        let c = try TestClient(port: db.port)
        try c.login("Pazu", password: "pazu-pass", caps: ["draft/chathistory", "batch", "labeled-response", "message-tags"])
        for line in ["CHATHISTORY", "CHATHISTORY LATEST", "CHATHISTORY LATEST #x", "CHATHISTORY FOO #x * 10",
                     "CHATHISTORY LATEST pazu * -5", "CHATHISTORY LATEST pazu * many",
                     "CHATHISTORY BEFORE pazu * 10", "CHATHISTORY BETWEEN pazu timestamp=2026-01-01T00:00:00.000Z 10",
                     "CHATHISTORY AFTER pazu timestamp=2026-13-01T00:00:00.000Z 10",
                     "CHATHISTORY TARGETS * * 10", "CHATHISTORY TARGETS timestamp=x timestamp=y 1"] {
            c.send(line)
            let reply = try c.read(until: { $0.command == "FAIL" || $0.command == "461" }).last!
            #expect(reply.command == "461" || reply.parameters[0] == "CHATHISTORY", "\(line) → \(reply)")
        }
        // A msgid that does not exist is an empty batch, not an error; a huge limit is capped.
        c.send("CHATHISTORY AFTER pazu msgid=nope 100000000")
        let empty = try c.read(until: { $0.command == "BATCH" && $0.parameters[0].hasPrefix("-") })
        #expect(!empty.contains { $0.command == "PRIVMSG" })
        // A labeled history request gets its label on the answer that comes later.
        c.send("@label=h1 CHATHISTORY LATEST pazu * 5")
        let labeled = try c.expect("BATCH")
        #expect(labeled.tag("label") == "h1")

        let monitor = (0..<110).map { "n\($0)" }.joined(separator: ",")
        c.send("MONITOR + " + monitor)
        let full = try c.read(until: { $0.command == "734" }).last!
        #expect(full.parameters[1] == "100")
        c.send("MONITOR + bad,nick!,#chan,,")
        c.send("MONITOR Q")
        #expect(try c.expect("421").parameters[1] == "MONITOR")

        c.send("QUIT")
        _ = try c.readUntilClosed()
        let g = try TestClient(port: db.port)
        g.send("REGISTER * * password1")
        // account-registration: "FAIL REGISTER NEED_NICK * <message>" before any NICK.
        #expect(try g.expect("FAIL").parameters[1] == "NEED_NICK")
        g.send("NICK Pazu")
        g.send("REGISTER * * password1")
        #expect(try g.read(until: { $0.command == "FAIL" }).last!.parameters[1] == "ACCOUNT_EXISTS")
        g.send("AUTHENTICATE PLAIN")
        try g.expect("AUTHENTICATE")
        for _ in 0..<5 { g.send("AUTHENTICATE " + String(repeating: "QUFB", count: 100)) }
        try g.expect("905")
        g.send("AUTHENTICATE PLAIN")
        try g.expect("AUTHENTICATE")
        g.send("AUTHENTICATE " + TestClient.base64(Array("other\0Pazu\0pazu-pass".utf8)))
        try g.expect("904")
    }
}
