import TerminalHarness
import Testing

/// IRCv3 capability negotiation (ircv3.net/specs/extensions/capability-negotiation).
@Suite struct IRCv3_CapabilityNegotiation {
    /// "If a client sends CAP LS … the server MUST NOT complete registration until the client
    /// sends a CAP END" — NICK and USER alone do not register it.
    @Test func registrationWaitsForCapEnd() throws {
        let server = try ServerProcess()
        let c = try server.connect()
        c.send("CAP LS 302")
        c.send("NICK waiter")
        c.send("USER w 0 * :Waiter")
        c.send("PING before-end")
        let before = try c.read(until: { $0.command == "PONG" || $0.command == "001" })
        #expect(!before.has("001"), "\(before)")
        c.send("CAP END")
        #expect(try c.read(until: { $0.command == "001" || $0.command == "ERROR" }).last?.command == "001")
    }

    /// "If the client requests a capability which is not available, the server MUST NAK the
    /// whole request": nothing of it is enabled.
    @Test func unknownCapabilityNaksTheWholeRequest() throws {
        let server = try ServerProcess()
        let c = try server.connect()
        c.send("CAP LS 302")
        c.send("CAP REQ :server-time no-such-capability")
        let reply = try c.read(until: { $0.command == "CAP" && ["ACK", "NAK"].contains($0.param(1)) }).last!
        #expect(reply.param(1) == "NAK")
        #expect(reply.trailing == "server-time no-such-capability")
        c.send("CAP LIST")
        let list = try c.read(until: { $0.command == "CAP" && $0.param(1) == "LIST" }).last!
        #expect(!list.trailing.contains("server-time"))
    }

    /// "CAP LS 302": with version 302 the server lists values (`sasl=…`), and "CAP LIST"
    /// lists what the client enabled; "-cap" disables one.
    @Test func lsValuesListAndDisable() throws {
        let server = try ServerProcess()
        let c = try server.connect()
        c.send("CAP LS 302")
        let ls = try c.read(until: { $0.command == "CAP" && $0.param(1) == "LS" && $0.params.count == 3 }).map(\.trailing).joined(separator: " ")
        #expect(ls.contains("sasl="), "\(ls)")
        #expect(ls.split(separator: " ").contains("server-time"))
        try c.register("lister", caps: ["server-time", "echo-message"])
        // cap-notify is implied by CAP LS 302 (cap-notify spec), so it may be listed too.
        func list() throws -> Set<Substring> {
            Set(try c.exchange("CAP LIST").with("CAP").first?.trailing.split(separator: " ") ?? []).subtracting(["cap-notify"])
        }
        #expect(try list() == ["server-time", "echo-message"])
        try c.exchange("CAP REQ :-echo-message")
        #expect(try list() == ["server-time"])
    }

    /// "Clients MAY request capabilities at any time after registration" (CAP REQ), and from
    /// the ACK on the server speaks the new extension to that client — in channels it had
    /// joined and heard messages in before, too; disabling one takes it away as promptly.
    @Test func aCapabilityEnabledAfterJoiningAppliesToChannelMessages() throws {
        let server = try ServerProcess()
        let speaker = try server.connect()
        try speaker.register("speaker")
        let listener = try server.connect()
        try listener.register("listener")
        try speaker.exchange("JOIN #caps")
        try listener.exchange("JOIN #caps")
        func heard(_ text: String) throws -> Message {
            speaker.send("PRIVMSG #caps :\(text)")
            return try #require(try listener.read(until: { $0.command == "PRIVMSG" }).last)
        }
        let plain = try heard("before")
        #expect(plain.trailing == "before" && plain.tags.isEmpty, "\(plain)")

        let ack = try listener.exchange("CAP REQ :message-tags server-time")
        #expect(ack.with("CAP").first?.param(1) == "ACK", "\(ack)")
        let tagged = try heard("after")
        #expect(tagged.trailing == "after")
        #expect(tagged.tags["msgid"]?.isEmpty == false && tagged.tags["time"]?.isEmpty == false, "\(tagged)")

        try listener.exchange("CAP REQ :-message-tags -server-time")
        let untagged = try heard("again")
        #expect(untagged.trailing == "again" && untagged.tags.isEmpty, "\(untagged)")
    }
}
