import TerminalHarness
import Testing

/// IRCv3 draft/read-marker (ircv3.net/specs/extensions/read-marker).
@Suite struct IRCv3_ReadMarker {
    static let caps = Fixture.historyCaps + ["draft/read-marker", "echo-message"]

    /// "If the server receives a MARKREAD command with missing parameters, the
    /// NEED_MORE_PARAMS error code MUST be returned." / "If the selectors were invalid, the
    /// INVALID_PARAMS error code SHOULD be returned." — and the timestamp "MUST NOT be a
    /// literal *". These parameter checks come before any account check (ergo's order), so
    /// a client that is not logged in hears what is wrong with its command.
    @Test func parameterErrorsComeFirst() throws {
        let server = try ServerProcess()
        let c = try server.connect()
        try c.register("anonymous", caps: ["draft/read-marker"])
        let cases: [(String, [String])] = [
            ("MARKREAD", ["MARKREAD", "NEED_MORE_PARAMS"]),
            ("MARKREAD #chan timestamp=yesterday", ["MARKREAD", "INVALID_PARAMS"]),
            ("MARKREAD #chan *", ["MARKREAD", "INVALID_PARAMS"]),
            ("MARKREAD #chan 2024-01-01T00:00:00.000Z", ["MARKREAD", "INVALID_PARAMS"]),
        ]
        for (line, expected) in cases {
            let reply = try #require(try c.exchange(line).first, "\(line)")
            #expect(reply.command == "FAIL" && Array(reply.params.prefix(2)) == expected, "\(line): \(reply)")
        }
    }

    /// "If there is no known last message read timestamp, the timestamp parameter is a
    /// literal *."
    @Test func nothingStoredIsAStar() throws {
        let server = try Fixture.server(accounts: ["reader"])
        let c = try Fixture.login(server, "reader", caps: Self.caps)
        #expect(try c.exchange("MARKREAD #nowhere").with("MARKREAD").map(\.params) == [["#nowhere", "*"]])
        #expect(try c.exchange("MARKREAD somebody").with("MARKREAD").map(\.params) == [["somebody", "*"]])
    }

    /// "If the provided timestamp is older than the server's stored value, the server MUST
    /// reply to the client with a MARKREAD command carrying the server's stored value."
    @Test func markerNeverGoesBackwards() throws {
        let server = try Fixture.server(accounts: ["reader"])
        let c = try Fixture.login(server, "reader", caps: Self.caps)
        let newer = "timestamp=2030-01-02T00:00:00.000Z", older = "timestamp=2030-01-01T00:00:00.000Z"
        #expect(try c.exchange("MARKREAD #chan \(newer)").with("MARKREAD").map(\.params) == [["#chan", newer]])
        #expect(try c.exchange("MARKREAD #chan \(older)").with("MARKREAD").map(\.params) == [["#chan", newer]])
        #expect(try c.exchange("MARKREAD #chan \(newer)").with("MARKREAD").map(\.params) == [["#chan", newer]])
        #expect(try c.exchange("MARKREAD #chan").with("MARKREAD").map(\.params) == [["#chan", newer]])
    }

    /// "after the server sends a server JOIN command to the client for a corresponding
    /// channel, the server MUST send a MARKREAD command for that channel. The command MUST
    /// be sent before the RPL_ENDOFNAMES reply for that channel following the JOIN."
    @Test func markreadAfterJoinBeforeEndOfNames() throws {
        let server = try Fixture.server(accounts: ["reader"])
        let c = try Fixture.login(server, "reader", caps: Self.caps)
        // Read up to RPL_ENDOFNAMES itself: that the JOIN's replies also come before a later
        // PING's PONG is the ordering rule (issue 12, item 1), checked by its own tests.
        c.send("JOIN #fresh")
        var replies = try c.read(until: { $0.command == "366" })
        var join = try #require(replies.firstIndex { $0.command == "JOIN" })
        var marker = try #require(replies.firstIndex { $0.command == "MARKREAD" }, "\(replies)")
        var end = try #require(replies.firstIndex { $0.command == "366" })
        #expect(join < marker && marker < end, "\(replies.commands)")
        #expect(replies[marker].params == ["#fresh", "*"])

        let stamp = "timestamp=2030-01-01T00:00:00.000Z"
        try c.exchange("MARKREAD #fresh \(stamp)", "PART #fresh")
        c.send("JOIN #fresh")
        replies = try c.read(until: { $0.command == "366" })
        join = try #require(replies.firstIndex { $0.command == "JOIN" })
        marker = try #require(replies.firstIndex { $0.command == "MARKREAD" }, "\(replies)")
        end = try #require(replies.firstIndex { $0.command == "366" })
        #expect(join < marker && marker < end, "\(replies.commands)")
        #expect(replies[marker].params == ["#fresh", stamp])

        // Without the capability: no MARKREAD.
        let plain = try Fixture.login(server, "reader", nick: "reader2", caps: Fixture.historyCaps)
        plain.send("JOIN #fresh")
        #expect(!(try plain.read(until: { $0.command == "366" })).has("MARKREAD"))
        #expect(!(try plain.sync()).has("MARKREAD"))
    }

