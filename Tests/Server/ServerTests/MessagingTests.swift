import IRCProtocol
import TerminalHarness
import Testing

@Suite struct MessagingTests {
    @Test func channelAndPrivateMessages() async throws {
        let port = try await SharedServer.shared.port()
        let a = try TestClient(port: port)
        try a.register(Nick.make("msgA"))
        let b = try TestClient(port: port)
        try b.register(Nick.make("msgB"))
        let c = try TestClient(port: port)
        try c.register(Nick.make("msgC"))
        let room = "#" + Nick.make("talk")
        for client in [a, b, c] {
            client.send("JOIN \(room)")
            try client.expect("366")
        }
        a.send("PRIVMSG \(room) :hello, spider-tanks 你好")
        for client in [b, c] {
            let m = try client.expect("PRIVMSG")
            #expect(m.parameters == [room, "hello, spider-tanks 你好"])
            #expect(m.source == IRCSource(name: a.nick, user: "user", host: "127.0.0.1"))
            #expect(m.tags.isEmpty)
        }
        let own = try a.sync()
        #expect(!own.contains { $0.command == "PRIVMSG" }, "no echo without echo-message")
        a.send("PRIVMSG \(b.nick),\(c.nick) :to both")
        #expect(try b.expect("PRIVMSG").parameters == [b.nick, "to both"])
        #expect(try c.expect("PRIVMSG").parameters == [c.nick, "to both"])
        b.send("NOTICE \(a.nick) :a notice")
        #expect(try a.expect("NOTICE").parameters == [a.nick, "a notice"])
    }

    @Test func messageErrors() async throws {
        let port = try await SharedServer.shared.port()
        let a = try TestClient(port: port)
        try a.register(Nick.make("err"))
        a.send("PRIVMSG")
        try a.expect("411")
        a.send("PRIVMSG \(a.nick)")
        try a.expect("412")
        a.send("PRIVMSG nobody-\(a.nick) :hi")
        #expect(try a.expect("401").parameters[1] == "nobody-\(a.nick)")
        a.send("PRIVMSG #nochannel-\(a.nick) :hi")
        try a.expect("401")
        a.send("PRIVMSG a,b,c,d,e :hi")
        try a.expect("407")
        let room = "#" + Nick.make("ext")
        let owner = try TestClient(port: port)
        try owner.register(Nick.make("own"))
        owner.send("JOIN \(room)")
        try owner.expect("366")
        a.send("PRIVMSG \(room) :from outside")
        #expect(try a.expect("404").parameters[1] == room)
        a.send("NOTICE nobody-\(a.nick) :hi")
        a.send("NOTICE \(room) :from outside")
        let quiet = try a.sync()
        #expect(!quiet.contains { $0.numeric?.isError == true }, "NOTICE must not cause error replies")
    }

    @Test func ircv3TagsEchoAndTagmsg() async throws {
        let port = try await SharedServer.shared.port()
        let a = try TestClient(port: port)
        try a.register(Nick.make("v3a"), caps: ["echo-message", "message-tags", "server-time"])
        let b = try TestClient(port: port)
        try b.register(Nick.make("v3b"), caps: ["server-time"])
        let c = try TestClient(port: port)
        try c.register(Nick.make("v3c"), caps: ["message-tags"])
        let room = "#" + Nick.make("tags")
        for client in [a, b, c] {
            client.send("JOIN \(room)")
            try client.expect("366")
        }
        a.send("@+draft/react=🕷;+x=1 PRIVMSG \(room) :tagged")
        let echo = try a.expect("PRIVMSG")
        #expect(echo.tag("+x") == "1")
        #expect(echo.tag("msgid") != nil)
        #expect(echo.tag("time")?.hasSuffix("Z") == true)
        let atB = try b.expect("PRIVMSG")
        #expect(atB.tags.map(\.key) == ["time"])
        #expect(atB.tag("time") == echo.tag("time"))
        let atC = try c.expect("PRIVMSG")
        #expect(atC.tag("msgid") == echo.tag("msgid"))
        #expect(atC.tag("+draft/react") == "🕷")
        a.send("@+typing=active TAGMSG \(room)")
        #expect(try c.expect("TAGMSG").tag("+typing") == "active")
        try a.expect("TAGMSG")
        let atBAfter = try b.sync()
        #expect(!atBAfter.contains { $0.command == "TAGMSG" }, "TAGMSG only reaches message-tags clients")
    }

    @Test func labeledResponses() async throws {
        let port = try await SharedServer.shared.port()
        let a = try TestClient(port: port)
        try a.register(Nick.make("lbl"), caps: ["labeled-response", "batch", "echo-message"])
        a.send("@label=one PONG :nothing")
        let ack = try a.expect("ACK")
        #expect(ack.tag("label") == "one")
        a.send("@label=two PRIVMSG \(a.nick) :self")
        let echoed = try a.read(until: { $0.tag("label") == "two" }).last!
        #expect(echoed.command == "BATCH" || echoed.command == "PRIVMSG")
        a.send("@label=three WHOIS \(a.nick)")
        let start = try a.read(until: { $0.tag("label") == "three" }).last!
        #expect(start.command == "BATCH" && start.parameters[1] == "labeled-response")
        let ref = String(start.parameters[0].dropFirst())
        let inside = try a.read(until: { $0.command == "BATCH" && $0.parameters[0] == "-" + ref })
        #expect(inside.dropLast().allSatisfy { $0.tag("batch") == ref })
        #expect(inside.contains { $0.command == "318" })
    }

    @Test func standardRepliesForBadUTF8AndLongLines() async throws {
        let port = try await SharedServer.shared.port()
        let a = try TestClient(port: port)
        try a.register(Nick.make("utf"))
        a.sendRaw(Array("PRIVMSG \(a.nick) :".utf8) + [0xFF, 0xFE, 0x0D, 0x0A])
        let fail = try a.expect("FAIL")
        #expect(fail.parameters[0] == "PRIVMSG" && fail.parameters[1] == "INVALID_UTF8")
        a.send("PRIVMSG \(a.nick) :" + String(repeating: "x", count: 600))
        try a.expect("417")
        a.send("@+big=" + String(repeating: "y", count: 5000) + " TAGMSG \(a.nick)")
        try a.expect("417")
        a.sendRaw(Array(repeating: UInt8(ascii: "z"), count: 20_000) + [0x0A])
        try a.expect("417")
        a.sendRaw([0x50, 0x49, 0x4E, 0x47, 0x20, 0x61, 0x00, 0x62, 0x0A])
        try a.expect("FAIL")
        let after = try a.sync("still-alive")
        #expect(after.last?.command == "PONG")
    }
}
