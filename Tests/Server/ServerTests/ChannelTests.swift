import IRCProtocol
import TerminalHarness
import Testing

@Suite struct ChannelTests {
    func pair() async throws -> (TestClient, TestClient, String) {
        let port = try await SharedServer.shared.port()
        let a = try TestClient(port: port)
        try a.register(Nick.make("chA"))
        let b = try TestClient(port: port)
        try b.register(Nick.make("chB"))
        return (a, b, "#" + Nick.make("room"))
    }

    @Test func joinLifecycle() async throws {
        let (a, b, room) = try await pair()
        a.send("JOIN \(room)")
        let joined = try a.collect(until: "366")
        #expect(joined.first?.command == "JOIN")
        #expect(joined.first?.source?.name == a.nick)
        let names = joined.first { $0.command == "353" }!
        #expect(names.parameters == [a.nick, "=", room, "@" + a.nick])
        b.send("JOIN \(room.uppercased())")
        let bJoin = try b.collect(until: "366")
        #expect(bJoin.first { $0.command == "353" }!.parameters[3] == "@\(a.nick) \(b.nick)")
        let seen = try a.expect("JOIN")
        #expect(seen.source?.name == b.nick && seen.parameters == [room])
        b.send("PART \(room) :bye now")
        let part = try a.expect("PART")
        #expect(part.parameters == [room, "bye now"])
        #expect(try b.expect("PART").source?.name == b.nick)
        b.send("PART \(room)")
        #expect(try b.expect("442").parameters[1] == room)
        b.send("PART #never-existed-\(b.nick)")
        try b.expect("403")
    }

    @Test func joinZeroPartsEverything() async throws {
        let (a, _, room) = try await pair()
        a.send("JOIN \(room)1,\(room)2")
        try a.expect("366")
        try a.expect("366")
        a.send("JOIN 0")
        let parts = try a.read(until: { $0.command == "PART" && $0.parameters[0] == room + "2" || $0.command == "PART" && $0.parameters[0] == room + "1" })
        #expect(!parts.isEmpty)
        try a.expect("PART")
        a.send("NAMES \(room)1")
        #expect(try a.expect("366").parameters[1] == room + "1")
    }

    @Test func invalidChannelNames() async throws {
        let (a, _, _) = try await pair()
        a.send("JOIN nochan")
        try a.expect("403")
        a.send("JOIN #a\u{7}b")
        try a.expect("403")
    }

    @Test func topicRules() async throws {
        let (a, b, room) = try await pair()
        a.send("JOIN \(room)")
        try a.expect("366")
        b.send("JOIN \(room)")
        try b.expect("366")
        b.send("TOPIC \(room)")
        #expect(try b.expect("331").parameters[1] == room)
        b.send("TOPIC \(room) :mine now")
        #expect(try b.expect("482").parameters[1] == room)
        a.send("TOPIC \(room) :Spider tanks only")
        #expect(try b.expect("TOPIC").parameters == [room, "Spider tanks only"])
        try a.expect("TOPIC")
        b.send("TOPIC \(room)")
        #expect(try b.expect("332").parameters == [b.nick, room, "Spider tanks only"])
        let whoTime = try b.expect("333")
        #expect(whoTime.parameters[2].hasPrefix(a.nick + "!"))
        a.send("MODE \(room) -t")
        try b.expect("MODE")
        b.send("TOPIC \(room) :")
        #expect(try a.expect("TOPIC").parameters == [room, ""])
        let late = try TestClient(port: try await SharedServer.shared.port())
        try late.register(Nick.make("late"))
        late.send("TOPIC \(room) :outsider")
        try late.expect("442")
        withExtendedLifetime([a, b]) {}
    }

    @Test func kickAndInvite() async throws {
        let (a, b, room) = try await pair()
        a.send("JOIN \(room)")
        try a.expect("366")
        b.send("JOIN \(room)")
        try b.expect("366")
        b.send("KICK \(room) \(a.nick)")
        try b.expect("482")
        a.send("KICK \(room) nobody-here")
        try a.expect("441")
        a.send("KICK \(room) \(b.nick) :out you go")
        let kick = try b.expect("KICK")
        #expect(kick.parameters == [room, b.nick, "out you go"])
        a.send("MODE \(room) +i")
        try a.expect("MODE")
        b.send("JOIN \(room)")
        #expect(try b.expect("473").parameters[1] == room)
        a.send("INVITE \(b.nick) \(room)")
        #expect(try a.expect("341").parameters == [a.nick, b.nick, room])
        let invite = try b.expect("INVITE")
        #expect(invite.parameters == [b.nick, room] && invite.source?.name == a.nick)
        b.send("JOIN \(room)")
        try b.expect("366")
        a.send("INVITE \(b.nick) \(room)")
        try a.expect("443")
        a.send("INVITE ghost-\(a.nick) \(room)")
        try a.expect("401")
        let outsider = try TestClient(port: try await SharedServer.shared.port())
        try outsider.register(Nick.make("out"))
        outsider.send("INVITE \(a.nick) \(room)")
        try outsider.expect("442")
        withExtendedLifetime([a, b]) {}
    }

    @Test func listShowsPublicChannelsOnly() async throws {
        let (a, b, room) = try await pair()
        a.send("JOIN \(room)pub,\(room)sec")
        try a.expect("366")
        try a.expect("366")
        a.send("TOPIC \(room)pub :hello list")
        try a.expect("TOPIC")
        a.send("MODE \(room)sec +s")
        try a.expect("MODE")
        b.send("LIST")
        let list = try b.collect(until: "323").filter { $0.command == "322" }.map { $0.parameters[1] }
        #expect(list.contains(room + "pub"))
        #expect(!list.contains(room + "sec"))
        b.send("LIST \(room)pub")
        let one = try b.collect(until: "323").filter { $0.command == "322" }
        #expect(one.map(\.parameters) == [[b.nick, room + "pub", "1", "hello list"]])
        b.send("NAMES \(room)sec")
        let names = try b.collect(until: "366")
        #expect(!names.contains { $0.command == "353" })
    }
}
