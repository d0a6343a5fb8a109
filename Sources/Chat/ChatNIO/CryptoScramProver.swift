import ChatCore
import SCRAMCrypto

/// SCRAM-SHA-256's cryptography for the chat session, from swift-crypto (PBKDF2, HMAC,
/// SHA-256) and the system's CSPRNG. PBKDF2 runs on the client's event loop: one derivation
/// per password login, milliseconds at the server's iteration count; a login from stored
/// keys needs no PBKDF2 at all.
struct CryptoScramProver: ScramProver {
    func makeNonce() -> String { ScramRandom.nonce() }

    func deriveKeys(password: String, salt: [UInt8], iterations: Int) throws -> ScramClientKeys {
        let (clientKey, serverKey) = try ScramClient.clientKeys(password: password, salt: salt, iterations: iterations)
        return ScramClientKeys(salt: salt, iterations: iterations, clientKey: clientKey, serverKey: serverKey)
    }

    func prove(keys: ScramClientKeys, authMessage: String) -> ScramProof {
        let (proof, signature) = ScramClient.prove(clientKey: keys.clientKey, serverKey: keys.serverKey, authMessage: authMessage)
        return ScramProof(clientProof: proof, serverSignature: signature)
    }
}
