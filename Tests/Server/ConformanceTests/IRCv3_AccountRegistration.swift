import Foundation
import TerminalHarness
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

/// `[accounts]` policies (registration on/off, before-connect, email-required with VERIFY,
/// the password minimum) as a client sees them. Where the specification is silent the test
/// says so and follows ergo.
extension IRCv3_AccountRegistration {
    /// The value of `draft/account-registration` in CAP LS 302 (`nil`: not offered; "": no value).
    static func capValue(_ c: LineClient) throws -> String? {
        c.send("CAP LS 302")
        let ls = try c.read(until: { $0.command == "CAP" && $0.param(1) == "LS" && $0.params.count == 3 })
        for token in ls.flatMap({ $0.trailing.split(separator: " ") }) {
            let parts = token.split(separator: "=", maxSplits: 1)
            if parts[0] == "draft/account-registration" { return parts.count > 1 ? String(parts[1]) : "" }
        }
        return nil
    }

    /// A connection that has sent CAP LS 302 (registration held), NICK and USER.
    static func early(_ server: ServerProcess, nick: String) throws -> LineClient {
        let c = try server.connect()
        c.nick = nick
        c.send("CAP LS 302")
        try c.exchange("NICK \(nick)", "USER u 0 * :U")
        return c
    }

    /// The first REGISTER/VERIFY/FAIL answer to `line`, and everything before the PONG.
    static func answer(_ c: LineClient, _ line: String) throws -> (Message, [Message]) {
        let replies = try c.exchange(line)
        let verb = String(line.split(separator: " ")[0])
        let answer = try #require(replies.first { $0.command == verb || $0.command == "FAIL" }, "\(line): \(replies)")
        return (answer, replies)
    }

    /// Whether SASL PLAIN as `account` with `password` succeeds on a fresh connection.
    static func canLogIn(_ server: ServerProcess, _ account: String, _ password: String) throws -> Bool {
        let c = try server.connect()
        c.send("CAP LS 302")
        c.send("CAP REQ sasl")
        c.send("AUTHENTICATE PLAIN")
        try c.read(until: { $0.command == "AUTHENTICATE" })
        c.send("AUTHENTICATE " + Data("\0\(account)\0\(password)".utf8).base64EncodedString())
        return try c.read(until: { ["903", "904", "905", "906", "907"].contains($0.command) }).last!.command == "903"
    }

    /// "before-connect - if present, indicates the server supports early registration, so it
    /// MUST NOT use FAIL REGISTER COMPLETE_CONNECTION_REQUIRED". Our default offers it, and
    /// REGISTER before CAP END works.
    @Test func defaultsOfferBeforeConnectAndAcceptEarlyRegistration() throws {
        let server = try ServerProcess()
        let c = try server.connect()
        #expect(try Self.capValue(c) == "before-connect")
        c.send("NICK Togusa")
        c.send("USER t 0 * :T")
        let (reply, _) = try Self.answer(c, "REGISTER * * mateba-357")
        #expect(Array(reply.params.prefix(2)) == ["SUCCESS", "Togusa"], "\(reply)")
        #expect(try Self.canLogIn(server, "Togusa", "mateba-357"))
    }

    /// "FAIL REGISTER COMPLETE_CONNECTION_REQUIRED … Sent by the server if the client sent a
    /// REGISTER command before connection registration." With before_connect = false an
    /// early REGISTER gets it; after the welcome the same REGISTER works ("it SHOULD make a
    /// second attempt after it receives the welcome message").
    @Test func beforeConnectOffRegistersAfterTheWelcome() throws {
        let server = try ServerProcess(extraTOML: "[accounts]\nbefore_connect = false\n")
        let c = try server.connect()
        #expect(try Self.capValue(c) == "")
        c.send("NICK Togusa")
        c.send("USER t 0 * :T")
        let (early, _) = try Self.answer(c, "REGISTER * * mateba-357")
        #expect(early.command == "FAIL" && Array(early.params.prefix(3)) == ["REGISTER", "COMPLETE_CONNECTION_REQUIRED", "*"], "\(early)")
        c.send("CAP END")
        try c.expect("001")
        let (late, _) = try Self.answer(c, "REGISTER * * mateba-357")
        #expect(late.command == "REGISTER" && Array(late.params.prefix(2)) == ["SUCCESS", "Togusa"], "\(late)")
    }

