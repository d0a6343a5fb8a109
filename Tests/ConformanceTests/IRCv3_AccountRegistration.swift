import Testing

/// IRCv3 draft/account-registration (ircv3.net/specs/extensions/account-registration).
@Suite struct IRCv3_AccountRegistration {
    /// "before-connect - if present, indicates the server supports early registration, so it
    /// MUST NOT use FAIL REGISTER COMPLETE_CONNECTION_REQUIRED"; without it, an early REGISTER
    /// gets that reply in the spec's form, `FAIL REGISTER COMPLETE_CONNECTION_REQUIRED
    /// <account> :<description>` (irctest testBeforeConnect reads four parameters).
    @Test func earlyRegisterWithoutBeforeConnectNamesTheAccount() throws {
        let server = try ServerProcess(extraTOML: "[accounts]\nregistration = true\nbefore_connect = false\n")
        let c = try server.connect()
        c.send("CAP LS 302")
        let ls = try c.read(until: { $0.command == "CAP" && $0.param(1) == "LS" })
        let offered = ls.flatMap { $0.trailing.split(separator: " ") }.first { $0.hasPrefix("draft/account-registration") }
        let value = offered.map { String($0) } ?? ""
        #expect(value.hasPrefix("draft/account-registration") && !value.contains("before-connect"), "\(ls)")
        c.send("NICK early")
        for (line, command) in [("REGISTER * * early-password", "REGISTER"), ("VERIFY early 123456", "VERIFY")] {
            let replies = try c.exchange(line)
            let fail = try #require(replies.with("FAIL").first, "\(line): \(replies)")
            #expect(fail.params.count == 4, "\(fail)")
            #expect(Array(fail.params.prefix(3)) == [command, "COMPLETE_CONNECTION_REQUIRED", line.split(separator: " ")[1].description], "\(fail)")
        }
    }
}
