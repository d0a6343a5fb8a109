import Foundation
import TerminalHarness
import Testing

/// IRCv3 SASL 3.1 and 3.2 (ircv3.net/specs/extensions/sasl-3.1, …/sasl-3.2) with PLAIN
/// (RFC 4616). Where the specifications are silent the test says so and follows ergo.
/// SCRAM-SHA-256 from the client side needs SHA-256/HMAC/PBKDF2, which this target does not
/// link (it links no crypto): its success and failure are checked here through Debian's
/// WeeChat (Interop_WeeChat, which validates the server signature itself) and in
/// ServerTests/SpecSASLTests.
@Suite struct IRCv3_SASL {
    static let account = (name: "Motoko", password: "puppet-master")

    static func server(_ accounts: [(name: String, password: String)] = [account]) throws -> ServerProcess {
        try ServerProcess(accounts: accounts)
    }

    /// A client with `sasl` negotiated (registration held by CAP LS).
    static func negotiated(_ server: ServerProcess) throws -> LineClient {
        let c = try server.connect()
        c.send("CAP LS 302")
        c.send("CAP REQ sasl")
        let ack = try c.read(until: { $0.command == "CAP" && ["ACK", "NAK"].contains($0.param(1)) }).last!
        guard ack.param(1) == "ACK" else { throw LineClient.Failure(description: "sasl refused: \(ack)") }
        return c
    }

    /// A client with `sasl` negotiated, after `AUTHENTICATE PLAIN` and the server's `+`.
    static func startPlain(_ server: ServerProcess) throws -> LineClient {
        let c = try negotiated(server)
        c.send("AUTHENTICATE PLAIN")
        #expect(try c.expect("AUTHENTICATE").params == ["+"])
        return c
    }

    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    static func plain(_ authzid: String, _ authcid: String, _ password: String) -> String {
        base64(Array(authzid.utf8) + [0] + Array(authcid.utf8) + [0] + Array(password.utf8))
    }

    static let verdicts: Set<String> = ["903", "904", "905", "906", "907"]

    /// The SASL verdict for one PLAIN payload: the first of 903/904/905/906/907.
    static func verdict(_ c: LineClient, _ payload: String) throws -> String {
        c.send("AUTHENTICATE " + payload)
        return try c.read(until: { verdicts.contains($0.command) }).last!.command
    }

    /// RFC 4616: "If the authzid is empty … the authorization identity is derived from the
    /// authentication identity"; sasl-3.1: "If authentication is successful, a 900 and 903
    /// numeric will be sent." An authzid equal to the authcid (in another case) is the same.
    @Test func plainWithEmptyOrEqualAuthzidSucceeds() throws {
        let server = try Self.server()
        let empty = try Self.startPlain(server)
        #expect(try Self.verdict(empty, Self.plain("", "Motoko", "puppet-master")) == "903")
        #expect(empty.transcript.contains { Message($0).command == "900" && Message($0).params.contains("Motoko") })
        let same = try Self.startPlain(server)
        #expect(try Self.verdict(same, Self.plain("motoko", "Motoko", "puppet-master")) == "903")
    }

    /// sasl-3.1: "904 … is sent when the SASL authentication fails because of invalid
    /// credentials or other errors". A different authzid asks to act as someone else, which
    /// this server never allows (ergo: "authcid and authzid should be the same").
    @Test func plainWithAnotherAuthzidFails() throws {
        let server = try Self.server([Self.account, ("Batou", "gorilla-arms")])
        let c = try Self.startPlain(server)
        #expect(try Self.verdict(c, Self.plain("Batou", "Motoko", "puppet-master")) == "904")
        #expect(!c.transcript.contains { Message($0).command == "900" })
    }

