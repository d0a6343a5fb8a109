import Foundation
import IRCProtocol
import Logging
import ServerConfigTOML
import ServerCore
import ServerNIO
import ServerSQLite
import TerminalHarness
import Testing

/// IRCv3 `draft/account-registration` (https://ircv3.net/specs/extensions/account-registration)
/// as configured by `[accounts]`, against the real server over TCP with a real SQLite file.
/// Where the specification is silent the test says so and follows ergo.
@Suite struct SpecAccountRegistrationTests {
    /// The value of `draft/account-registration` in CAP LS 302 (`nil`: not offered; "" : no value).
    static func capValue(_ c: TestClient) throws -> String? {
        c.send("CAP LS 302")
        let ls = try c.expect("CAP")
        for token in ls.parameters.last!.split(separator: " ") {
            let parts = token.split(separator: "=", maxSplits: 1)
            if parts[0] == "draft/account-registration" { return parts.count > 1 ? String(parts[1]) : "" }
        }
        return nil
    }

    /// A connection that has sent CAP LS 302 (registration held), NICK and USER.
    static func early(_ port: Int, nick: String) throws -> TestClient {
        let c = try TestClient(port: port)
        c.send("CAP LS 302")
        try c.expect("CAP")
        c.send("NICK \(nick)")
        c.send("USER u 0 * :U")
        _ = try c.sync("early")
        return c
    }

    // "The defined keys are: before-connect - if present, indicates the server supports early
    // registration, so it MUST NOT use FAIL REGISTER COMPLETE_CONNECTION_REQUIRED". Our default
    // offers it, and REGISTER before CAP END works.
    @Test func defaultsOfferBeforeConnectAndAcceptEarlyRegistration() async throws {
        try await withDatabaseServer { db in
            let c = try TestClient(port: db.port)
            #expect(try Self.capValue(c) == "before-connect")
            c.send("NICK Togusa")
            c.send("USER t 0 * :T")
            c.send("REGISTER * * mateba-357")
            let seen = try c.read(until: { $0.command == "REGISTER" || $0.command == "FAIL" })
            #expect(seen.last?.parameters[0...1] == ["SUCCESS", "Togusa"])
        }
    }

    // "FAIL REGISTER COMPLETE_CONNECTION_REQUIRED <message> — Sent by the server if the client
    // sent a REGISTER command before connection registration." With before_connect = false the
    // cap value has no before-connect key and an early REGISTER gets this reply; after the
    // welcome the same REGISTER works ("it SHOULD make a second attempt after it receives the
    // welcome message").
    @Test func beforeConnectOffRefusesEarlyRegistration() async throws {
        try await withDatabaseServer(configure: { $0.registration.beforeConnect = false }) { db in
            let c = try TestClient(port: db.port)
            #expect(try Self.capValue(c) == "")
            c.send("NICK Togusa")
            c.send("USER t 0 * :T")
            c.send("REGISTER * * mateba-357")
            let fail = try c.expect("FAIL")
            #expect(fail.parameters[0...1] == ["REGISTER", "COMPLETE_CONNECTION_REQUIRED"])
            #expect(fail.parameters.count == 4 && fail.parameters[2] == "*", "FAIL REGISTER COMPLETE_CONNECTION_REQUIRED <account> :<text>")
            c.send("CAP END")
            try c.expect("001")
            c.send("REGISTER * * mateba-357")
            #expect(try c.expect("REGISTER").parameters[0...1] == ["SUCCESS", "Togusa"])
        }
    }

    // "This specification adds the draft/account-registration capability, whose presence
    // signifies that the server accepts the REGISTER command." Registration off: the cap is
    // not offered, and REGISTER is refused (the spec names no code for this; like ergo,
    // FAIL REGISTER DISALLOWED). SASL login still works.
    @Test func registrationOffHidesTheCapAndRefuses() async throws {
        try await withDatabaseServer(accounts: [("Saito", "sniper-eye")], configure: { $0.registration.enabled = false }) { db in
            let c = try TestClient(port: db.port)
            #expect(try Self.capValue(c) == nil)
            c.send("NICK Togusa")
            c.send("USER t 0 * :T")
            c.send("REGISTER * * mateba-357")
            let fail = try c.expect("FAIL")
            #expect(fail.parameters[0...1] == ["REGISTER", "DISALLOWED"])
            #expect(try db.storage.accountNames() == ["saito"])
            let s = try TestClient(port: db.port)
            try s.login("Saito", password: "sniper-eye")
        }
    }

    // "FAIL REGISTER WEAK_PASSWORD <account> <message> — Sent by the server if the password
    // is considered too weak." The minimum length is configurable (default 6 bytes).
    @Test func passwordMinimumIsConfigurable() async throws {
        try await withDatabaseServer { db in
            let c = try Self.early(db.port, nick: "Borma")
            c.send("REGISTER * * 12345")
            let weak = try c.expect("FAIL")
            #expect(weak.parameters[0...2] == ["REGISTER", "WEAK_PASSWORD", "Borma"])
        }
        try await withDatabaseServer(configure: { $0.registration.minPasswordLength = 1 }) { db in
            let c = try Self.early(db.port, nick: "Borma")
            c.send("REGISTER * * x")
            #expect(try c.expect("REGISTER").parameters[0...1] == ["SUCCESS", "Borma"])
        }
    }

