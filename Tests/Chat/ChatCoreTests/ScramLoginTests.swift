import ChatCore
import SCRAM
import SCRAMCrypto
import Testing

/// SCRAM-SHA-256 with swift-crypto and a fixed client nonce, as the adapter would supply it.
struct FixedNonceProver: ScramProver {
    let nonce: String
    func makeNonce() -> String { nonce }
    func deriveKeys(password: String, salt: [UInt8], iterations: Int) throws -> ScramClientKeys {
        let (clientKey, serverKey) = try ScramClient.clientKeys(password: password, salt: salt, iterations: iterations)
        return ScramClientKeys(salt: salt, iterations: iterations, clientKey: clientKey, serverKey: serverKey)
    }
    func prove(keys: ScramClientKeys, authMessage: String) -> ScramProof {
        let (proof, signature) = ScramClient.prove(clientKey: keys.clientKey, serverKey: keys.serverKey, authMessage: authMessage)
        return ScramProof(clientProof: proof, serverSignature: signature)
    }
}

/// The session's SASL: SCRAM-SHA-256 preferred when offered, PLAIN otherwise or as a
/// one-time fallback, the server's signature checked.
@Suite struct ScramLoginTests {
    static let serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
    static let clientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
    static let serverFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="

    static func b64(_ text: String) -> String { ScramBase64.encode(Array(text.utf8)) }

    /// Connected to a server offering `sasl` with `mechanisms`, up to our AUTHENTICATE.
    static func negotiated(_ mechanisms: String, scram: Bool = true, host: String = "127.0.0.1", tls: Bool = false) -> SessionDriver {
        var d = SessionDriver(ChatConfig(host: host, useTLS: tls, nick: "user", password: "pencil"),
                              scram: scram ? FixedNonceProver(nonce: "rOprNGfwEbeRWgbNEkqO") : nil)
        d.handle(.intent(.connect))
        d.handle(.connected)
        d.server(":s CAP * LS :sasl=\(mechanisms)", ":s CAP user ACK :sasl")
        return d
    }

    @Test func followsRFC7677AndChecksTheServer() {
        var d = Self.negotiated("PLAIN,SCRAM-SHA-256")
        #expect(d.takeSent().last == "AUTHENTICATE SCRAM-SHA-256")
        d.server("AUTHENTICATE +")
        #expect(d.takeSent() == ["AUTHENTICATE " + Self.b64("n,,n=user,r=rOprNGfwEbeRWgbNEkqO")])
        d.server("AUTHENTICATE " + Self.b64(Self.serverFirst))
        #expect(d.takeSent() == ["AUTHENTICATE " + Self.b64(Self.clientFinal)])
        d.server("AUTHENTICATE " + Self.b64(Self.serverFinal))
        #expect(d.takeSent() == ["AUTHENTICATE +"])
        d.server(":s 900 user user!u@h user :You are now logged in as user", ":s 903 user :SASL authentication successful")
        #expect(d.takeSent() == ["CAP END"])
        #expect(d.session.account == "user")
        #expect(d.session.loginMechanism == "SCRAM-SHA-256")
    }

    @Test func aServerWithTheWrongSignatureIsAbandoned() {
        var d = Self.negotiated("SCRAM-SHA-256,PLAIN")
        d.server("AUTHENTICATE +", "AUTHENTICATE " + Self.b64(Self.serverFirst))
        _ = d.takeSent()
        d.server("AUTHENTICATE " + Self.b64("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl96G4="))
        #expect(d.takeSent() == ["AUTHENTICATE *"])
        d.server(":s 906 user :SASL authentication aborted")
        // No fallback to PLAIN: the password is not handed to a server that failed to prove itself.
        #expect(d.takeSent() == ["CAP END"])
        #expect(d.session.buffers[0].lines.contains { $0.text.contains("could not prove") })
        #expect(d.session.account == nil)
    }

    @Test func refusesWeakOrForeignChallenges() {
        // Fewer iterations than RFC 7677 allows, and a nonce that is not ours extended.
        for challenge in ["r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1000",
                          "r=somebodyElse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", "garbage"] {
            var d = Self.negotiated("SCRAM-SHA-256")
            d.server("AUTHENTICATE +", "AUTHENTICATE " + Self.b64(challenge))
            #expect(d.takeSent().last == "AUTHENTICATE *")
        }
    }

    /// A refused SCRAM on a remote server without TLS: the password is not sent in clear.
    @Test func noPlainFallbackToARemoteServerWithoutTLS() {
        var d = Self.negotiated("PLAIN,SCRAM-SHA-256", host: "irc.example.net")
        d.server("AUTHENTICATE +", "AUTHENTICATE " + Self.b64(Self.serverFirst))
        _ = d.takeSent()
        d.server(":s 904 user :SASL authentication failed")
        #expect(d.takeSent() == ["CAP END"])
        var secure = Self.negotiated("PLAIN,SCRAM-SHA-256", host: "irc.example.net", tls: true)
        secure.server("AUTHENTICATE +", "AUTHENTICATE " + Self.b64(Self.serverFirst))
        _ = secure.takeSent()
        secure.server(":s 904 user :SASL authentication failed")
        #expect(secure.takeSent() == ["AUTHENTICATE PLAIN"])
    }

    @Test func fallsBackToPlainOnceWhenScramIsRefused() {
        var d = Self.negotiated("PLAIN,SCRAM-SHA-256")
        d.server("AUTHENTICATE +", "AUTHENTICATE " + Self.b64(Self.serverFirst))
        _ = d.takeSent()
        d.server(":s 904 user :SASL authentication failed")
        #expect(d.takeSent() == ["AUTHENTICATE PLAIN"])
        d.server("AUTHENTICATE +")
        #expect(d.takeSent() == ["AUTHENTICATE " + ScramBase64.encode(Array("user\0user\0pencil".utf8))])
        d.server(":s 904 user :SASL authentication failed")
        #expect(d.takeSent() == ["CAP END"])
        #expect(d.notices.contains(.authenticationFailed("SASL authentication failed")))
    }

    @Test func plainWhenScramIsNotOfferedOrNotSupplied() {
        var plainOnly = Self.negotiated("PLAIN")
        #expect(plainOnly.takeSent().last == "AUTHENTICATE PLAIN")
        var noCrypto = Self.negotiated("PLAIN,SCRAM-SHA-256", scram: false)
        #expect(noCrypto.takeSent().last == "AUTHENTICATE PLAIN")
        noCrypto.server("AUTHENTICATE +", ":s 903 user :ok")
        #expect(noCrypto.session.loginMechanism == "PLAIN")
    }
}
