import IRCProtocol
import ServerCore
import ServerSQLite
import TerminalHarness
import Testing

/// Accounts over real TCP with a real SQLite file: REGISTER, SASL PLAIN, nick protection.
@Suite struct AccountTests {
    @Test(arguments: Engine.all) func registerBeforeConnectLogsInAndProtectsTheNick(_ engine: Engine) async throws {
        try await withDatabaseServer(engine: engine) { db in
            let c = try TestClient(port: db.port)
            c.send("CAP LS 302")
            let ls = try c.expect("CAP")
            #expect(ls.parameters.last!.split(separator: " ").contains("draft/account-registration=before-connect"))
            #expect(ls.parameters.last!.split(separator: " ").contains("sasl=PLAIN,SCRAM-SHA-256"))
            c.send("NICK Motoko")
            c.send("USER m 0 * :Major")
            c.send("CAP REQ :draft/account-registration")
            try c.expect("CAP")
            c.send("REGISTER * * short")
            let weak = try c.expect("FAIL")
            #expect(weak.parameters[0...1] == ["REGISTER", "WEAK_PASSWORD"])
            c.send("REGISTER Batou * hunter22")
            #expect(try c.expect("FAIL").parameters[1] == "ACCOUNT_NAME_MUST_BE_NICK")
            c.send("REGISTER * * hunter22")
            let seen = try c.read(until: { $0.command == "900" })
            let success = seen.first { $0.command == "REGISTER" }
            #expect(success?.parameters[0...1] == ["SUCCESS", "Motoko"])
            #expect(seen.last?.parameters[2] == "Motoko")
            c.send("CAP END")
            try c.expect("001")
            // The account is in the database file.
            #expect(try db.storage.accountNames() == ["motoko"])

            // Someone else can neither register it again nor take the nick.
            let squatter = try TestClient(port: db.port)
            squatter.send("NICK motoko")
            squatter.send("USER s 0 * :S")
            let refused = try squatter.expect("433")
            #expect(refused.parameters[1] == "motoko")
            squatter.send("NICK Guest1")
            try squatter.expect("001")
            squatter.send("NICK MOTOKO")
            try squatter.expect("433")
            c.send("QUIT")
            _ = try c.readUntilClosed()
            squatter.send("NICK MOTOKO")
            #expect(try squatter.expect("433").parameters.last!.contains("reserved"))
            squatter.send("REGISTER Guest1 * password1")
            try squatter.expect("REGISTER")
            squatter.send("REGISTER Guest1 * password1")
            #expect(try squatter.expect("FAIL").parameters[1] == "ALREADY_AUTHENTICATED")
        }
    }

    @Test(arguments: Engine.all) func saslPlainRightAndWrongPasswords(_ engine: Engine) async throws {
        try await withDatabaseServer(engine: engine, accounts: [("Togusa", "mateba-357")]) { db in

            let wrong = try TestClient(port: db.port)
            wrong.send("CAP LS 302")
            wrong.send("CAP REQ sasl")
            try wrong.expect("CAP")
            try wrong.expect("CAP")
            wrong.send("AUTHENTICATE SCRAM-SHA-1")
            #expect(try wrong.expect("908").parameters[1] == "PLAIN,SCRAM-SHA-256")
            try wrong.expect("904")
            wrong.send("AUTHENTICATE PLAIN")
            try wrong.expect("AUTHENTICATE")
            wrong.send("AUTHENTICATE " + TestClient.base64(Array("\0Togusa\0mateba-358".utf8)))
            try wrong.expect("904")
            wrong.send("AUTHENTICATE PLAIN")
            try wrong.expect("AUTHENTICATE")
            wrong.send("AUTHENTICATE *")
            try wrong.expect("906")
            wrong.send("AUTHENTICATE PLAIN")
            try wrong.expect("AUTHENTICATE")
            wrong.send("AUTHENTICATE " + TestClient.base64(Array("\0Nobody\0mateba-357".utf8)))
            try wrong.expect("904")
            wrong.send("AUTHENTICATE PLAIN")
            try wrong.expect("AUTHENTICATE")
            wrong.send("AUTHENTICATE " + String(repeating: "A", count: 401))
            try wrong.expect("905")
            wrong.send("AUTHENTICATE PLAIN")
            try wrong.expect("AUTHENTICATE")
            wrong.send("AUTHENTICATE !!!not-base64!!!")
            try wrong.expect("904")

            let right = try TestClient(port: db.port)
            let burst = try right.login("togusa", password: "mateba-357", caps: ["account-tag", "message-tags"])
            let loggedIn = burst.first { $0.command == "900" }
            #expect(loggedIn?.parameters[2] == "Togusa")
            #expect(burst.contains { $0.command == "001" })
            right.send("AUTHENTICATE PLAIN")
            try right.expect("907")
        }
    }