    // "FAIL REGISTER ACCOUNT_EXISTS <account> <message> — Sent by the server as a response to
    // REGISTER when the client tried to register while using a nick that is not available as a
    // new account's name because someone already registered it." Before connect too, and for a
    // nick that another connection is using right now (no land grabs).
    @Test func accountExistsBeforeConnectAndForANickInUse() async throws {
        try await withDatabaseServer(accounts: [("Ishikawa", "hacker-beard")]) { db in
            let early = try Self.early(db.port, nick: "Ishikawa")
            early.send("REGISTER * * other-password")
            let exists = try early.expect("FAIL")
            #expect(exists.parameters[0...2] == ["REGISTER", "ACCOUNT_EXISTS", "Ishikawa"])

            let holder = try TestClient(port: db.port)
            try holder.register("Kuze")
            let grabber = try TestClient(port: db.port)
            grabber.send("CAP LS 302")
            try grabber.expect("CAP")
            grabber.send("NICK Kuze")
            try grabber.expect("433")
            grabber.send("REGISTER Kuze * revolution")
            let taken = try grabber.expect("FAIL")
            #expect(taken.parameters[0...2] == ["REGISTER", "ACCOUNT_EXISTS", "Kuze"])
            // A registered client asking for somebody else's nick gets the same answer.
            let other = try TestClient(port: db.port)
            try other.register("Aramaki")
            other.send("REGISTER Kuze * revolution")
            #expect(try other.expect("FAIL").parameters[0...1] == ["REGISTER", "ACCOUNT_EXISTS"])
            #expect(try db.storage.accountNames() == ["ishikawa"])
            // The holder itself can register its nick.
            holder.send("REGISTER * * revolution")
            #expect(try holder.expect("REGISTER").parameters[0...1] == ["SUCCESS", "Kuze"])
        }
    }

    // "FAIL REGISTER NEED_NICK * <message> — Sent by the server if the client sends REGISTER
    // before sending a NICK command." and "The server MUST NOT send [ACCOUNT_EXISTS] before the
    // client sent a NICK command."
    @Test func registerBeforeNickNeedsANick() async throws {
        try await withDatabaseServer(accounts: [("Ishikawa", "hacker-beard")]) { db in
            let c = try TestClient(port: db.port)
            c.send("CAP LS 302")
            try c.expect("CAP")
            for line in ["REGISTER * * password1", "REGISTER Ishikawa * password1"] {
                c.send(line)
                let fail = try c.expect("FAIL")
                #expect(fail.parameters[0...2] == ["REGISTER", "NEED_NICK", "*"], "\(line)")
            }
        }
    }

    // "email-required - if present, registrations require a valid email address to process";
    // "FAIL REGISTER INVALID_EMAIL <account> <message> — Sent by the server if it cannot send
    // emails to the provided address."; "REGISTER VERIFICATION_REQUIRED <account> <message> —
    // Sent by the server as a response to REGISTER when further action is required";
    // "VERIFY <account> <code> — The VERIFY command completes a registration that required
    // verification"; "FAIL VERIFY INVALID_CODE <account> <message>"; "VERIFY SUCCESS <account>
    // <message> ... Afterward, the client is assumed to be authenticated to the <account> as if
    // it used SASL." No mail is sent: the code is written to the server log.
    @Test func emailRequiredVerifiesWithTheCodeFromTheLog() async throws {
        try await withDatabaseServer(configure: { $0.registration.emailRequired = true }) { db in
            let c = try TestClient(port: db.port)
            let value = try #require(try Self.capValue(c))
            #expect(Set(value.split(separator: ",")) == ["before-connect", "email-required"])
            c.send("NICK Motoko")
            c.send("USER m 0 * :Major")
            for line in ["REGISTER * * puppet-master", "REGISTER * motoko puppet-master", "REGISTER * @example.org puppet-master",
                         "REGISTER * motoko@ puppet-master", "REGISTER * a@b@c puppet-master"] {
                c.send(line)
                let fail = try c.expect("FAIL")
                #expect(fail.parameters[0...2] == ["REGISTER", "INVALID_EMAIL", "Motoko"], "\(line)")
            }
            c.send("REGISTER * motoko@section9.example puppet-master")
            let pending = try c.read(until: { $0.command == "REGISTER" || $0.command == "FAIL" })
            #expect(pending.last?.parameters[0...1] == ["VERIFICATION_REQUIRED", "Motoko"], "\(c.transcript.suffix(3))")
            #expect(!pending.contains { $0.command == "900" })
            #expect(try db.storage.accountNames() == [])

            // Pending means taken: nobody else may register the name meanwhile, even once the
            // registrant has moved to another nick.
            c.send("NICK Major")
            _ = try c.sync("moved")
            let rival = try Self.early(db.port, nick: "MOTOKO")
            rival.send("REGISTER * motoko@evil.example stolen-pass")
            #expect(try rival.expect("FAIL").parameters[0...2] == ["REGISTER", "ACCOUNT_EXISTS", "MOTOKO"])

            let line = try #require(db.log.all.first { $0.contains("verification") && $0.contains("account=Motoko") }, "\(db.log.all)")
            let code = try #require(line.split(separator: " ").first { $0.hasPrefix("code=") }?.dropFirst(5))
            #expect(code.count >= 8)
            #expect(line.contains("email=motoko@section9.example"))

            c.send("VERIFY Motoko 00000000")
            let wrong = try c.expect("FAIL")
            #expect(wrong.parameters[0...2] == ["VERIFY", "INVALID_CODE", "Motoko"])
            c.send("VERIFY Motoko \(code)")
            let done = try c.read(until: { $0.command == "900" })
            #expect(done.contains { $0.command == "VERIFY" && $0.parameters[0...1] == ["SUCCESS", "Motoko"] }, "\(c.transcript.suffix(4))")
            #expect(try db.storage.accountNames() == ["motoko"])
            c.send("CAP END")
            try c.expect("001")
            // The code is used up.
            let again = try Self.early(db.port, nick: "Kusanagi")
            again.send("VERIFY Motoko \(code)")
            #expect(try again.expect("FAIL").parameters[0...1] == ["VERIFY", "INVALID_CODE"])
            // And the password works for SASL.
            let login = try TestClient(port: db.port)
            try login.login("Motoko2", account: "Motoko", password: "puppet-master")
        }
    }

