import IRCProtocol
import TerminalHarness
import Testing

/// MONITOR, history after a restart, offline messages and read markers, over real TCP with
/// a real SQLite file.
@Suite struct PresenceHistoryTests {
    @Test(arguments: Engine.all) func monitorSeesFriendsComeAndGo(_ engine: Engine) async throws {
        try await withDatabaseServer(engine: engine) { db in
            let me = try TestClient(port: db.port)
            let burst = try me.register("Batou", caps: ["extended-monitor", "away-notify"])
            let tokens = burst.filter { $0.command == "005" }.flatMap { $0.parameters.dropFirst().dropLast() }
            #expect(tokens.contains("MONITOR=100"))
            me.send("MONITOR + Togusa,Ishikawa")
            #expect(try me.expect("731").parameters[1] == "Togusa,Ishikawa")
            let friend = try TestClient(port: db.port)
            try friend.register("togusa")
            #expect(try me.expect("730").parameters[1] == "togusa!user@127.0.0.1")
            friend.send("AWAY :lunch")
            let away = try me.expect("AWAY")
            #expect(away.source?.name == "togusa" && away.parameters == ["lunch"])
            me.send("MONITOR L")
            let list = try me.read(until: { $0.command == "733" })
            #expect(list.first { $0.command == "732" }?.parameters[1].split(separator: ",").sorted() == ["ishikawa", "togusa"])
            friend.send("NICK Pazu")
            #expect(try me.expect("731").parameters[1] == "togusa")
            friend.send("NICK Togusa")
            try me.expect("730")
            friend.send("QUIT :bye")
            #expect(try me.expect("731").parameters[1] == "Togusa")
            me.send("MONITOR - togusa")
            me.send("MONITOR S")
            let status = try me.expect("731")
            #expect(status.parameters[1] == "ishikawa")
        }
    }

    @Test(arguments: Engine.all) func historySurvivesARestart(_ engine: Engine) async throws {
        try await withDatabaseServer(engine: engine, accounts: [("Alice", "wonderland"), ("Bob", "builder99")]) { db in try await checkHistory(db) }
    }

    func checkHistory(_ db: DatabaseServer) async throws {

        let caps = ["draft/chathistory", "batch", "server-time", "message-tags", "echo-message"]
        let alice = try TestClient(port: db.port)
        try alice.login("Alice", password: "wonderland", caps: caps)
        let bob = try TestClient(port: db.port)
        try bob.login("Bob", password: "builder99", caps: caps)
        alice.send("JOIN #tachikoma")
        try alice.expect("366")
        for i in 1...3 {
            alice.send("PRIVMSG #tachikoma :room \(i)")
            try alice.expect("PRIVMSG")
        }
        alice.send("PRIVMSG Bob :private hello")
        let echoed = try alice.expect("PRIVMSG")
        let pmid = try #require(echoed.tag("msgid"))
        #expect(try bob.expect("PRIVMSG").tag("msgid") == pmid)

        try await db.restart()

        let alice2 = try TestClient(port: db.port)
        let burst = try alice2.login("Alice", password: "wonderland", caps: caps)
        #expect(burst.filter { $0.command == "005" }.flatMap(\.parameters).contains("CHATHISTORY=100"))
        alice2.send("CHATHISTORY LATEST #tachikoma * 10")
        #expect(try alice2.expect("FAIL").parameters[1] == "INVALID_TARGET")
        alice2.send("JOIN #tachikoma")
        try alice2.expect("366")
        alice2.send("CHATHISTORY LATEST #tachikoma * 10")
        let room = try alice2.read(until: { $0.command == "BATCH" && $0.parameters[0].hasPrefix("-") })
        let start = try #require(room.first { $0.command == "BATCH" })
        #expect(start.parameters[1] == "chathistory" && start.parameters[2] == "#tachikoma")
        let texts = room.filter { $0.command == "PRIVMSG" }
        #expect(texts.map { $0.parameters[1] } == ["room 1", "room 2", "room 3"])
        #expect(texts.allSatisfy { $0.tag("time") != nil && $0.tag("msgid") != nil && $0.tag("batch") != nil })

        alice2.send("CHATHISTORY BEFORE #tachikoma msgid=\(texts[2].tag("msgid")!) 1")
        let before = try alice2.read(until: { $0.command == "BATCH" && $0.parameters[0].hasPrefix("-") })
        #expect(before.filter { $0.command == "PRIVMSG" }.map { $0.parameters[1] } == ["room 2"])
        alice2.send("CHATHISTORY AFTER #tachikoma msgid=\(texts[0].tag("msgid")!) 5")
        let after = try alice2.read(until: { $0.command == "BATCH" && $0.parameters[0].hasPrefix("-") })
        #expect(after.filter { $0.command == "PRIVMSG" }.map { $0.parameters[1] } == ["room 2", "room 3"])
        alice2.send("CHATHISTORY BETWEEN #tachikoma msgid=\(texts[2].tag("msgid")!) msgid=\(texts[0].tag("msgid")!) 5")
        let between = try alice2.read(until: { $0.command == "BATCH" && $0.parameters[0].hasPrefix("-") })
        #expect(between.filter { $0.command == "PRIVMSG" }.map { $0.parameters[1] } == ["room 2"])
        alice2.send("CHATHISTORY AROUND #tachikoma msgid=\(texts[1].tag("msgid")!) 3")
        let around = try alice2.read(until: { $0.command == "BATCH" && $0.parameters[0].hasPrefix("-") })
        #expect(around.filter { $0.command == "PRIVMSG" }.map { $0.parameters[1] } == ["room 1", "room 2", "room 3"])

        alice2.send("CHATHISTORY LATEST bob * 10")
        let pm = try alice2.read(until: { $0.command == "BATCH" && $0.parameters[0].hasPrefix("-") })
        let pms = pm.filter { $0.command == "PRIVMSG" }
        #expect(pms.map { $0.parameters[1] } == ["private hello"])
        #expect(pms.first?.tag("msgid") == pmid)
        alice2.send("CHATHISTORY LATEST #tachikoma bogus 10")
        #expect(try alice2.expect("FAIL").parameters[1] == "INVALID_PARAMS")
    }

