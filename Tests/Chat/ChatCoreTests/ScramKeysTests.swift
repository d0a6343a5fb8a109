import ChatCore
import SCRAM
import SCRAMCrypto
import Testing

/// "Remember me" without the password: the session logs in from stored SCRAM keys
/// (ClientKey, ServerKey, salt, iterations), reports the keys a password login derived,
/// and stops asking for the password whenever the keys cannot be used — never anything weaker.
@Suite struct ScramKeysTests {
    typealias V = ScramLoginTests
    /// RFC 7677's example: password "pencil", this salt, 4096 iterations.
    static let salt = ScramBase64.decode("W22ZaJ0SNY7soEsUEjb6gQ==")!
    static var pencilKeys: ScramClientKeys {
        let (c, s) = try! ScramClient.clientKeys(password: "pencil", salt: salt, iterations: 4096)
        return ScramClientKeys(salt: salt, iterations: 4096, clientKey: c, serverKey: s)
    }

    static func keysOnly(_ keys: ScramClientKeys, mechanisms: String? = "SCRAM-SHA-256,PLAIN") -> SessionDriver {
        var config = ChatConfig(nick: "user")
        config.scramKeys = keys
        var d = SessionDriver(config, scram: FixedNonceProver(nonce: "rOprNGfwEbeRWgbNEkqO"))
        d.handle(.intent(.connect))
        d.handle(.connected)
        if let mechanisms {
            d.server(":s CAP * LS :sasl=\(mechanisms) message-tags")
            if let req = d.sent.last(where: { $0.hasPrefix("CAP REQ") }) {
                d.server(":s CAP user ACK :" + req.dropFirst("CAP REQ ".count).drop { $0 == ":" })
            }
        }
        return d
    }

    func stopped(_ d: inout SessionDriver) -> Bool {
        let why = d.notices.compactMap { if case .passwordNeeded(let w) = $0 { w } else { nil } }
        guard why.count == 1, d.sent.contains("QUIT :Password needed") else { return false }
        d.handle(.disconnected(reason: "closed"))
        return d.session.phase == .disconnected(reconnecting: false)
            && !d.actions.contains { if case .scheduleReconnect = $0 { true } else { false } }
    }

    @Test func keysAloneMakeTheSameProofAsThePassword() {
        var d = Self.keysOnly(Self.pencilKeys)
        #expect(d.takeSent().last == "AUTHENTICATE SCRAM-SHA-256")
        d.server("AUTHENTICATE +", "AUTHENTICATE " + V.b64(V.serverFirst))
        #expect(d.takeSent().last == "AUTHENTICATE " + V.b64(V.clientFinal))
        d.server("AUTHENTICATE " + V.b64(V.serverFinal))
        #expect(d.takeSent() == ["AUTHENTICATE +"])
        d.server(":s 900 user user!u@h user :You are now logged in as user", ":s 903 user :SASL authentication successful")
        #expect(d.session.account == "user" && d.session.loginMechanism == "SCRAM-SHA-256")
        #expect(!d.notices.contains { if case .scramKeysLearned = $0 { true } else { false } })
    }

    @Test func aPasswordLoginReportsTheKeysOnlyAfterTheServerAccepts() {
        var d = V.negotiated("SCRAM-SHA-256")
        d.server("AUTHENTICATE +", "AUTHENTICATE " + V.b64(V.serverFirst), "AUTHENTICATE " + V.b64(V.serverFinal))
        #expect(d.notices.isEmpty)
        d.server(":s 900 user user!u@h user :ok", ":s 903 user :SASL authentication successful")
        #expect(d.notices == [.scramKeysLearned(Self.pencilKeys)])
        // A refused password login reports nothing.
        var refused = V.negotiated("SCRAM-SHA-256")
        refused.server("AUTHENTICATE +", "AUTHENTICATE " + V.b64(V.serverFirst), ":s 904 user :SASL authentication failed")
        #expect(!refused.notices.contains { if case .scramKeysLearned = $0 { true } else { false } })
    }

    @Test func otherSaltOrIterationsAskForThePassword() {
        for challenge in ["r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=AAAAaJ0SNY7soEsUEjb6gQ==,i=4096",
                          "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=8192"] {
            var d = Self.keysOnly(Self.pencilKeys)
            d.server("AUTHENTICATE +", "AUTHENTICATE " + V.b64(challenge))
            #expect(d.sent.contains("AUTHENTICATE *"))
            #expect(!d.sent.contains { $0.hasPrefix("AUTHENTICATE c=") || $0 == "AUTHENTICATE PLAIN" })
            #expect(stopped(&d))
            // The server's 906 that follows changes nothing.
            d.server(":s 906 user :aborted")
            #expect(d.notices.filter { if case .passwordNeeded = $0 { true } else { false } }.count == 1)
        }
    }