    /// "This specification adds the draft/account-registration capability, whose presence
    /// signifies that the server accepts the REGISTER command." Registration off: the cap is
    /// not offered, and REGISTER is refused (the spec names no code for this; like ergo,
    /// FAIL REGISTER DISALLOWED). SASL login still works.
    @Test func registrationOffHidesTheCapAndRefuses() throws {
        let server = try ServerProcess(extraTOML: "[accounts]\nregistration = false\n", accounts: [("Saito", "sniper-eye")])
        let c = try server.connect()
        #expect(try Self.capValue(c) == nil)
        c.send("CAP REQ draft/account-registration")
        #expect(try c.read(until: { $0.command == "CAP" && ["ACK", "NAK"].contains($0.param(1)) }).last?.param(1) == "NAK")
        c.send("NICK Togusa")
        c.send("USER t 0 * :T")
        let (fail, _) = try Self.answer(c, "REGISTER * * mateba-357")
        #expect(fail.command == "FAIL" && Array(fail.params.prefix(2)) == ["REGISTER", "DISALLOWED"], "\(fail)")
        #expect(try !Self.canLogIn(server, "Togusa", "mateba-357"))
        #expect(try Self.canLogIn(server, "Saito", "sniper-eye"))
    }

    /// "FAIL REGISTER WEAK_PASSWORD <account> <message> — Sent by the server if the password
    /// is considered too weak." The minimum length is configurable (default 6 bytes).
    @Test func passwordMinimumIsConfigurable() throws {
        let strict = try ServerProcess()
        let (weak, _) = try Self.answer(try Self.early(strict, nick: "Borma"), "REGISTER * * 12345")
        #expect(weak.command == "FAIL" && Array(weak.params.prefix(3)) == ["REGISTER", "WEAK_PASSWORD", "Borma"], "\(weak)")
        let lax = try ServerProcess(extraTOML: "[accounts]\npassword_min_length = 1\n")
        let (ok, _) = try Self.answer(try Self.early(lax, nick: "Borma"), "REGISTER * * x")
        #expect(ok.command == "REGISTER" && Array(ok.params.prefix(2)) == ["SUCCESS", "Borma"], "\(ok)")
    }

    /// "FAIL REGISTER ACCOUNT_EXISTS <account> <message> — Sent by the server as a response
    /// to REGISTER when the client tried to register while using a nick that is not
    /// available as a new account's name because someone already registered it." Before
    /// connect too, and for a nick that another connection is using right now (no land grabs).
    @Test func accountExistsBeforeConnectAndForANickInUse() throws {
        let server = try ServerProcess(accounts: [("Ishikawa", "hacker-beard")])
        let (exists, _) = try Self.answer(try Self.early(server, nick: "Ishikawa"), "REGISTER * * other-password")
        #expect(exists.command == "FAIL" && Array(exists.params.prefix(3)) == ["REGISTER", "ACCOUNT_EXISTS", "Ishikawa"], "\(exists)")

        let holder = try server.connect()
        try holder.register("Kuze")
        let grabber = try server.connect()
        grabber.send("CAP LS 302")
        #expect(try grabber.exchange("NICK Kuze").has("433"))
        let (taken, _) = try Self.answer(grabber, "REGISTER Kuze * revolution")
        #expect(taken.command == "FAIL" && Array(taken.params.prefix(3)) == ["REGISTER", "ACCOUNT_EXISTS", "Kuze"], "\(taken)")
        // A registered client asking for somebody else's nick gets the same answer.
        let other = try server.connect()
        try other.register("Aramaki")
        let (also, _) = try Self.answer(other, "REGISTER Kuze * revolution")
        #expect(also.command == "FAIL" && Array(also.params.prefix(2)) == ["REGISTER", "ACCOUNT_EXISTS"], "\(also)")
        #expect(try !Self.canLogIn(server, "Kuze", "revolution"), "nobody got the account")
        // The holder itself can register its nick.
        let (mine, _) = try Self.answer(holder, "REGISTER * * revolution")
        #expect(mine.command == "REGISTER" && Array(mine.params.prefix(2)) == ["SUCCESS", "Kuze"], "\(mine)")
    }

    /// "FAIL REGISTER NEED_NICK * <message> — Sent by the server if the client sends
    /// REGISTER before sending a NICK command." and "The server MUST NOT send
    /// [ACCOUNT_EXISTS] before the client sent a NICK command."
    @Test func registerBeforeNickNeedsANick() throws {
        let server = try ServerProcess(accounts: [("Ishikawa", "hacker-beard")])
        let c = try server.connect()
        c.send("CAP LS 302")
        for line in ["REGISTER * * password1", "REGISTER Ishikawa * password1"] {
            let (fail, _) = try Self.answer(c, line)
            #expect(fail.command == "FAIL" && Array(fail.params.prefix(3)) == ["REGISTER", "NEED_NICK", "*"], "\(line): \(fail)")
        }
    }

