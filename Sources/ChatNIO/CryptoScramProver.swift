import ChatCore
import SCRAMCrypto

/// SCRAM-SHA-256's cryptography for the chat session, from swift-crypto (PBKDF2, HMAC,
/// SHA-256) and the system's CSPRNG. PBKDF2 runs on the client's event loop: one derivation
/// per login, milliseconds at the server's iteration count.
struct CryptoScramProver: ScramProver {
    func makeNonce() -> String { ScramRandom.nonce() }

    func prove(password: String, salt: [UInt8], iterations: Int, authMessage: String) throws -> ScramProof {
        let (proof, signature) = try ScramClient.prove(password: password, salt: salt, iterations: iterations, authMessage: authMessage)
        return ScramProof(clientProof: proof, serverSignature: signature)
    }
}
