import Foundation
import IRCProtocol
import SCRAM
import SCRAMCrypto
import TerminalHarness
import Testing

/// SCRAM-SHA-256 (RFC 5802, RFC 7677) through IRCv3 SASL 3.1, against the real server over
/// TCP with a real SQLite file. The rest of SASL (PLAIN and its edge cases, 905, 906, 907,
/// 908, reauthentication) is checked against the real binary in
/// ConformanceTests/IRCv3_SASL.swift; these two stay here because the client side of SCRAM
/// needs SHA-256, HMAC and PBKDF2, which the conformance target does not link (it links no
/// server or crypto code). WeeChat logs in with SCRAM against the binary in Interop_WeeChat.
@Suite struct SpecSASLTests {
    static let account = ("Motoko", "puppet-master")

    // RFC 7677 / RFC 5802 through sasl-3.1: a SCRAM-SHA-256 exchange with the right
    // password ends with the server's verifier, then 900 and 903.
    @Test(arguments: Engine.all) func scramSuccess(_ engine: Engine) async throws {
        try await withDatabaseServer(engine: engine, accounts: [Self.account]) { db in
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
    @Test(arguments: Engine.all) func scramFailure(_ engine: Engine) async throws {
        try await withDatabaseServer(engine: engine, accounts: [Self.account]) { db in
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

    // A password of 1 KB (what `account add` accepts, ConformanceTests checks PLAIN with it)
    // works for SCRAM too: the client-first/final messages stay under the SASL limits.
    @Test(arguments: Engine.all) func scramWithAKilobytePassword(_ engine: Engine) async throws {
        let password = String(String(repeating: "long-secret/", count: 86).prefix(1024))
        try await withDatabaseServer(engine: engine, accounts: [("Hideo", password)]) { db in
            let c = try TestClient(port: db.port)
            try c.negotiateSASL()
            #expect(try c.scramLogin("Hideo", password: password).numeric == "903")
        }
    }
}
