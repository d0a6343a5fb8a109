import Testing

/// WHO with WHOX fields (ircv3.net/specs/extensions/whox, ISUPPORT WHOX).
@Suite struct ModernIRC_Who {
    /// "%a: account name" — the account of a logged-in user, "0" for one who is not.
    @Test func whoxAccountField() throws {
        let server = try Fixture.server(accounts: ["owner"])
        let owner = try Fixture.login(server, "owner")
        try owner.exchange("JOIN #w")
        let guest = try server.connect()
        try guest.register("guest")
        try guest.exchange("JOIN #w")
        let replies = try guest.exchange("WHO #w %tna,42")
        let rows = Set(replies.with("354").map { Array($0.params.dropFirst()) })
        #expect(rows == [["42", "owner", "owner"], ["42", "guest", "0"]], "\(replies)")
        #expect(replies.last?.command == "315")
    }
}
