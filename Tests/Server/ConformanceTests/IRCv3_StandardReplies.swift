import Testing

/// IRCv3 standard replies (ircv3.net/specs/extensions/standard-replies): the FAIL replies of
/// the commands that use them here (CHATHISTORY, MARKREAD, REGISTER, VERIFY, SETNAME).
@Suite struct IRCv3_StandardReplies {
    /// "<type> <command> <code> [<context>...] <description>"; "<command> is a
    /// case-insensitive, required parameter which is either a command name … or is *";
    /// "<code> is a case-insensitive, required parameter"; "<description> is a required final
    /// parameter, containing a plain-text description". Each FAIL names the command that
    /// caused it, a code, and a non-empty description last.
    @Test func failRepliesHaveTheStandardShape() throws {
        let server = try Fixture.server(accounts: ["replier"])
        let c = try Fixture.login(server, "replier", caps: Fixture.historyCaps + ["draft/read-marker", "setname", "standard-replies"])
        let cases: [(line: String, command: String, code: String)] = [
            ("CHATHISTORY LATEST", "CHATHISTORY", "NEED_MORE_PARAMS"),
            ("CHATHISTORY LATEST #nowhere * 10", "CHATHISTORY", "INVALID_TARGET"),
            ("MARKREAD #x timestamp=yesterday", "MARKREAD", "INVALID_PARAMS"),
            ("REGISTER * * another-password", "REGISTER", "ALREADY_AUTHENTICATED"),
            ("VERIFY someone 12345678", "VERIFY", "ALREADY_AUTHENTICATED"),
            ("SETNAME :\(String(repeating: "n", count: 300))", "SETNAME", "INVALID_REALNAME"),
        ]
        for (line, command, code) in cases {
            let replies = try c.exchange(line)
            let fail = try #require(replies.with("FAIL").first, "\(line): \(replies)")
            #expect(fail.params.count >= 3, "\(fail)")
            #expect(fail.param(0) == command && fail.param(1) == code, "\(line): \(fail)")
            #expect(fail.param(1).wholeMatch(of: /[A-Z][A-Z0-9_]*/) != nil, "\(fail)")
            #expect(!fail.trailing.isEmpty && fail.raw.contains(" :"), "a description last: \(fail)")
            #expect(fail.source == server.serverName, "\(fail)")
        }
    }

    /// "This message SHOULD also be given a label, if one was provided by the client with the
    /// original command that spawned this reply" (labeled-response makes it a MUST: "any
    /// response produced from this message").
    @Test func failRepliesCarryTheLabel() throws {
        let server = try Fixture.server(accounts: ["replier"])
        let c = try Fixture.login(server, "replier", caps: Fixture.historyCaps + ["labeled-response", "setname"])
        for (label, line) in [("f1", "CHATHISTORY LATEST"), ("f2", "SETNAME :\(String(repeating: "n", count: 300))"),
                              ("f3", "REGISTER * * another-password")] {
            let replies = try c.exchange("@label=\(label) \(line)")
            #expect(replies.count == 1 && replies[0].command == "FAIL" && replies[0].tags["label"] == label, "\(line): \(replies)")
        }
    }
}
