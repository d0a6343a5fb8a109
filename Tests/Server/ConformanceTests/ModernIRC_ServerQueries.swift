import TerminalHarness
import Testing

/// Modern IRC: server queries (INFO, LUSERS, WHOIS).
@Suite struct ModernIRC_ServerQueries {
    /// "Upon receiving an INFO command, the server will respond with zero or more RPL_INFO
    /// replies, followed by one RPL_ENDOFINFO numeric."
    @Test func infoEndsWithEndOfInfo() throws {
        let server = try ServerProcess()
        let c = try server.connect()
        try c.register("curious")
        let replies = try c.exchange("INFO")
        #expect(replies.last?.command == "374", "\(replies)")
        #expect(replies.dropLast().allSatisfy { $0.command == "371" }, "\(replies)")
        #expect(replies.with("374").count == 1)
    }

    /// RPL_WHOISACCOUNT (330) "<client> <nick> <account> :is logged in as": "Sent as a reply
    /// to the WHOIS command, this numeric indicates that the client with the nickname <nick>
    /// was authenticated as the owner of <account>." None for a user who is not logged in.
    /// (Found by Interop_WeeChat: WeeChat's /whois showed no account.)
    @Test func whoisShowsTheAccount() throws {
        let server = try Fixture.server(accounts: ["owner"])
        let loggedIn = try Fixture.login(server, "owner", nick: "ownerNick", caps: [])
        let guest = try server.connect()
        try guest.register("guest")
        let asker = try server.connect()
        try asker.register("asker")
        let owner = try asker.exchange("WHOIS ownerNick")
        #expect(owner.with("330").map(\.params) == [["asker", "ownerNick", "owner", "is logged in as"]], "\(owner)")
        #expect(owner.last?.command == "318")
        let notLoggedIn = try asker.exchange("WHOIS guest")
        #expect(notLoggedIn.has("311") && !notLoggedIn.has("330"), "\(notLoggedIn)")
        loggedIn.close()
    }

    struct Lusers {
        var visible = -1, invisible = -1, unknown = 0, local = -1, opers = 0
    }

    /// LUSERS as a client reads it: 251 users/invisible, 252 opers, 253 unknown, 255 clients.
    static func lusers(_ c: LineClient) throws -> Lusers {
        let replies = try c.exchange("LUSERS")
        var out = Lusers()
        for m in replies {
            switch m.command {
            case "251":
                let words = m.trailing.split(separator: " ")
                if let u = words.firstIndex(of: "users"), u > 0 { out.visible = Int(words[u - 1]) ?? -1 }
                if let i = words.firstIndex(of: "invisible"), i > 0 { out.invisible = Int(words[i - 1]) ?? -1 }
            case "252": out.opers = Int(m.param(1)) ?? -1
            case "253": out.unknown = Int(m.param(1)) ?? -1
            case "255":
                let words = m.trailing.split(separator: " ")
                if let i = words.firstIndex(of: "clients"), i > 0 { out.local = Int(words[i - 1]) ?? -1 }
            default: break
            }
        }
        #expect(replies.has("251") && replies.has("255"), "Servers MUST reply with RPL_LUSERCLIENT and RPL_LUSERME")
        return out
    }

    /// "Servers MUST reply with RPL_LUSERCLIENT and RPL_LUSERME, and SHOULD also include all
    /// those defined below." RPL_LUSERCLIENT counts users "and <i> invisible"; RPL_LUSERUNKNOWN
    /// counts "connections to the server that are currently in an unknown state" — a
    /// connection that sent only NICK, or only CAP LS, is one (irctest lusers, as ergo).
    @Test func lusersCountsUnregisteredAndInvisible() throws {
        let server = try ServerProcess()
        let bar = try server.connect()
        try bar.register("bar")
        let qux = try server.connect()
        try qux.register("qux")
        var l = try Self.lusers(bar)
        #expect(l.visible == 2 && l.invisible == 0 && l.local == 2 && l.unknown == 0, "\(l)")

        let plex = try server.connect()
        plex.send("NICK plex")
        plex.send("PING early")
        try plex.read(until: { $0.command == "PONG" || $0.command == "451" }) // synchronises before registration too
        l = try Self.lusers(bar)
        #expect(l.unknown == 1 && l.visible + l.invisible == 2 && l.local == 2, "\(l)")

        let bat = try server.connect()
        bat.send("CAP LS 302")
        try bat.read(until: { $0.command == "CAP" })
        l = try Self.lusers(bar)
        #expect(l.unknown == 2, "\(l)")

        try qux.exchange("MODE qux +i")
        l = try Self.lusers(bar)
        #expect(l.visible == 1 && l.invisible == 1 && l.local == 2, "invisible users are counted: \(l)")
        plex.send("USER u 0 * :Plex")
        try plex.read(until: { $0.command == "376" || $0.command == "422" })
        l = try Self.lusers(bar)
        #expect(l.unknown == 1 && l.visible + l.invisible == 3 && l.local == 3, "\(l)")
    }

    /// RPL_LOCALUSERS (265) `<client> [<u> <m>] :Current local users <u>, max <m>`: users,
    /// so a connection still registering counts in neither figure (irctest
    /// testLusersRfc2812 / testLusersFull).
    @Test func theMaximumCountsUsersNotConnections() throws {
        let server = try ServerProcess()
        let bar = try server.connect()
        try bar.register("bar")
        let early = try server.connect()
        early.send("NICK early")
        early.send("PING early")
        _ = try early.read(until: { $0.command == "PONG" || $0.command == "451" })
        let replies = try bar.exchange("LUSERS")
        let local = try #require(replies.with("265").first, "\(replies)")
        let global = try #require(replies.with("266").first, "\(replies)")
        #expect(Array(local.params.dropFirst().prefix(2)) == ["1", "1"], "\(local.params)")
        #expect(Array(global.params.dropFirst().prefix(2)) == ["1", "1"], "\(global.params)")
    }
}