    /// RFC 4616: "authcid = 1*SAFE", "passwd = 1*SAFE", "SAFE = UTF1 / UTF2 / UTF3 / UTF4
    /// ;; any UTF-8 encoded Unicode character except NUL". An empty authcid or password, a
    /// NUL inside the password, a message without both NULs, or invalid base64 is a failed
    /// authentication (904); and sasl-3.1: "the client MAY retry from the AUTHENTICATE
    /// <mechanism> command".
    @Test func plainMalformedMessagesFail() throws {
        let server = try Self.server()
        let c = try Self.startPlain(server)
        #expect(try Self.verdict(c, Self.plain("", "", "puppet-master")) == "904")
        for payload in [Self.plain("", "Motoko", ""), Self.plain("", "Motoko", "puppet\0master"),
                        Self.plain("", "Motoko", "puppet-master\0"), Self.base64(Array("\0Motoko".utf8)),
                        "!!!not-base64!!!", "TW90b2tv\u{7F}"] {
            c.send("AUTHENTICATE PLAIN")
            try c.expect("AUTHENTICATE")
            #expect(try Self.verdict(c, payload) == "904", "\(payload)")
        }
        c.send("AUTHENTICATE PLAIN")
        try c.expect("AUTHENTICATE")
        #expect(try Self.verdict(c, Self.plain("", "Motoko", "puppet-master")) == "903")
    }

    /// sasl-3.1: "The client can abort an authentication by sending an asterisk as the data.
    /// The server will send a 906 numeric." — and the next attempt starts afresh.
    @Test func asteriskAbortsWith906() throws {
        let server = try Self.server()
        let c = try Self.startPlain(server)
        c.send("AUTHENTICATE " + String(repeating: "A", count: 400))
        #expect(try Self.verdict(c, "*") == "906")
        c.send("AUTHENTICATE PLAIN")
        #expect(try c.expect("AUTHENTICATE").params == ["+"])
        #expect(try Self.verdict(c, Self.plain("", "Motoko", "puppet-master")) == "903")
    }

    /// sasl-3.1: "The response is encoded in Base64, then split to 400-byte chunks … If the
    /// last chunk was exactly 400 bytes long, it must also be followed by AUTHENTICATE + to
    /// signal end of response."
    @Test func chunksOf400AndTheExactMultipleEndingWithPlus() throws {
        // "\0Motoko\0" (8 bytes) + 292 = 300 bytes = 400 base64 characters exactly.
        let exact = String(repeating: "x", count: 292)
        let long = String(repeating: "y", count: 700)
        let server = try Self.server([("Motoko", exact), ("Kusanagi", long)])
        let payload = Self.plain("", "Motoko", exact)
        #expect(payload.utf8.count == 400)
        let c = try Self.startPlain(server)
        // Nothing is decided before the `+`: a PING is answered, and nothing else.
        let before = try c.exchange("AUTHENTICATE " + payload)
        #expect(before.isEmpty, "\(before)")
        #expect(try Self.verdict(c, "+") == "903")

        let split = Self.plain("", "Kusanagi", long)
        #expect(split.utf8.count > 800)
        let k = try Self.startPlain(server)
        var rest = Substring(split)
        while rest.utf8.count > 400 {
            k.send("AUTHENTICATE " + rest.prefix(400))
            rest = rest.dropFirst(400)
        }
        #expect(try Self.verdict(k, String(rest)) == "903")
    }

    /// sasl-3.1: "905 … the client-sent AUTHENTICATE command was too long (i.e. the parameter
    /// longer than 400 bytes)" — and the client may retry.
    @Test func aChunkOver400BytesIs905() throws {
        let server = try Self.server()
        let c = try Self.startPlain(server)
        #expect(try Self.verdict(c, String(repeating: "A", count: 401)) == "905")
        c.send("AUTHENTICATE PLAIN")
        try c.expect("AUTHENTICATE")
        #expect(try Self.verdict(c, Self.plain("", "Motoko", "puppet-master")) == "903")
    }

