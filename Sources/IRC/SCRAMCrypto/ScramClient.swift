import Crypto
import SCRAM

/// The client's side of one SCRAM-SHA-256 exchange (RFC 5802 §3): makes the first message,
/// answers the server's challenge with a proof, and checks the server's signature.
///
/// Call `first`, then `respond(to:)` with the server-first text, then `verify(_:)` with
/// the server-final text. `respond(to:)` runs PBKDF2, the costly step.
public struct ScramClient: Sendable {
    /// The first message, sent after `AUTHENTICATE SCRAM-SHA-256`.
    public let first: ClientFirstMessage
    private let password: String
    private var expectedSignature: [UInt8]?

    /// Starts an exchange for `username` with a fresh nonce (or a given one, for tests).
    public init(username: String, password: String, nonce: String = ScramRandom.nonce()) {
        first = ClientFirstMessage(username: username, nonce: nonce)
        self.password = password
    }

    /// The client-final text for the server-first `text`. Refuses a server nonce that does
    /// not extend ours and an iteration count below RFC 7677's 4096 (a downgrade).
    public mutating func respond(to text: String) throws -> String {
        let server = try ServerFirstMessage(parsing: text)
        guard server.nonce.hasPrefix(first.nonce), server.nonce.count > first.nonce.count else { throw ScramError.nonceMismatch }
        guard server.iterations >= ScramKeys.minimumIterations, server.iterations <= 10_000_000 else { throw ScramError.malformed }
        let authMessage = first.bare + "," + text + "," + ClientFinalMessage.withoutProof(gs2Header: first.gs2Header, nonce: server.nonce)
        let (proof, signature) = try Self.prove(password: password, salt: server.salt, iterations: server.iterations, authMessage: authMessage)
        expectedSignature = signature
        return ClientFinalMessage(gs2Header: first.gs2Header, nonce: server.nonce, proof: proof).text
    }

    /// RFC 5802 §3 from the password: the client proof over `authMessage` (ClientKey XOR
    /// HMAC(StoredKey, AuthMessage)) and the server signature to expect back.
    public static func prove(password: String, salt: [UInt8], iterations: Int,
                             authMessage: String) throws -> (proof: [UInt8], serverSignature: [UInt8]) {
        let keys = try clientKeys(password: password, salt: salt, iterations: iterations)
        return prove(clientKey: keys.clientKey, serverKey: keys.serverKey, authMessage: authMessage)
    }

    /// ClientKey = HMAC(SaltedPassword, "Client Key") and ServerKey = HMAC(SaltedPassword,
    /// "Server Key"): what a client may keep instead of the password (PBKDF2, the costly step).
    public static func clientKeys(password: String, salt: [UInt8], iterations: Int) throws -> (clientKey: [UInt8], serverKey: [UInt8]) {
        let salted = try ScramKeys.saltedPassword(password, salt: salt, iterations: iterations)
        return (ScramKeys.hmac(salted, "Client Key"), ScramKeys.hmac(salted, "Server Key"))
    }

    /// RFC 5802 §3 from ClientKey and ServerKey (no password, no PBKDF2): the client proof
    /// over `authMessage` and the server signature to expect back.
    public static func prove(clientKey: [UInt8], serverKey: [UInt8], authMessage: String) -> (proof: [UInt8], serverSignature: [UInt8]) {
        let storedKey = Array(SHA256.hash(data: clientKey))
        let signature = ScramKeys.hmac(storedKey, authMessage)
        let proof = zip(clientKey, signature).map { $0 ^ $1 }
        return (proof, ScramKeys.hmac(serverKey, authMessage))
    }

    /// Whether the server-final `text` carries the signature only a server holding our
    /// ServerKey can make.
    public func verify(_ text: String) -> Bool {
        guard let expected = expectedSignature, case .verifier(let signature)? = try? ServerFinalMessage(parsing: text) else {
            return false
        }
        return ConstantTime.equal(signature, expected)
    }
}