    // `tachikoma-server account add` accepts any password a client can log in with by SASL
    // (PLAIN carries up to 1600 base64 characters here), at least 1 KB; the login works.
    @Test func accountAddAcceptsAKilobytePassword() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tk-acct-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let password = String(repeating: "long-secret/", count: 86).prefix(1024)
        #expect(password.utf8.count == 1024)
        let input = dir.appendingPathComponent("password.txt")
        try (password + "\n").write(to: input, atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("server.sqlite").path
        let added = try Spawn.run([serverBinary().path, "account", "add", "Hideo", "--db", db], stdinPath: input.path)
        #expect(added.status == 0, "\(added.stdout)\(added.stderr)")
        let tooLong = dir.appendingPathComponent("too-long.txt")
        try (String(repeating: "x", count: 1025) + "\n").write(to: tooLong, atomically: true, encoding: .utf8)
        let refused = try Spawn.run([serverBinary().path, "account", "add", "Kuze", "--db", db], stdinPath: tooLong.path)
        #expect(refused.status != 0)

        let storage = try SQLiteStorage(path: db)
        var config = ServerConfig()
        config.serverName = "test.server"
        config.maxConnectionsPerIP = 0
        let server = try await IRCServer.start(config: config, listen: [(host: "127.0.0.1", port: 0)], makeStorage: { storage })
        do {
            // PLAIN in 400-byte chunks (1376 base64 characters).
            let c = try TestClient(port: server.ports[0])
            try c.negotiateSASL()
            c.send("AUTHENTICATE PLAIN")
            try c.expect("AUTHENTICATE")
            c.sendSASL("\0Hideo\0" + password)
            #expect(try c.read(until: { ["903", "904", "905"].contains($0.command) }).last?.command == "903")
            let s = try TestClient(port: server.ports[0])
            try s.negotiateSASL()
            #expect(try s.scramLogin("Hideo", password: String(password)).numeric == "903")
        } catch {
            await server.shutdown(grace: .milliseconds(200))
            throw error
        }
        await server.shutdown(grace: .milliseconds(200))
    }

    /// `[accounts]` in the TOML file: every key, and typos or bad values refused.
    @Test func accountsSectionOfTheConfigFile() throws {
        let defaults = try ServerSettings(toml: "").config.registration
        #expect(defaults.enabled && defaults.beforeConnect && !defaults.emailRequired && defaults.minPasswordLength == 6)
        let set = try ServerSettings(toml: """
            [accounts]
            registration = true
            before_connect = false
            email_required = true
            password_min_length = 1
            verification_timeout = 600
            """).config.registration
        #expect(set.enabled && !set.beforeConnect && set.emailRequired && set.minPasswordLength == 1 && set.verificationTimeout == 600)
        #expect(try !ServerSettings(toml: "[accounts]\nregistration = false\n").config.registration.enabled)
        for bad in ["[accounts]\nbefore-connect = false\n", "[accounts]\nregistration = \"yes\"\n",
                    "[accounts]\npassword_min_length = 0\n", "[accounts]\npassword_min_length = 2.5\n"] {
            #expect(throws: ConfigError.self, "\(bad)") { try ServerSettings(toml: bad) }
        }
    }
}
