import Foundation
import TerminalHarness
import Testing

/// Several connections as one user (multiclient) and a user that outlives its connections
/// (always-on). No IRC specification defines either; where one touches them it is quoted
/// (draft/read-marker: "the server SHOULD send a MARKREAD command for that target to all the
/// clients of the user"; "after the server sends a server JOIN command to the client for a
/// corresponding channel, the server MUST send a MARKREAD command for that channel"), and
/// the rest follows ergo, whose behaviour the public conformance suite checks (irctest
/// testReadMarkerPropagatedToOtherSessions, testReadMarkerPersistsAcrossReconnect).
@Suite struct Ergo_MulticlientAlwaysOn {
    static let caps = ["draft/read-marker", "server-time", "message-tags", "batch"]

    /// A second connection of the account asking for the nick the first one holds joins it:
    /// 001 with that nick instead of 433, the user's channels replayed to it alone, one
    /// member in NAMES; what either connection says reaches the other, what others say
    /// reaches both; closing one is not a QUIT, closing the last is.
    @Test func aSecondConnectionOfTheAccountJoinsTheUser() throws {
        let server = try Fixture.server(accounts: ["alice"])
        let first = try Fixture.login(server, "alice", caps: [])
        let bob = try server.connect()
        try bob.register("bob")
        try first.exchange("JOIN #room")
        try bob.exchange("JOIN #room")
        try first.sync()
        bob.send("PRIVMSG #room :before the second")
        #expect(try first.read(until: { $0.command == "PRIVMSG" }).last?.trailing == "before the second")

        let second = try server.connect()
        let welcome = try second.register("alice", caps: [], login: ("alice", "pw-alice-secret"))
        #expect(welcome.with("001").first?.param(0) == "alice", "\(welcome.commands)")
        #expect(!welcome.has("433"))
        let replay = try second.sync()
        #expect(replay.with("JOIN").map { $0.param(0) } == ["#room"], "\(replay.commands)")
        #expect(replay.with("353").first?.trailing.split(separator: " ").sorted() == ["@alice", "bob"], "\(replay)")
        // Nobody else hears of the new connection.
        #expect(!(try bob.sync()).has("JOIN"))
        #expect(!(try first.sync()).has("JOIN"))
        #expect(try bob.exchange("NAMES #room").with("353").first?.trailing.split(separator: " ").sorted() == ["@alice", "bob"])

        // What one connection says reaches the other (without echo-message) and the channel.
        second.send("PRIVMSG #room :from the second")
        #expect(try bob.read(until: { $0.command == "PRIVMSG" }).last?.trailing == "from the second")
        #expect(try first.read(until: { $0.command == "PRIVMSG" }).last.map { [$0.nick, $0.trailing] } == ["alice", "from the second"])
        #expect(!(try second.sync()).has("PRIVMSG"))
        // What others say to the user, or in its channels, reaches both connections.
        bob.send("PRIVMSG alice :to both")
        #expect(try first.read(until: { $0.command == "PRIVMSG" }).last?.trailing == "to both")
        #expect(try second.read(until: { $0.command == "PRIVMSG" }).last?.trailing == "to both")
        bob.send("PRIVMSG #room :to the room")
        #expect(try first.read(until: { $0.command == "PRIVMSG" }).last?.trailing == "to the room")
        #expect(try second.read(until: { $0.command == "PRIVMSG" }).last?.trailing == "to the room")
        // A nick change by one is the user's.
        first.send("NICK alice_")
        #expect(try second.read(until: { $0.command == "NICK" }).last?.param(0) == "alice_")
        #expect(try bob.read(until: { $0.command == "NICK" }).last?.param(0) == "alice_")

        // Closing one connection is not a QUIT: the other still speaks for the user.
        first.send("QUIT :one of two")
        _ = try first.readUntilClosed()
        second.send("PRIVMSG #room :still here")
        let seen = try bob.read(until: { $0.command == "PRIVMSG" })
        #expect(!seen.has("QUIT"), "\(seen)")
        #expect(seen.last?.trailing == "still here")
        second.send("QUIT :last one")
        #expect(try bob.read(until: { $0.command == "QUIT" }).last?.nick == "alice_")
    }

    /// "the server SHOULD send a MARKREAD command for that target to all the clients of the
    /// user" — also to a connection that is not in the channel (irctest
    /// testReadMarkerPropagatedToOtherSessions).
    @Test func markreadReachesEveryConnectionOfTheUser() throws {
        let server = try Fixture.server(accounts: ["reader"])
        let one = try Fixture.login(server, "reader", caps: Self.caps)
        try one.exchange("JOIN #test")
        let two = try Fixture.login(server, "reader", caps: Self.caps)
        try two.sync()
        let stamp = "timestamp=2022-11-11T11:11:11.111Z"
        #expect(try one.exchange("MARKREAD #test \(stamp)").with("MARKREAD").map(\.params) == [["#test", stamp]])
        #expect(try two.read(until: { $0.command == "MARKREAD" }).last?.params == ["#test", stamp])
    }

