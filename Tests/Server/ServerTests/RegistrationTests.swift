import IRCProtocol
import ServerCore
import ServerNIO
import TerminalHarness
import Testing

@Suite struct RegistrationTests {
    @Test func welcomeBurstTellsTheTruth() async throws {
        let c = try TestClient(port: try await SharedServer.shared.port())
        let nick = Nick.make("reg")
        let burst = try c.register(nick)
        let commands = burst.map(\.command)
        for numeric in ["001", "002", "003", "004", "005", "251", "252", "253", "254", "255", "265", "266", "375", "372", "376"] {
            #expect(commands.contains(numeric), "missing \(numeric)")
        }
        let welcome = burst.first { $0.command == "001" }!
        #expect(welcome.parameters[0] == nick)
        #expect(welcome.source?.name == "test.server")
        #expect(welcome.parameters[1].contains("\(nick)!user@127.0.0.1"))
        let tokens = burst.filter { $0.command == "005" }.flatMap { $0.parameters.dropFirst().dropLast() }
        for token in ["CASEMAPPING=rfc1459", "CHANTYPES=#&", "PREFIX=(ov)@+", "CHANMODES=b,k,l,imnst", "NICKLEN=30", "UTF8ONLY", "WHOX"] {
            #expect(tokens.contains(token), "005 lacks \(token)")
        }
    }

    @Test func nickErrors() async throws {
        let port = try await SharedServer.shared.port()
        let a = try TestClient(port: port)
        let taken = Nick.make("Taken")
        try a.register(taken)
        let b = try TestClient(port: port)
        b.send("NICK")
        #expect(try b.expect("431").parameters == ["*", "No nickname given"])
        b.send("NICK 9lives")
        #expect(try b.expect("432").parameters[1] == "9lives")
        b.send("NICK bad,nick")
        try b.expect("432")
        b.send("NICK \(taken.uppercased())")
        #expect(try b.expect("433").parameters[1] == taken.uppercased())
        b.send("NICK " + String(repeating: "n", count: 31))
        try b.expect("432")
    }

    @Test func casemappingMakesBracketsEqual() async throws {
        let port = try await SharedServer.shared.port()
        let a = try TestClient(port: port)
        let base = Nick.make("cm")
        try a.register(base + "[x]")
        let b = try TestClient(port: port)
        b.send("NICK \(base.uppercased()){X}")
        try b.expect("433")
    }

    @Test func commandsBeforeRegistration() async throws {
        let c = try TestClient(port: try await SharedServer.shared.port())
        c.send("JOIN #x")
        #expect(try c.expect("451").parameters == ["*", "You have not registered"])
        c.send("USER u 0 *")
        #expect(try c.expect("461").parameters[1] == "USER")
        c.send("FOO bar")
        #expect(try c.expect("421").parameters[1] == "FOO")
        c.send("PING abc")
        #expect(try c.expect("PONG").parameters == ["test.server", "abc"])
    }

    @Test func reregistrationIsRefused() async throws {
        let c = try TestClient(port: try await SharedServer.shared.port())
        try c.register(Nick.make("rr"))
        c.send("USER again 0 * :x")
        try c.expect("462")
        c.send("PASS late")
        try c.expect("462")
    }

    @Test func capNegotiationHoldsRegistration() async throws {
        let c = try TestClient(port: try await SharedServer.shared.port())
        c.send("CAP LS 302")
        let ls = try c.expect("CAP")
        #expect(ls.parameters[0] == "*" && ls.parameters[1] == "LS")
        let offered = Set(ls.parameters[2].split(separator: " ").map(String.init))
        for cap in ["message-tags", "server-time", "echo-message", "multi-prefix", "userhost-in-names", "extended-join",
                    "away-notify", "invite-notify", "setname", "batch", "labeled-response", "standard-replies", "cap-notify"] {
            #expect(offered.contains(cap), "CAP LS lacks \(cap)")
        }
        let nick = Nick.make("cap")
        c.send("NICK \(nick)")
        c.send("USER u 0 * :r")
        c.send("CAP REQ :server-time bogus-cap")
        let nak = try c.expect("CAP")
        #expect(nak.parameters == [nick, "NAK", "server-time bogus-cap"])
        c.send("CAP REQ :server-time echo-message")
        #expect(try c.expect("CAP").parameters == [nick, "ACK", "server-time echo-message"])
        c.send("CAP LIST")
        let list = try c.expect("CAP")
        #expect(Set(list.parameters[2].split(separator: " ")) == ["cap-notify", "echo-message", "server-time"])
        c.send("CAP REQ :-echo-message")
        try c.expect("CAP")
        c.send("CAP FROB")
        #expect(try c.expect("410").parameters[1] == "FROB")
        let before = try c.sync()
        #expect(!before.contains { $0.command == "001" }, "registered before CAP END")
        c.send("CAP END")
        try c.expect("001")
    }

    @Test func pingPongAndQuit() async throws {
        let c = try TestClient(port: try await SharedServer.shared.port())
        try c.register(Nick.make("pq"))
        c.send("PING")
        try c.expect("461")
        c.send("PING :token with spaces")
        #expect(try c.expect("PONG").parameters == ["test.server", "token with spaces"])
        c.send("QUIT :see you")
        let lines = try c.readUntilClosed()
        #expect(lines.last == "ERROR :Closing Link: 127.0.0.1 (Quit: see you)")
    }

    @Test func motdLusersVersionTimeAdmin() async throws {
        let c = try TestClient(port: try await SharedServer.shared.port())
        try c.register(Nick.make("info"))
        c.send("MOTD")
        try c.expect("375")
        try c.expect("376")
        c.send("LUSERS")
        let lusers = try c.collect(until: "266")
        #expect(lusers.contains { $0.command == "251" })
        c.send("VERSION")
        #expect(try c.expect("351").parameters[1].hasPrefix("tachikoma"))
        c.send("TIME")
        #expect(try c.expect("391").parameters[1] == "test.server")
        c.send("ADMIN")
        try c.expect("256")
    }
}

@Suite struct PasswordTests {
    @Test func wrongPasswordIsRefusedRightOneAccepted() async throws {
        let server = try await ServerFixture.start { $0.password = "opensesame" }
        defer { Task { await server.shutdown() } }
        let bad = try TestClient(port: server.ports[0])
        bad.send("PASS nope")
        bad.send("NICK pw1")
        bad.send("USER u 0 * :r")
        try bad.expect("464")
        let rest = try bad.readUntilClosed()
        #expect(rest.last?.hasPrefix("ERROR :Closing Link") == true)
        let good = try TestClient(port: server.ports[0])
        good.send("PASS opensesame")
        try good.register("pw2")
    }
}
