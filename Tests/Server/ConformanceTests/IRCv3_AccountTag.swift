import TerminalHarness
import Testing

/// IRCv3 account-tag (ircv3.net/specs/extensions/account-tag).
@Suite struct IRCv3_AccountTag {
    /// "the server MUST add this tag to any message sent by a client which is logged into an
    /// account" (the tag goes to clients that negotiated account-tag): JOIN, TOPIC, MODE,
    /// INVITE, KICK, NICK, PART, AWAY, PRIVMSG, NOTICE, TAGMSG, QUIT.
    @Test func everyMessageFromALoggedInUserCarriesTheTag() throws {
        let server = try Fixture.server(accounts: ["tagged"])
        let watcher = try server.connect()
        try watcher.register("watcher", caps: ["account-tag", "message-tags", "away-notify", "invite-notify"])
        try watcher.exchange("JOIN #t")
        let user = try Fixture.login(server, "tagged", caps: ["message-tags"])
        try user.exchange("JOIN #t")
        let invitee = try server.connect()
        try invitee.register("invitee", caps: ["account-tag"])
        try watcher.exchange("MODE #t +o tagged")
        try watcher.sync()
        let invited = try user.exchange("INVITE invitee #t")
        #expect(invited.has("341"))
        let invite = try #require(try invitee.sync().with("INVITE").first)
        #expect(invite.tags["account"] == "tagged", "INVITE: \(invite)")
        try invitee.exchange("JOIN #t")
        try user.exchange("TOPIC #t :tagged topic", "PRIVMSG #t :words", "NOTICE #t :notice", "@+x=y TAGMSG #t",
                          "AWAY :gone", "MODE #t +v invitee", "KICK #t invitee", "NICK tagged_", "PART #t", "JOIN #t")
        user.send("QUIT :bye")
        let seen = try watcher.read(until: { $0.command == "QUIT" })
        let fromUser = seen.filter { $0.nick == "tagged" || $0.nick == "tagged_" }
        let commands = fromUser.map(\.command)
        for command in ["TOPIC", "PRIVMSG", "NOTICE", "TAGMSG", "AWAY", "KICK", "NICK", "PART", "JOIN", "QUIT", "MODE"] {
            #expect(commands.contains(command), "\(command) not seen: \(seen)")
        }
        for m in fromUser {
            #expect(m.tags["account"] == "tagged", "\(m.command) without the account tag: \(m)")
        }
    }
}