    /// sasl-3.1: "The server MAY place a limit on the total length of a response." A 400 KB
    /// stream gets one 905, its remaining chunks are dropped quietly, and the connection
    /// stays usable: the client retries and registers. (The suite's server config opens the
    /// flood queue wide enough for the thousand lines.)
    @Test func a400KilobyteStreamIsRefusedWith905AndTheConnectionStays() throws {
        let server = try Self.server()
        let c = try Self.startPlain(server)
        let chunk = "AUTHENTICATE " + String(repeating: "QUFB", count: 100)
        let stream = Array(repeating: chunk, count: 1000).joined(separator: "\r\n") + "\r\nAUTHENTICATE QUFB"
        let seen = try c.exchange(stream)
        #expect(seen.with("905").count == 1, "\(seen.commands)")
        #expect(!seen.contains { ["903", "904", "908"].contains($0.command) }, "\(seen.commands)")
        c.send("AUTHENTICATE PLAIN")
        #expect(try c.expect("AUTHENTICATE").params == ["+"])
        #expect(try Self.verdict(c, Self.plain("", "Motoko", "puppet-master")) == "903")
        c.send("NICK Motoko")
        c.send("USER m 0 * :Major")
        c.send("CAP END")
        try c.expect("001")
    }

    /// sasl-3.1: "If authentication fails, a 904 or 905 numeric will be sent and the client
    /// MAY retry from the AUTHENTICATE <mechanism> command."
    @Test func retryAfterAWrongPassword() throws {
        let server = try Self.server()
        let c = try Self.startPlain(server)
        #expect(try Self.verdict(c, Self.plain("", "Motoko", "wrong")) == "904")
        c.send("AUTHENTICATE PLAIN")
        try c.expect("AUTHENTICATE")
        #expect(try Self.verdict(c, Self.plain("", "Motoko", "puppet-master")) == "903")
    }

    /// sasl-3.1: "If this fails, a 904 numeric will be sent and the session state remains
    /// unchanged"; "908 aka RPL_SASLMECHS MAY be sent in reply to an AUTHENTICATE command
    /// which requests an unsupported mechanism. The numeric contains a comma-separated list".
    @Test func unknownMechanismGets908ThenA904() throws {
        let server = try Self.server()
        let c = try Self.negotiated(server)
        c.send("AUTHENTICATE DIGEST-MD5")
        let seen = try c.read(until: { $0.command == "904" })
        let mechs = try #require(seen.first { $0.command == "908" }, "\(seen)")
        #expect(Set(mechs.param(1).split(separator: ",")) == ["PLAIN", "SCRAM-SHA-256"])
        c.send("AUTHENTICATE PLAIN")
        try c.expect("AUTHENTICATE")
        #expect(try Self.verdict(c, Self.plain("", "Motoko", "puppet-master")) == "903")
    }

    /// sasl-3.2: "Servers SHOULD advertise the available SASL authentication mechanisms in
    /// the value of the sasl client capability in CAP LS. The value, if present, MUST be a
    /// comma (,) separated list of SASL authentication mechanisms." — the same list as 908.
    @Test func capValueListsTheMechanisms() throws {
        let server = try Self.server()
        let c = try server.connect()
        c.send("CAP LS 302")
        let ls = try c.read(until: { $0.command == "CAP" && $0.param(1) == "LS" && $0.params.count == 3 })
        let token = try #require(ls.flatMap { $0.trailing.split(separator: " ") }.first { $0.hasPrefix("sasl") })
        #expect(token.hasPrefix("sasl="), "\(token)")
        #expect(Set(token.dropFirst(5).split(separator: ",")) == ["PLAIN", "SCRAM-SHA-256"])
    }