    @Test(arguments: Engine.all) func chunkedPayloadOf400Bytes(_ engine: Engine) async throws {
        let password = String(repeating: "p", count: 290)
        try await withDatabaseServer(engine: engine, accounts: [("Saito", password)]) { db in
            let c = try TestClient(port: db.port)
            c.send("CAP LS 302")
            c.send("NICK Saito")
            c.send("USER s 0 * :S")
            c.send("CAP REQ sasl")
            try c.expect("CAP")
            try c.expect("CAP")
            c.send("AUTHENTICATE PLAIN")
            try c.expect("AUTHENTICATE")
            // 2 + 5 + 290 = 297 bytes → exactly 396 base64 characters: one chunk; add an authzid to pass 400.
            let payload = TestClient.base64(Array("Saito\0Saito\0\(password)".utf8))
            #expect(payload.utf8.count > 400)
            var rest = Substring(payload)
            while !rest.isEmpty {
                c.send("AUTHENTICATE " + rest.prefix(400))
                rest = rest.dropFirst(400)
            }
            if payload.utf8.count % 400 == 0 { c.send("AUTHENTICATE +") }
            try c.expect("903")
            c.send("CAP END")
            #expect(try c.expect("001").parameters[0] == "Saito")
        }
    }

    /// Each tag goes only to clients that asked for it: `account` with account-tag (with or
    /// without message-tags), `msgid` with message-tags, `time` with server-time.
    @Test(arguments: Engine.all) func eachClientGetsTheTagsItNegotiated(_ engine: Engine) async throws {
        try await withDatabaseServer(engine: engine, accounts: [("Aramaki", "section9!")]) { db in
            let profiles: [(String, [String], Set<String>)] = [
                ("plain", [], []),
                ("timeonly", ["server-time"], ["time"]),
                ("acctonly", ["account-tag"], ["account"]),
                ("tagsonly", ["message-tags"], ["time", "msgid"]),
                ("everything", ["account-tag", "message-tags", "server-time"], ["time", "msgid", "account"]),
            ]
            var listeners: [(TestClient, Set<String>)] = []
            for (nick, caps, expected) in profiles {
                let c = try TestClient(port: db.port)
                try c.register(nick, caps: caps)
                c.send("JOIN #s9")
                try c.expect("366")
                listeners.append((c, expected))
            }
            let chief = try TestClient(port: db.port)
            try chief.login("Aramaki", password: "section9!")
            chief.send("JOIN #s9")
            try chief.expect("366")
            chief.send("PRIVMSG #s9 :report")
            for (c, expected) in listeners {
                let message = try c.expect("PRIVMSG")
                #expect(Set(message.tags.map(\.key)) == expected, "\(c.nick)")
                if expected.contains("account") { #expect(message.tag("account") == "Aramaki") }
            }
        }
    }

    @Test(arguments: Engine.all) func accountNotifyAndExtendedJoinCarryTheAccount(_ engine: Engine) async throws {
        try await withDatabaseServer(engine: engine, accounts: [("Aramaki", "section9!")]) { db in
            let guest = try TestClient(port: db.port)
            try guest.register("watcher", caps: ["extended-join", "account-notify", "account-tag", "message-tags"])
            guest.send("JOIN #s9")
            try guest.expect("366")
            let chief = try TestClient(port: db.port)
            try chief.login("Aramaki", password: "section9!")
            chief.send("JOIN #s9")
            let join = try guest.expect("JOIN")
            #expect(join.parameters == ["#s9", "Aramaki", "Real"])
            chief.send("PRIVMSG #s9 :report")
            let message = try guest.expect("PRIVMSG")
            #expect(message.tag("account") == "Aramaki")
            let newcomer = try TestClient(port: db.port)
            try newcomer.register("Kusanagi", caps: ["draft/account-registration"])
            newcomer.send("JOIN #s9")
            try guest.expect("JOIN")
            newcomer.send("REGISTER * * major-kusanagi")
            try newcomer.expect("900")
            let account = try guest.expect("ACCOUNT")
            #expect(account.source?.name == "Kusanagi" && account.parameters == ["Kusanagi"])
        }
    }
}