    /// "The target parameter specifies a single buffer (channel or nickname)"; "after the
    /// last read timestamp of a target changes, the server SHOULD send a MARKREAD command for
    /// that target to all the clients of the user" — shared by the account's sessions and
    /// kept across reconnects.
    @Test func userTargetsSharedAcrossSessionsAndReconnects() throws {
        let server = try Fixture.server(accounts: ["reader", "friend"])
        let first = try Fixture.login(server, "reader", caps: Self.caps)
        let second = try Fixture.login(server, "reader", nick: "reader_phone", caps: Self.caps)
        let stamp = "timestamp=2030-03-04T05:06:07.890Z"
        #expect(try first.exchange("MARKREAD friend \(stamp)").with("MARKREAD").map(\.params) == [["friend", stamp]])
        #expect(try second.sync().with("MARKREAD").map(\.params) == [["friend", stamp]])
        #expect(try second.exchange("MARKREAD FRIEND").with("MARKREAD").first?.params.last == stamp)
        first.close()
        second.close()
        let later = try Fixture.login(server, "reader", nick: "reader_again", caps: Self.caps)
        #expect(try later.exchange("MARKREAD friend").with("MARKREAD").map(\.params) == [["friend", stamp]])
        // Not disclosed to anybody else.
        let friend = try Fixture.login(server, "friend", caps: Self.caps)
        #expect(try friend.exchange("MARKREAD reader").with("MARKREAD").map(\.params) == [["reader", "*"]])
    }

    /// The spec ties markers to the user, not to an account: a client that is not logged in
    /// gets them for as long as its connection lasts (as ergo; irctest testGetNoReadMarker,
    /// testSetAndGet, testReadMarkerDoesNotDecrease, testReadMarkerUserTarget and
    /// testReadMarkerOnJoin run without an account). "After the server sends a JOIN … the
    /// server MUST send a MARKREAD … before the RPL_ENDOFNAMES reply."
    @Test func aGuestKeepsMarkersForItsConnection() throws {
        let server = try ServerProcess()
        let c = try server.connect()
        try c.register("guestreader", caps: ["draft/read-marker", "server-time"])
        #expect(try c.exchange("MARKREAD #later").with("MARKREAD").map(\.params) == [["#later", "*"]])
        let newer = "2026-01-02T03:04:05.678Z", older = "2025-01-02T03:04:05.678Z"
        #expect(try c.exchange("MARKREAD #later timestamp=\(newer)").with("MARKREAD").map(\.params) == [["#later", "timestamp=" + newer]])
        #expect(try c.exchange("MARKREAD #later").with("MARKREAD").map(\.params) == [["#later", "timestamp=" + newer]])
        #expect(try c.exchange("MARKREAD #later timestamp=\(older)").with("MARKREAD").map(\.params) == [["#later", "timestamp=" + newer]],
                "never backwards")
        #expect(try c.exchange("MARKREAD SomeBody timestamp=\(newer)").with("MARKREAD").map(\.params) == [["SomeBody", "timestamp=" + newer]])
        #expect(try c.exchange("MARKREAD somebody").with("MARKREAD").map(\.params) == [["somebody", "timestamp=" + newer]],
                "a user target, case-folded")

        let join = try c.exchange("JOIN #later")
        let commands = join.map(\.command)
        let marker = try #require(commands.firstIndex(of: "MARKREAD"), "\(join)")
        let end = try #require(commands.firstIndex(of: "366"), "\(join)")
        #expect(marker < end && join[marker].params == ["#later", "timestamp=" + newer], "\(join)")
        let fresh = try server.connect()
        try fresh.register("otherguest", caps: ["draft/read-marker"])
        let freshJoin = try fresh.exchange("JOIN #later")
        #expect(freshJoin.with("MARKREAD").map(\.params) == [["#later", "*"]], "another connection has its own: \(freshJoin)")
    }
}