    /// A connection that is not logged in to the holder's account still gets 433, whether
    /// anonymous or logged in to another account; so does the same account when multiclient
    /// is off (`[accounts] multiclient = false`).
    @Test func anyoneElseStillGets433() throws {
        let server = try Fixture.server(accounts: ["alice", "mallory"])
        let alice = try Fixture.login(server, "alice", caps: [])
        try alice.sync()
        let anonymous = try server.connect()
        anonymous.send("NICK alice")
        anonymous.send("USER u 0 * :Anonymous")
        #expect(try anonymous.read(until: { $0.command == "433" || $0.command == "001" }).last?.command == "433")
        #expect(try Self.attempt(server, "alice", login: ("mallory", "pw-mallory-secret")) == "433")

        let single = try Fixture.server(accounts: ["alice"], extraTOML: "[accounts]\nmulticlient = false\n")
        let held = try Fixture.login(single, "alice", caps: [])
        try held.sync()
        #expect(try Self.attempt(single, "alice", login: ("alice", "pw-alice-secret")) == "433")
        #expect(try Self.attempt(server, "alice", login: ("alice", "pw-alice-secret")) == "001")
    }

    /// Logs in and registers as `nick`; returns how registration ended (433 or 001).
    static func attempt(_ server: ServerProcess, _ nick: String, login: (String, String)) throws -> String? {
        let c = try server.connect()
        c.send("CAP LS 302")
        c.send("CAP REQ sasl")
        c.send("NICK \(nick)")
        c.send("USER u 0 * :Tester")
        c.send("AUTHENTICATE PLAIN")
        var seen = try c.read(until: { $0.command == "AUTHENTICATE" })
        c.send("AUTHENTICATE " + Data("\(login.0)\0\(login.0)\0\(login.1)".utf8).base64EncodedString())
        seen += try c.read(until: { $0.command == "903" || $0.command == "904" })
        guard seen.last?.command == "903" else { return nil }
        c.send("CAP END")
        // 433 may come at NICK already (nobody could join that user) or at the end.
        if seen.has("433") { return "433" }
        return try c.read(until: { $0.command == "433" || $0.command == "001" }).last?.command
    }

    /// Always-on (`[accounts] always_on = true`): a logged-in user whose last connection
    /// closes stays in its channels, nick held, no QUIT; the account's next connection picks
    /// it up and, per read-marker, gets each channel's JOIN and then its MARKREAD (irctest
    /// testReadMarkerPersistsAcrossReconnect). A guest still quits.
    @Test func alwaysOnKeepsTheUserUntilTheAccountReturns() throws {
        let server = try Fixture.server(accounts: ["alice"], extraTOML: "[accounts]\nalways_on = true\n")
        let alice = try Fixture.login(server, "alice", caps: Self.caps)
        let bob = try server.connect()
        try bob.register("bob")
        try alice.exchange("JOIN #test")
        try bob.exchange("JOIN #test")
        let stamp = "timestamp=2021-05-20T08:30:00.000Z"
        try alice.exchange("MARKREAD #test \(stamp)")
        alice.close()

        // Nobody sees a QUIT; the user is still a member and still holds the nick.
        let guest = try server.connect()
        try guest.register("guest")
        try guest.exchange("JOIN #test")
        #expect(try bob.exchange("NAMES #test").with("353").first?.trailing.split(separator: " ").sorted() == ["@alice", "bob", "guest"])
        #expect(!bob.transcript.contains { Message($0).command == "QUIT" })
        #expect(try bob.exchange("WHOIS alice").has("311"))
        bob.send("PRIVMSG #test :while away")
        #expect(try guest.read(until: { $0.command == "PRIVMSG" }).last?.trailing == "while away")

        let back = try server.connect()
        let welcome = try back.register("alice", caps: Self.caps, login: ("alice", "pw-alice-secret"))
        #expect(welcome.with("001").first?.param(0) == "alice")
        let replay = try back.sync()
        let join = try #require(replay.firstIndex { $0.command == "JOIN" && $0.param(0) == "#test" }, "\(replay.commands)")
        let marker = try #require(replay.firstIndex { $0.command == "MARKREAD" && $0.param(0) == "#test" }, "\(replay.commands)")
        #expect(join < marker)
        #expect(replay[marker].params == ["#test", stamp])
        #expect(!(try bob.sync()).has("JOIN"))
        // The returning connection hears the channel again.
        bob.send("PRIVMSG #test :welcome back")
        #expect(try back.read(until: { $0.command == "PRIVMSG" }).last?.trailing == "welcome back")

        // A guest is not kept.
        guest.close()
        #expect(try bob.read(until: { $0.command == "QUIT" }).last?.nick == "guest")
    }
}
