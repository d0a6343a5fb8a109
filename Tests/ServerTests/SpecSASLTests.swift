import Foundation
import IRCProtocol
import SCRAM
import SCRAMCrypto
import Testing

/// IRCv3 SASL 3.1 and 3.2 (https://ircv3.net/specs/extensions/sasl-3.1,
/// https://ircv3.net/specs/extensions/sasl-3.2), PLAIN (RFC 4616) and SCRAM-SHA-256
/// (RFC 5802, RFC 7677), against the real server over TCP with a real SQLite file.
/// Where the specifications are silent the test says so and follows ergo.
@Suite struct SpecSASLTests {
    static let account = ("Motoko", "puppet-master")

    /// A client with `sasl` negotiated (registration held by CAP LS), after `AUTHENTICATE PLAIN`.
    static func startPlain(_ port: Int) throws -> TestClient {
        let c = try TestClient(port: port)
        try c.negotiateSASL()
        c.send("AUTHENTICATE PLAIN")
        #expect(try c.expect("AUTHENTICATE").parameters == ["+"])
        return c
    }

    static func plain(_ authzid: String, _ authcid: String, _ password: String) -> String {
        TestClient.base64(Array(authzid.utf8) + [0] + Array(authcid.utf8) + [0] + Array(password.utf8))
    }

    /// The SASL verdict for one PLAIN payload: the first of 903/904/905/906/907.
    static func verdict(_ c: TestClient, _ payload: String) throws -> String {
        c.send("AUTHENTICATE " + payload)
        return try c.read(until: { ["903", "904", "905", "906", "907"].contains($0.command) }).last!.command
    }

    // RFC 4616: "authzid ... If the authzid is empty ... the authorization identity is
    // derived from the authentication identity"; sasl-3.1: "If authentication is
    // successful, a 900 and 903 numeric will be sent."
    @Test func plainWithEmptyOrEqualAuthzidSucceeds() async throws {
        try await withDatabaseServer(accounts: [Self.account]) { db in
            let empty = try Self.startPlain(db.port)
            #expect(try Self.verdict(empty, Self.plain("", "Motoko", "puppet-master")) == "903")
            #expect(empty.transcript.contains { $0.contains(" 900 ") && $0.contains(" Motoko ") })
            let same = try Self.startPlain(db.port)
            #expect(try Self.verdict(same, Self.plain("motoko", "Motoko", "puppet-master")) == "903")
        }
    }

    // sasl-3.1: "904 ... is sent when the SASL authentication fails because of invalid
    // credentials or other errors". A different authzid asks to act as someone else, which
    // this server never allows (ergo: "authcid and authzid should be the same").
    @Test func plainWithAnotherAuthzidFails() async throws {
        try await withDatabaseServer(accounts: [Self.account, ("Batou", "gorilla-arms")]) { db in
            let c = try Self.startPlain(db.port)
            #expect(try Self.verdict(c, Self.plain("Batou", "Motoko", "puppet-master")) == "904")
            #expect(!c.transcript.contains { $0.contains(" 900 ") })
        }
    }

    // RFC 4616: "authcid = 1*SAFE", "passwd = 1*SAFE", "SAFE = UTF1 / UTF2 / UTF3 / UTF4
    // ;; any UTF-8 encoded Unicode character except NUL". An empty authcid or password, or a
    // NUL inside the password, is a malformed message: 904.
    @Test func plainMalformedMessagesFail() async throws {
        try await withDatabaseServer(accounts: [Self.account]) { db in
            let c = try Self.startPlain(db.port)
            #expect(try Self.verdict(c, Self.plain("", "", "puppet-master")) == "904")
            for payload in [Self.plain("", "Motoko", ""), Self.plain("", "Motoko", "puppet\0master"),
                            Self.plain("", "Motoko", "puppet-master\0"), TestClient.base64(Array("\0Motoko".utf8)),
                            "!!!not-base64!!!", "TW90b2tv\u{7F}"] {
                c.send("AUTHENTICATE PLAIN")
                try c.expect("AUTHENTICATE")
                #expect(try Self.verdict(c, payload) == "904", "\(payload)")
            }
            // "the client MAY retry from the AUTHENTICATE <mechanism> command"
            c.send("AUTHENTICATE PLAIN")
            try c.expect("AUTHENTICATE")
            #expect(try Self.verdict(c, Self.plain("", "Motoko", "puppet-master")) == "903")
        }
    }

    // sasl-3.1: "The client can abort an authentication by sending an asterisk as the data.
    // The server will send a 906 numeric." — and the next attempt starts afresh.
    @Test func asteriskAbortsWith906() async throws {
        try await withDatabaseServer(accounts: [Self.account]) { db in
            let c = try Self.startPlain(db.port)
            c.send("AUTHENTICATE " + String(repeating: "A", count: 400))
            #expect(try Self.verdict(c, "*") == "906")
            c.send("AUTHENTICATE PLAIN")
            #expect(try c.expect("AUTHENTICATE").parameters == ["+"])
            #expect(try Self.verdict(c, Self.plain("", "Motoko", "puppet-master")) == "903")
        }
    }