    /// sasl-3.2: "Servers MUST NOT advertise the sasl capability if the authentication layer
    /// is unavailable. Servers MUST NAK any sasl capability request if the authentication
    /// layer is unavailable." — a server without a database has no accounts.
    @Test func noAuthenticationLayerNoSasl() throws {
        let server = try ServerProcess(database: false)
        let c = try server.connect()
        c.send("CAP LS 302")
        let ls = try c.read(until: { $0.command == "CAP" && $0.param(1) == "LS" && $0.params.count == 3 })
        let offered = ls.flatMap { $0.trailing.split(separator: " ") }
        #expect(!offered.contains { $0 == "sasl" || $0.hasPrefix("sasl=") }, "\(ls)")
        c.send("CAP REQ sasl")
        let reply = try c.read(until: { $0.command == "CAP" && ["ACK", "NAK"].contains($0.param(1)) }).last!
        #expect(reply.param(1) == "NAK" && reply.trailing == "sasl", "\(reply)")
    }

    /// sasl-3.1: NICK and USER may come in any order around the exchange; registration waits
    /// for CAP END, and the exchange is not disturbed by them.
    @Test func nickAndUserDuringTheExchange() throws {
        let server = try Self.server()
        let c = try Self.negotiated(server)
        c.send("AUTHENTICATE PLAIN")
        try c.expect("AUTHENTICATE")
        let between = try c.exchange("NICK Motoko", "USER m 0 * :Major")
        #expect(!between.has("001"), "\(between)")
        #expect(try Self.verdict(c, Self.plain("", "Motoko", "puppet-master")) == "903")
        c.send("NICK Kusanagi")
        c.send("CAP END")
        let welcome = try c.expect("001")
        #expect(welcome.param(0) == "Kusanagi")
    }

    /// sasl-3.1: "If the client completes registration (with CAP END, NICK, USER and any
    /// other necessary messages) while the SASL authentication is still in progress, the
    /// server SHOULD abort it and send a 906 numeric, then register the client without
    /// authentication."
    @Test func capEndDuringTheExchangeAbortsWith906() throws {
        let server = try Self.server()
        let c = try Self.negotiated(server)
        c.send("NICK Major")
        c.send("USER m 0 * :Major")
        c.send("AUTHENTICATE PLAIN")
        try c.expect("AUTHENTICATE")
        c.send("CAP END")
        let seen = try c.read(until: { $0.command == "001" })
        #expect(seen.has("906"), "\(c.transcript)")
        // Nothing of the aborted exchange survives: a payload now is a new mechanism name.
        c.send("AUTHENTICATE " + Self.plain("", "Motoko", "puppet-master"))
        #expect(try c.read(until: { ["903", "904"].contains($0.command) }).last?.command == "904")
    }

    /// sasl-3.2: "Servers SHOULD allow a client, authenticated or otherwise, to reauthenticate
    /// … If reauthentication is not available, an error appropriate to the circumstances MUST
    /// be sent (for instance, ERR_SASLALREADY is appropriate if changing accounts is not
    /// supported)." Like ergo: SASL after registration works for a client not logged in; a
    /// logged-in client gets 907 (sasl-3.1: "If the client attempts to issue the AUTHENTICATE
    /// command after already authenticating successfully, the server MUST reject it with a
    /// 907 numeric").
    @Test func saslAfterRegistrationAndReauthentication() throws {
        let server = try Self.server([Self.account, ("Batou", "gorilla-arms")])
        let c = try server.connect()
        try c.register("Guest7", caps: ["sasl"])
        c.send("AUTHENTICATE PLAIN")
        #expect(try c.expect("AUTHENTICATE").params == ["+"])
        #expect(try Self.verdict(c, Self.plain("", "Motoko", "puppet-master")) == "903")
        c.send("AUTHENTICATE PLAIN")
        #expect(try c.read(until: { ["AUTHENTICATE", "907"].contains($0.command) }).last?.command == "907")
        c.send("AUTHENTICATE *")
        #expect(try c.read(until: { ["906", "907"].contains($0.command) }).last?.command == "907")
        // Still logged in as Motoko (REGISTER names the account it refuses for).
        let already = try #require(try c.exchange("REGISTER * * another-password").with("FAIL").first)
        #expect(Array(already.params.prefix(3)) == ["REGISTER", "ALREADY_AUTHENTICATED", "Motoko"], "\(already)")
    }
}