    @Test func noScramNoSaslNoCapMeansAskingNotPlain() {
        for mechanisms in ["PLAIN", "EXTERNAL"] {
            var d = Self.keysOnly(Self.pencilKeys, mechanisms: mechanisms)
            #expect(!d.sent.contains { $0.hasPrefix("AUTHENTICATE") })
            #expect(stopped(&d))
        }
        // CAP without sasl (ngIRCd).
        var keyed = ChatConfig(nick: "user")
        keyed.scramKeys = Self.pencilKeys
        var noSasl = SessionDriver(keyed, scram: FixedNonceProver(nonce: "n"))
        noSasl.handle(.intent(.connect))
        noSasl.handle(.connected)
        noSasl.server(":s CAP * LS :multi-prefix", ":s CAP user ACK :multi-prefix")
        #expect(stopped(&noSasl))
        // No CAP at all: the welcome comes straight away.
        var old = Self.keysOnly(Self.pencilKeys, mechanisms: nil)
        old.server(":s 001 user :Welcome")
        #expect(stopped(&old))
        // Keys but no SCRAM implementation supplied.
        var c = ChatConfig(nick: "user")
        c.scramKeys = Self.pencilKeys
        var noCrypto = SessionDriver(c, scram: nil)
        noCrypto.handle(.intent(.connect))
        noCrypto.handle(.connected)
        noCrypto.server(":s CAP * LS :sasl=SCRAM-SHA-256,PLAIN", ":s CAP user ACK :sasl")
        #expect(!noCrypto.sent.contains("AUTHENTICATE PLAIN"))
        #expect(stopped(&noCrypto))
    }

    @Test func refusedOrUnprovenKeysAskForThePasswordWithoutPlain() {
        var refused = Self.keysOnly(Self.pencilKeys)
        refused.server("AUTHENTICATE +", "AUTHENTICATE " + V.b64(V.serverFirst), ":s 904 user :SASL authentication failed")
        #expect(!refused.sent.contains("AUTHENTICATE PLAIN"))
        #expect(stopped(&refused))
        // A damaged ServerKey (or a server that does not know the account): the signature fails.
        var damaged = Self.pencilKeys
        damaged.serverKey[0] ^= 1
        var d = Self.keysOnly(damaged)
        d.server("AUTHENTICATE +", "AUTHENTICATE " + V.b64(V.serverFirst), "AUTHENTICATE " + V.b64(V.serverFinal))
        #expect(d.sent.contains("AUTHENTICATE *"))
        #expect(stopped(&d))
    }

    @Test func registeringWhileRememberingLogsInAgainWithScramAtOnce() {
        var config = ChatConfig(nick: "user", password: "pencil", registerAccount: true)
        config.learnScramKeys = true
        var d = SessionDriver(config, scram: FixedNonceProver(nonce: "rOprNGfwEbeRWgbNEkqO"))
        d.handle(.intent(.connect))
        d.handle(.connected)
        d.server(":s CAP * LS :sasl=PLAIN,SCRAM-SHA-256 draft/account-registration=before-connect")
        #expect(d.sent.contains { $0.hasPrefix("CAP REQ") && $0.contains("draft/account-registration") && !$0.contains("sasl") })
        d.server(":s CAP user ACK :draft/account-registration")
        #expect(d.takeSent().last == "REGISTER user * pencil")
        d.server(":s REGISTER SUCCESS user :Account created", ":s 900 user user!u@h user :logged in")
        #expect(d.notices.contains(.accountRegistered("user")))
        #expect(d.takeSent().last == "QUIT :Logging in")
        #expect(d.actions.last == .disconnect)
        let before = d.actions.count
        d.handle(.disconnected(reason: "closed"))
        #expect(Array(d.actions[before...]) == [.connect])
        d.handle(.connected)
        d.server(":s CAP * LS :sasl=PLAIN,SCRAM-SHA-256 draft/account-registration=before-connect")
        d.server(":s CAP user ACK :sasl")
        #expect(d.sent.last == "AUTHENTICATE SCRAM-SHA-256")
        d.server("AUTHENTICATE +", "AUTHENTICATE " + V.b64(V.serverFirst), "AUTHENTICATE " + V.b64(V.serverFinal),
                 ":s 900 user user!u@h user :ok", ":s 903 user :ok")
        #expect(d.notices.contains(.scramKeysLearned(Self.pencilKeys)))
        // Without "remember me" nothing reconnects.
        var plain = SessionDriver(ChatConfig(nick: "user", password: "pencil", registerAccount: true), scram: FixedNonceProver(nonce: "n"))
        plain.handle(.intent(.connect))
        plain.handle(.connected)
        plain.server(":s CAP * LS :sasl=SCRAM-SHA-256 draft/account-registration=before-connect",
                     ":s CAP user ACK :draft/account-registration", ":s REGISTER SUCCESS user :ok")
        #expect(!plain.actions.contains(.disconnect))
        #expect(plain.sent.last == "CAP END")
    }

    @Test func storedFormRejectsDamage() {
        let k = Self.pencilKeys
        #expect(ScramClientKeys(salt: k.saltBase64, iterations: 4096, clientKey: k.clientKeyBase64, serverKey: k.serverKeyBase64) == k)
        #expect(ScramClientKeys(salt: "not base64!", iterations: 4096, clientKey: k.clientKeyBase64, serverKey: k.serverKeyBase64) == nil)
        #expect(ScramClientKeys(salt: k.saltBase64, iterations: 10, clientKey: k.clientKeyBase64, serverKey: k.serverKeyBase64) == nil)
        #expect(ScramClientKeys(salt: k.saltBase64, iterations: 4096, clientKey: "AAAA", serverKey: k.serverKeyBase64) == nil)
        #expect(ScramClientKeys(salt: "", iterations: 4096, clientKey: k.clientKeyBase64, serverKey: k.serverKeyBase64) == nil)
        #expect(ScramClientKeys(salt: k.saltBase64, iterations: 4096, clientKey: k.clientKeyBase64, serverKey: String(k.serverKeyBase64.dropLast(4))) == nil)
    }
}