    /// "email-required - if present, registrations require a valid email address to
    /// process"; "FAIL REGISTER INVALID_EMAIL <account> <message> — Sent by the server if it
    /// cannot send emails to the provided address."; "REGISTER VERIFICATION_REQUIRED <account>
    /// <message> — Sent by the server as a response to REGISTER when further action is
    /// required"; "VERIFY <account> <code> — The VERIFY command completes a registration that
    /// required verification"; "FAIL VERIFY INVALID_CODE <account> <message>"; "VERIFY SUCCESS
    /// <account> <message> … Afterward, the client is assumed to be authenticated to the
    /// <account> as if it used SASL." No mail is sent: the code is written to the server log.
    @Test func emailRequiredVerifiesWithTheCodeFromTheLog() throws {
        let server = try ServerProcess(extraTOML: "[accounts]\nemail_required = true\nverification_timeout = 600\n")
        let c = try server.connect()
        let value = try #require(try Self.capValue(c))
        #expect(Set(value.split(separator: ",")) == ["before-connect", "email-required"])
        c.send("NICK Motoko")
        c.send("USER m 0 * :Major")
        for line in ["REGISTER * * puppet-master", "REGISTER * motoko puppet-master", "REGISTER * @example.org puppet-master",
                     "REGISTER * motoko@ puppet-master", "REGISTER * a@b@c puppet-master"] {
            let (fail, _) = try Self.answer(c, line)
            #expect(fail.command == "FAIL" && Array(fail.params.prefix(3)) == ["REGISTER", "INVALID_EMAIL", "Motoko"], "\(line): \(fail)")
        }
        let (pending, replies) = try Self.answer(c, "REGISTER * motoko@section9.example puppet-master")
        #expect(pending.command == "REGISTER" && Array(pending.params.prefix(2)) == ["VERIFICATION_REQUIRED", "Motoko"], "\(pending)")
        #expect(!replies.has("900"))
        #expect(try !Self.canLogIn(server, "Motoko", "puppet-master"), "not an account before VERIFY")

        // Pending means taken: nobody else may register the name meanwhile, even once the
        // registrant has moved to another nick.
        try c.exchange("NICK Major")
        let (rival, _) = try Self.answer(try Self.early(server, nick: "MOTOKO"), "REGISTER * motoko@evil.example stolen-pass")
        #expect(rival.command == "FAIL" && Array(rival.params.prefix(3)) == ["REGISTER", "ACCOUNT_EXISTS", "MOTOKO"], "\(rival)")

        let line = try #require(server.log.split(separator: "\n").first { $0.contains("verification") && $0.contains("account=Motoko") },
                                "\(server.log)")
        let code = try #require(line.split(separator: " ").first { $0.hasPrefix("code=") }?.dropFirst(5))
        #expect(code.count >= 8)
        #expect(line.contains("email=motoko@section9.example"))

        let (wrong, _) = try Self.answer(c, "VERIFY Motoko 00000000")
        #expect(wrong.command == "FAIL" && Array(wrong.params.prefix(3)) == ["VERIFY", "INVALID_CODE", "Motoko"], "\(wrong)")
        let done = try c.exchange("VERIFY Motoko \(code)")
        #expect(done.contains { $0.command == "VERIFY" && Array($0.params.prefix(2)) == ["SUCCESS", "Motoko"] }, "\(done)")
        #expect(done.has("900"), "logged in as if by SASL: \(done)")
        c.send("CAP END")
        try c.expect("001")
        // The code is used up.
        let (again, _) = try Self.answer(try Self.early(server, nick: "Kusanagi"), "VERIFY Motoko \(code)")
        #expect(again.command == "FAIL" && Array(again.params.prefix(2)) == ["VERIFY", "INVALID_CODE"], "\(again)")
        // And the password works for SASL.
        #expect(try Self.canLogIn(server, "Motoko", "puppet-master"))
    }

    /// `tachikoma-server account add` accepts any password a client can log in with by SASL
    /// (issue 12: at least 1 KB) and refuses more; the login works with PLAIN in 400-byte
    /// chunks (sasl-3.1: "The response is encoded in Base64, then split to 400-byte chunks").
    @Test func accountAddAcceptsAKilobytePassword() throws {
        let password = String(String(repeating: "long-secret/", count: 86).prefix(1024))
        #expect(password.utf8.count == 1024)
        let server = try ServerProcess(accounts: [("Hideo", password)])
        #expect(throws: ServerProcess.Failure.self) {
            try ServerProcess.addAccount("Kuze", password: String(repeating: "x", count: 1025), database: server.databasePath, in: server.directory)
        }
        let c = try server.connect()
        c.send("CAP LS 302")
        c.send("CAP REQ sasl")
        c.send("AUTHENTICATE PLAIN")
        try c.read(until: { $0.command == "AUTHENTICATE" })
        let encoded = Array(Data("\0Hideo\0\(password)".utf8).base64EncodedString().utf8)
        #expect(encoded.count > 1200)
        var start = 0
        while start < encoded.count {
            let end = min(start + 400, encoded.count)
            c.send("AUTHENTICATE " + String(decoding: encoded[start..<end], as: UTF8.self))
            start = end
        }
        if encoded.count % 400 == 0 { c.send("AUTHENTICATE +") }
        #expect(try c.read(until: { ["903", "904", "905"].contains($0.command) }).last?.command == "903")
    }
}