    @Test(arguments: Engine.all) func offlineMessageArrivesOnNextLogin(_ engine: Engine) async throws {
        try await withDatabaseServer(engine: engine, accounts: [("Kuze", "individual11"), ("Motoko", "puppetmaster")]) { db in

            let caps = ["draft/chathistory", "batch", "server-time", "message-tags"]
            let sender = try TestClient(port: db.port)
            try sender.login("Kuze", password: "individual11", caps: caps + ["echo-message"])
            sender.send("PRIVMSG Motoko :meet me at Dejima")
            #expect(try sender.expect("PRIVMSG").parameters == ["Motoko", "meet me at Dejima"])
            sender.send("PRIVMSG Nobody :hello?")
            try sender.expect("401")

            let motoko = try TestClient(port: db.port)
            try motoko.login("Motoko", password: "puppetmaster", caps: caps)
            motoko.send("CHATHISTORY TARGETS timestamp=2020-01-01T00:00:00.000Z timestamp=2100-01-01T00:00:00.000Z 50")
            let targets = try motoko.read(until: { $0.command == "BATCH" && $0.parameters[0].hasPrefix("-") })
            #expect(targets.first?.parameters[1] == "draft/chathistory-targets")
            let rows = targets.filter { $0.command == "CHATHISTORY" }
            #expect(rows.map { $0.parameters[1] } == ["Kuze"])
            motoko.send("CHATHISTORY LATEST Kuze * 50")
            let history = try motoko.read(until: { $0.command == "BATCH" && $0.parameters[0].hasPrefix("-") })
            let message = try #require(history.first { $0.command == "PRIVMSG" })
            #expect(message.source?.name == "Kuze" && message.parameters == ["Motoko", "meet me at Dejima"])
        }
    }

    @Test(arguments: Engine.all) func markreadIsSharedByTheAccountsConnections(_ engine: Engine) async throws {
        try await withDatabaseServer(engine: engine, accounts: [("Ishikawa", "netdiver1")]) { db in
            let caps = ["draft/read-marker"]
            let laptop = try TestClient(port: db.port)
            try laptop.login("Ishikawa", password: "netdiver1", caps: caps)
            let phone = try TestClient(port: db.port)
            try phone.login("IshikawaPhone", account: "Ishikawa", password: "netdiver1", caps: caps)
            laptop.send("MARKREAD #s9")
            #expect(try laptop.expect("MARKREAD").parameters == ["#s9", "*"])
            laptop.send("MARKREAD #s9 timestamp=2026-11-22T01:02:03.456Z")
            #expect(try laptop.expect("MARKREAD").parameters == ["#s9", "timestamp=2026-11-22T01:02:03.456Z"])
            #expect(try phone.expect("MARKREAD").parameters == ["#s9", "timestamp=2026-11-22T01:02:03.456Z"])
            // An older marker never moves it back; the reply tells the stored one.
            phone.send("MARKREAD #s9 timestamp=2026-11-21T00:00:00.000Z")
            #expect(try phone.expect("MARKREAD").parameters == ["#s9", "timestamp=2026-11-22T01:02:03.456Z"])
            phone.send("MARKREAD #s9 timestamp=yesterday")
            #expect(try phone.expect("FAIL").parameters[1] == "INVALID_PARAMS")
            // Joining the channel tells the marker, before RPL_ENDOFNAMES (read-marker: "The
            // command MUST be sent before the RPL_ENDOFNAMES reply for that channel").
            laptop.send("JOIN #s9")
            let join = try laptop.read(until: { $0.command == "366" })
            #expect(join.first { $0.command == "MARKREAD" }?.parameters == ["#s9", "timestamp=2026-11-22T01:02:03.456Z"])
            // A guest's markers are its connection's own, never the account's.
            let guest = try TestClient(port: db.port)
            try guest.register("guest")
            guest.send("MARKREAD #s9")
            #expect(try guest.expect("MARKREAD").parameters == ["#s9", "*"])
        }
    }
}