    // sasl-3.1: "The response is encoded in Base64, then split to 400-byte chunks ... If the
    // last chunk was exactly 400 bytes long, it must also be followed by AUTHENTICATE + to
    // signal end of response."
    @Test func chunksOf400AndTheExactMultipleEndingWithPlus() async throws {
        // "\0Motoko\0" + 289 bytes = 297 bytes = 396 base64 characters; 291 → 400 exactly.
        let exact = String(repeating: "x", count: 292)
        let long = String(repeating: "y", count: 700)
        try await withDatabaseServer(accounts: [("Motoko", exact), ("Kusanagi", long)]) { db in
            let payload = Self.plain("", "Motoko", exact)
            #expect(payload.utf8.count == 400)
            let c = try Self.startPlain(db.port)
            c.send("AUTHENTICATE " + payload)
            // Nothing is decided before the `+`: a PING is answered first.
            let before = try c.sync("not-yet")
            #expect(!before.contains { ["903", "904"].contains($0.command) })
            #expect(try Self.verdict(c, "+") == "903")

            let split = Self.plain("", "Kusanagi", long)
            #expect(split.utf8.count > 800)
            let k = try Self.startPlain(db.port)
            var rest = Substring(split)
            while rest.utf8.count > 400 {
                k.send("AUTHENTICATE " + rest.prefix(400))
                rest = rest.dropFirst(400)
            }
            #expect(try Self.verdict(k, String(rest)) == "903")
        }
    }

    // sasl-3.1: "905 ... the client-sent AUTHENTICATE command was too long (i.e. the parameter
    // longer than 400 bytes)"; "The server MAY place a limit on the total length of a
    // response." A 400 KB stream gets one 905, its remaining chunks are dropped quietly, and
    // the connection stays usable (the client may retry). (The flood queue is opened for the
    // thousand lines: with the default limits such a client is dropped for Excess Flood.)
    @Test func a400KilobyteStreamIsRefusedWith905AndTheConnectionStays() async throws {
        try await withDatabaseServer(accounts: [Self.account], configure: { $0.floodMaxQueuedLines = 2000 }) { db in
            let c = try Self.startPlain(db.port)
            let chunk = "AUTHENTICATE " + String(repeating: "QUFB", count: 100) + "\r\n"
            var stream = String(repeating: chunk, count: 1000)
            stream += "AUTHENTICATE QUFB\r\n"
            c.sendRaw(Array(stream.utf8))
            let seen = try c.sync("after-stream")
            #expect(seen.filter { $0.command == "905" }.count == 1, "\(seen.map(\.command))")
            #expect(!seen.contains { ["904", "908", "903"].contains($0.command) }, "\(seen.map(\.command))")
            c.send("AUTHENTICATE PLAIN")
            #expect(try c.expect("AUTHENTICATE").parameters == ["+"])
            #expect(try Self.verdict(c, Self.plain("", "Motoko", "puppet-master")) == "903")
            c.send("NICK Motoko")
            c.send("USER m 0 * :Major")
            c.send("CAP END")
            try c.expect("001")
        }
    }

    // sasl-3.1: "905 ... the parameter longer than 400 bytes"
    @Test func aChunkOver400BytesIs905() async throws {
        try await withDatabaseServer(accounts: [Self.account]) { db in
            let c = try Self.startPlain(db.port)
            #expect(try Self.verdict(c, String(repeating: "A", count: 401)) == "905")
            c.send("AUTHENTICATE PLAIN")
            try c.expect("AUTHENTICATE")
            #expect(try Self.verdict(c, Self.plain("", "Motoko", "puppet-master")) == "903")
        }
    }

    // sasl-3.1: "If authentication fails, a 904 or 905 numeric will be sent and the client
    // MAY retry from the AUTHENTICATE <mechanism> command."
    @Test func retryAfterAWrongPassword() async throws {
        try await withDatabaseServer(accounts: [Self.account]) { db in
            let c = try Self.startPlain(db.port)
            #expect(try Self.verdict(c, Self.plain("", "Motoko", "wrong")) == "904")
            c.send("AUTHENTICATE PLAIN")
            try c.expect("AUTHENTICATE")
            #expect(try Self.verdict(c, Self.plain("", "Motoko", "puppet-master")) == "903")
        }
    }

    // sasl-3.1: "If this fails, a 904 numeric will be sent and the session state remains
    // unchanged"; "908 aka RPL_SASLMECHS MAY be sent in reply to an AUTHENTICATE command which
    // requests an unsupported mechanism. The numeric contains a comma-separated list".
    @Test func unknownMechanismGets908ThenA904() async throws {
        try await withDatabaseServer(accounts: [Self.account]) { db in
            let c = try TestClient(port: db.port)
            try c.negotiateSASL()
            c.send("AUTHENTICATE DIGEST-MD5")
            let seen = try c.read(until: { $0.command == "904" })
            let mechs = try #require(seen.first { $0.command == "908" })
            #expect(Set(mechs.parameters[1].split(separator: ",")) == ["PLAIN", "SCRAM-SHA-256"])
            c.send("AUTHENTICATE PLAIN")
            try c.expect("AUTHENTICATE")
            #expect(try Self.verdict(c, Self.plain("", "Motoko", "puppet-master")) == "903")
        }
    }

