import TerminalHarness
import Testing

/// IRCv3 server-time (ircv3.net/specs/extensions/server-time).
@Suite struct IRCv3_ServerTime {
    /// YYYY-MM-DDThh:mm:ss.sssZ
    static func wellFormed(_ time: String) -> Bool {
        time.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil
    }

    /// "The value of the tag MUST have the following syntax: <value> ::=
    /// YYYY-MM-DDThh:mm:ss.sssZ" — UTC, millisecond precision — on what other users cause
    /// (JOIN, PRIVMSG, NOTICE, TOPIC, PART) and on one's own echo.
    @Test func timeTagFormat() throws {
        let server = try ServerProcess()
        let a = try server.connect()
        try a.register("clock", caps: ["server-time", "echo-message"])
        try a.exchange("JOIN #clock")
        let other = try server.connect()
        try other.register("other")
        try other.exchange("JOIN #clock", "PRIVMSG #clock :hi", "NOTICE clock :psst", "PART #clock :bye")
        let seen = try a.exchange("PRIVMSG clock :tick")
        let caused = seen.filter { ["JOIN", "PRIVMSG", "NOTICE", "PART"].contains($0.command) }
        #expect(caused.commands == ["JOIN", "PRIVMSG", "NOTICE", "PART", "PRIVMSG", "PRIVMSG"], "\(seen)")
        for m in caused {
            let time = try #require(m.tags["time"], "no time tag: \(m)")
            #expect(Self.wellFormed(time), "\(m)")
        }
    }

    /// "Servers MAY include the timestamp in messages when they see fit but MUST NOT do so
    /// before acknowledging the client capability using CAP ACK." Nothing before the ACK (the
    /// CAP LS reply, a PING answered during negotiation) carries `time`; and a client that
    /// never asked sees none at all, registration burst and relayed messages included.
    @Test func noTimeTagBeforeTheAckOrWithoutTheCap() throws {
        let server = try ServerProcess()
        let talker = try server.connect()
        try talker.register("talker")
        try talker.exchange("JOIN #t")

        let asker = try server.connect()
        asker.send("CAP LS 302")
        let beforeAck = try asker.exchange("NICK asker", "USER a 0 * :A")
        asker.send("CAP REQ server-time")
        let ack = try asker.read(until: { $0.command == "CAP" && $0.param(1) == "ACK" })
        #expect((beforeAck + ack).allSatisfy { $0.tags["time"] == nil }, "\(beforeAck + ack)")
        asker.send("CAP END")
        try asker.read(until: { $0.command == "376" || $0.command == "422" })
        try asker.exchange("JOIN #t")

        let plain = try server.connect()
        let burst = try plain.register("plain")
        try plain.exchange("JOIN #t")
        try talker.exchange("PRIVMSG #t :what time is it")
        let plainSaw = try plain.sync()
        #expect(plainSaw.has("PRIVMSG"))
        #expect((burst + plainSaw).allSatisfy { $0.tags["time"] == nil }, "\(burst + plainSaw)")
        let askerSaw = try #require(try asker.sync().with("PRIVMSG").first)
        #expect(Self.wellFormed(askerSaw.tags["time"] ?? ""), "\(askerSaw)")
    }

    /// "It represents a calendar date and time of day in UTC": the time of a message is the
    /// server's now, so it lies between TIME asked before and after (391 with milliseconds,
    /// as this server answers TIME) — compared as text, which orders ISO 8601 UTC stamps.
    @Test func theTimeIsNowInUTC() throws {
        let server = try ServerProcess()
        let c = try server.connect()
        try c.register("timer", caps: ["server-time", "echo-message"])
        let before = try #require(try c.exchange("TIME").with("391").first?.param(2))
        let echo = try #require(try c.exchange("PRIVMSG timer :now").with("PRIVMSG").first?.tags["time"])
        let after = try #require(try c.exchange("TIME").with("391").first?.param(2))
        #expect(Self.wellFormed(before), "TIME answers \(before)")
        #expect(before <= echo && echo <= after, "\(before) ≤ \(echo) ≤ \(after)")
    }
}
