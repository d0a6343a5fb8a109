import Testing

/// IRCv3 extended-join, away-notify, invite-notify, multi-prefix, userhost-in-names, setname
/// and account-notify: what a channel member sees of the others.
@Suite struct IRCv3_ChannelExtensions {
    /// extended-join: "JOIN <channel> <accountname> :<realname>", accountname "*" when the
    /// user is not logged in.
    @Test func extendedJoin() throws {
        let server = try Fixture.server(accounts: ["member"])
        let watcher = try server.connect()
        try watcher.register("watcher", caps: ["extended-join"])
        try watcher.exchange("JOIN #x")
        let member = try Fixture.login(server, "member", caps: [])
        try member.exchange("JOIN #x")
        let guest = try server.connect()
        try guest.register("guest", realname: "Guest Person")
        try guest.exchange("JOIN #x")
        let joins = try watcher.sync().with("JOIN").map(\.params)
        #expect(joins == [["#x", "member", "Conformance Tester"], ["#x", "*", "Guest Person"]])
    }

    /// away-notify: AWAY changes go to members with the capability; "the server MUST send an
    /// AWAY message … when a user who is away joins a channel" (after the JOIN).
    @Test func awayNotify() throws {
        let server = try ServerProcess()
        let watcher = try server.connect()
        try watcher.register("watcher", caps: ["away-notify"])
        try watcher.exchange("JOIN #a")
        let other = try server.connect()
        try other.register("other")
        try other.exchange("AWAY :lunch", "JOIN #a")
        let seen = try watcher.sync()
        let join = try #require(seen.firstIndex { $0.command == "JOIN" })
        let away = try #require(seen.firstIndex { $0.command == "AWAY" }, "\(seen)")
        #expect(join < away && seen[away].params == ["lunch"])
        try other.exchange("AWAY")
        #expect(try watcher.sync().with("AWAY").map(\.params) == [[]])
    }

    /// invite-notify: members with the capability (operators, when the channel is +i) see
    /// INVITEs of others.
    @Test func inviteNotify() throws {
        let server = try ServerProcess()
        let op = try server.connect()
        try op.register("op", caps: ["invite-notify"])
        try op.exchange("JOIN #i")
        let member = try server.connect()
        try member.register("member")
        try member.exchange("JOIN #i")
        let friend = try server.connect()
        try friend.register("friend")
        try member.exchange("INVITE friend #i")
        #expect(try op.sync().with("INVITE").map(\.params) == [["friend", "#i"]])
        #expect(try friend.sync().with("INVITE").map(\.params) == [["friend", "#i"]])
    }

    /// multi-prefix: "all prefixes … in order of rank" in NAMES; userhost-in-names: "the
    /// full nick!user@host" in NAMES.
    @Test func multiPrefixAndUserhostInNames() throws {
        let server = try ServerProcess()
        let op = try server.connect()
        try op.register("boss", caps: ["multi-prefix", "userhost-in-names"])
        try op.exchange("JOIN #p", "MODE #p +v boss")
        let names = try op.exchange("NAMES #p").with("353").map(\.trailing)
        #expect(names == ["@+boss!user@127.0.0.1"], "\(names)")
    }

    /// setname: "SETNAME :<realname>" is echoed to the sender and sent to channel neighbours
    /// with the capability; an over-long realname (here 300 bytes, over our 150) is "FAIL SETNAME
    /// INVALID_REALNAME".
    @Test func setname() throws {
        let server = try ServerProcess()
        let a = try server.connect()
        try a.register("renamer", caps: ["setname"])
        let b = try server.connect()
        try b.register("neighbour", caps: ["setname"])
        try a.exchange("JOIN #s")
        try b.exchange("JOIN #s")
        #expect(try a.exchange("SETNAME :New Name").with("SETNAME").map(\.params) == [["New Name"]])
        #expect(try b.sync().with("SETNAME").map(\.params) == [["New Name"]])
        let fail = try #require(try a.exchange("SETNAME :\(String(repeating: "n", count: 300))").first)
        #expect(fail.command == "FAIL" && Array(fail.params.prefix(2)) == ["SETNAME", "INVALID_REALNAME"], "\(fail)")
    }
}