    // sasl-3.1: NICK and USER may come in any order around the exchange; registration
    // waits for CAP END, and the exchange is not disturbed by them.
    @Test func nickAndUserDuringTheExchange() async throws {
        try await withDatabaseServer(accounts: [Self.account]) { db in
            let c = try TestClient(port: db.port)
            try c.negotiateSASL()
            c.send("AUTHENTICATE PLAIN")
            try c.expect("AUTHENTICATE")
            c.send("NICK Motoko")
            c.send("USER m 0 * :Major")
            let between = try c.sync("mid")
            #expect(!between.contains { $0.command == "001" })
            #expect(try Self.verdict(c, Self.plain("", "Motoko", "puppet-master")) == "903")
            c.send("NICK Kusanagi")
            c.send("CAP END")
            let welcome = try c.expect("001")
            #expect(welcome.parameters[0] == "Kusanagi")
        }
    }

    // sasl-3.1: "If the client completes registration (with CAP END, NICK, USER and any other
    // necessary messages) while the SASL authentication is still in progress, the server
    // SHOULD abort it and send a 906 numeric, then register the client without authentication."
    @Test func capEndDuringTheExchangeAbortsWith906() async throws {
        try await withDatabaseServer(accounts: [Self.account]) { db in
            let c = try TestClient(port: db.port)
            try c.negotiateSASL()
            c.send("NICK Major")
            c.send("USER m 0 * :Major")
            c.send("AUTHENTICATE PLAIN")
            try c.expect("AUTHENTICATE")
            c.send("CAP END")
            let seen = try c.read(until: { $0.command == "001" })
            #expect(seen.contains { $0.command == "906" }, "\(c.transcript)")
            // Nothing of the aborted exchange survives: a payload now is a new mechanism name.
            c.send("AUTHENTICATE " + Self.plain("", "Motoko", "puppet-master"))
            #expect(try c.read(until: { ["903", "904"].contains($0.command) }).last?.command == "904")
        }
    }

    // sasl-3.2: "Servers SHOULD allow a client, authenticated or otherwise, to reauthenticate
    // ... If reauthentication is not available, an error appropriate to the circumstances MUST
    // be sent (for instance, ERR_SASLALREADY is appropriate if changing accounts is not
    // supported)." Like ergo: SASL after registration works for a client not logged in; a
    // logged-in client gets 907 (sasl-3.1: "the server MUST reject it with a 907 numeric").
    @Test func saslAfterRegistrationAndReauthentication() async throws {
        try await withDatabaseServer(accounts: [Self.account, ("Batou", "gorilla-arms")]) { db in
            let c = try TestClient(port: db.port)
            try c.register("Guest7", caps: ["sasl"])
            c.send("AUTHENTICATE PLAIN")
            #expect(try c.expect("AUTHENTICATE").parameters == ["+"])
            #expect(try Self.verdict(c, Self.plain("", "Motoko", "puppet-master")) == "903")
            c.send("AUTHENTICATE PLAIN")
            #expect(try c.read(until: { ["AUTHENTICATE", "907"].contains($0.command) }).last?.command == "907")
            c.send("AUTHENTICATE *")
            #expect(try c.read(until: { ["906", "907"].contains($0.command) }).last?.command == "907")
            // Still logged in as Motoko (REGISTER names the account it refuses for).
            c.send("REGISTER * * another-password")
            let already = try c.expect("FAIL")
            #expect(already.parameters[1] == "ALREADY_AUTHENTICATED" && already.parameters[2] == "Motoko")
        }
    }

    // RFC 7677 / RFC 5802 through sasl-3.1: a SCRAM-SHA-256 exchange with the right
    // password ends with the server's verifier, then 900 and 903.
    @Test func scramSuccess() async throws {
        try await withDatabaseServer(accounts: [Self.account]) { db in
            let c = try TestClient(port: db.port)
            try c.negotiateSASL()
            let result = try c.scramLogin("Motoko", password: "puppet-master")
            #expect(result.numeric == "903")
            #expect(result.serverVerified)
            #expect(c.transcript.contains { $0.contains(" 900 ") })
        }
    }

    // RFC 5802: "the server verifies the client's proof"; a wrong one is an authentication
    // failure (904), and no server signature is sent.
    @Test func scramFailure() async throws {
        try await withDatabaseServer(accounts: [Self.account]) { db in
            let c = try TestClient(port: db.port)
            try c.negotiateSASL()
            let wrong = try c.scramLogin("Motoko", password: "puppet-servant")
            #expect(wrong.numeric == "904")
            #expect(!wrong.serverVerified)
            let unknown = try c.scramLogin("Nobody", password: "puppet-master")
            #expect(unknown.numeric == "904")
            // And a retry with the right password works on the same connection.
            #expect(try c.scramLogin("Motoko", password: "puppet-master").numeric == "903")
        }
    }
}
