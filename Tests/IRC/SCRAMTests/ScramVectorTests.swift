import SCRAM
import SCRAMCrypto
import Testing

/// The SCRAM-SHA-256 exchange of RFC 7677 §3 (user `user`, password `pencil`, fixed
/// nonces), checked against both sides of our implementation.
@Suite struct ScramVectorTests {
    static let clientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO"
    static let serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
    static let clientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
    static let serverFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="

    @Test func clientSideMatchesTheRFC() throws {
        var client = ScramClient(username: "user", password: "pencil", nonce: "rOprNGfwEbeRWgbNEkqO")
        #expect(client.first.text == Self.clientFirst)
        #expect(try client.respond(to: Self.serverFirst) == Self.clientFinal)
        #expect(client.verify(Self.serverFinal))
        #expect(!client.verify("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G5="))
        #expect(!client.verify("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl96G4="))
        #expect(!client.verify("e=invalid-proof"))
    }

    @Test func serverSideMatchesTheRFC() throws {
        let first = try ClientFirstMessage(parsing: Self.clientFirst)
        #expect(first.username == "user")
        #expect(first.gs2Header == "n,,")
        #expect(first.bare == "n=user,r=rOprNGfwEbeRWgbNEkqO")
        let server = try ServerFirstMessage(parsing: Self.serverFirst)
        #expect(server.text == Self.serverFirst)
        #expect(server.iterations == 4096)
        let keys = try ScramKeys(password: "pencil", salt: server.salt, iterations: server.iterations)
        let final = try ClientFinalMessage(parsing: Self.clientFinal)
        let authMessage = try final.authMessage(clientFirst: first, serverFirst: server)
        let signature = try #require(keys.verify(proof: final.proof, authMessage: authMessage))
        #expect(ServerFinalMessage.verifier(signature).text == Self.serverFinal)

        // A wrong password gives other keys: the same proof no longer verifies.
        let other = try ScramKeys(password: "pencil2", salt: server.salt, iterations: server.iterations)
        #expect(other.verify(proof: final.proof, authMessage: authMessage) == nil)
        // One flipped bit of the proof is refused.
        var tampered = final.proof
        tampered[7] ^= 0x10
        #expect(keys.verify(proof: tampered, authMessage: authMessage) == nil)
    }
}
