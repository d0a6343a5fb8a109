import Testing

/// IRCv3 echo-message (ircv3.net/specs/extensions/echo-message).
@Suite struct IRCv3_EchoMessage {
    /// "If enabled, servers MUST send PRIVMSG and NOTICE messages back to the client that sent
    /// them." — to a channel and to a nick, one echo per target of a target list, with the
    /// sender as the source; a client without the capability gets none.
    @Test func privmsgAndNoticeAreEchoedPerTarget() throws {
        let server = try ServerProcess()
        let echoer = try server.connect()
        try echoer.register("echoer", caps: ["echo-message"])
        let plain = try server.connect()
        try plain.register("plain")
        let hearer = try server.connect()
        try hearer.register("hearer")
        for c in [echoer, plain, hearer] { try c.exchange("JOIN #echo") }
        let echoes = try echoer.exchange("PRIVMSG #echo :to the channel", "NOTICE hearer :to a nick",
                                         "PRIVMSG #echo,hearer :to both")
        #expect(echoes.filter { ["PRIVMSG", "NOTICE"].contains($0.command) }.map { [$0.command] + $0.params } == [
            ["PRIVMSG", "#echo", "to the channel"], ["NOTICE", "hearer", "to a nick"],
            ["PRIVMSG", "#echo", "to both"], ["PRIVMSG", "hearer", "to both"],
        ], "\(echoes)")
        #expect(echoes.filter { ["PRIVMSG", "NOTICE"].contains($0.command) }.allSatisfy { $0.source == "echoer!user@127.0.0.1" })
        let none = try plain.exchange("PRIVMSG #echo :no echo for me", "NOTICE hearer :nor here")
        #expect(!none.contains { ["PRIVMSG", "NOTICE"].contains($0.command) && $0.nick == "plain" }, "\(none)")
    }

    /// "If servers apply any modifications to these messages, they MUST send the final version
    /// of the message back to the originating client." The target as the client wrote it
    /// (another case) becomes the channel's and the nick's own spelling: the echo is exactly
    /// what the recipients get, tags included (message-ids: the same msgid; server-time).
    @Test func theEchoIsTheFinalVersion() throws {
        let server = try ServerProcess()
        let caps = ["echo-message", "message-tags", "server-time"]
        let echoer = try server.connect()
        try echoer.register("echoer", caps: caps)
        let hearer = try server.connect()
        try hearer.register("Hearer", caps: ["message-tags", "server-time"])
        try hearer.exchange("JOIN #Final")
        try echoer.exchange("JOIN #final")
        for line in ["@+x=1 PRIVMSG #FINAL :shouting the name", "@+x=2 NOTICE HEARER :shouting the nick"] {
            let echo = try #require(try echoer.exchange(line).first { ["PRIVMSG", "NOTICE"].contains($0.command) })
            let heard = try #require(try hearer.sync().first { ["PRIVMSG", "NOTICE"].contains($0.command) })
            #expect(echo.raw == heard.raw, "echo \(echo) vs delivered \(heard)")
            #expect(["#Final", "Hearer"].contains(echo.param(0)))
        }
    }

    /// "When the message-tags capability has been enabled, the same rules apply to TAGMSG
    /// messages." — echoed with its client-only tags, to a channel and to a nick.
    @Test func tagmsgIsEchoedWithMessageTags() throws {
        let server = try ServerProcess()
        let echoer = try server.connect()
        try echoer.register("echoer", caps: ["echo-message", "message-tags"])
        let hearer = try server.connect()
        try hearer.register("hearer", caps: ["message-tags"])
        try echoer.exchange("JOIN #tm")
        try hearer.exchange("JOIN #tm")
        let echoes = try echoer.exchange("@+typing=active TAGMSG #tm", "@+typing=paused TAGMSG hearer").with("TAGMSG")
        #expect(echoes.map(\.params) == [["#tm"], ["hearer"]], "\(echoes)")
        #expect(echoes.map { $0.tags["+typing"] ?? "" } == ["active", "paused"])
        #expect(echoes.allSatisfy { $0.nick == "echoer" && $0.tags["msgid"] != nil })
    }

    /// echo-message with message-tags, message-ids: the echo carries the same msgid and time
    /// as the recipients' copy ("the same msgid … for every recipient").
    @Test func echoCarriesTheSameMsgidAndTime() throws {
        let server = try ServerProcess()
        let a = try server.connect()
        try a.register("echoer", caps: ["message-tags", "server-time", "echo-message"])
        let b = try server.connect()
        try b.register("hearer", caps: ["message-tags", "server-time"])
        let echo = try #require(try a.exchange("PRIVMSG hearer :ping me").with("PRIVMSG").first)
        let heard = try #require(try b.sync().with("PRIVMSG").first)
        #expect(echo.tags["msgid"] != nil && echo.tags["msgid"] == heard.tags["msgid"])
        #expect(echo.tags["time"] == heard.tags["time"])
        #expect(echo.params == ["hearer", "ping me"] && echo.nick == "echoer")
    }

    /// A message the server refuses is not delivered, so nothing is echoed: only the error
    /// (Modern: ERR_CANNOTSENDTOCHAN 404 "the PRIVMSG / NOTICE could not be delivered").
    @Test func aRefusedMessageIsNotEchoed() throws {
        let server = try ServerProcess()
        let owner = try server.connect()
        try owner.register("owner")
        try owner.exchange("JOIN #closed", "MODE #closed +n")
        let outsider = try server.connect()
        try outsider.register("outsider", caps: ["echo-message"])
        let replies = try outsider.exchange("PRIVMSG #closed :let me in")
        #expect(replies.commands == ["404"], "\(replies)")
        #expect(!(try owner.sync().has("PRIVMSG")))
    }
}
