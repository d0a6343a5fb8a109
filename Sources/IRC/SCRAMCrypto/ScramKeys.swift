import Crypto
import SCRAM
import _CryptoExtras

/// What a server keeps to check SCRAM-SHA-256 logins (RFC 5802 §3, RFC 7677): the salt,
/// the iteration count, StoredKey = H(ClientKey) and ServerKey. Neither the password nor
/// SaltedPassword is kept: StoredKey lets the server check a proof without being able to
/// make one, and ServerKey lets it prove itself to the client.
public struct ScramKeys: Hashable, Sendable {
    /// The per-account random salt.
    public var salt: [UInt8]
    /// PBKDF2-HMAC-SHA-256 iterations used to make SaltedPassword.
    public var iterations: Int
    /// H(HMAC(SaltedPassword, "Client Key")).
    public var storedKey: [UInt8]
    /// HMAC(SaltedPassword, "Server Key").
    public var serverKey: [UInt8]

    /// RFC 7677's floor for the iteration count.
    public static let minimumIterations = 4096

    /// Makes a record from stored values.
    public init(salt: [UInt8], iterations: Int, storedKey: [UInt8], serverKey: [UInt8]) {
        self.salt = salt
        self.iterations = iterations
        self.storedKey = storedKey
        self.serverKey = serverKey
    }

    /// Derives the keys of `password` with `salt` (PBKDF2, the costly step: milliseconds).
    public init(password: String, salt: [UInt8], iterations: Int) throws {
        let salted = try Self.saltedPassword(password, salt: salt, iterations: iterations)
        self.init(salt: salt, iterations: iterations, storedKey: Self.storedKey(salted: salted),
                  serverKey: Self.hmac(salted, "Server Key"))
    }

    /// Derives the keys of `password` with a fresh 16-byte salt from the system's CSPRNG.
    public init(password: String, iterations: Int) throws {
        try self.init(password: password, salt: ScramRandom.bytes(16), iterations: iterations)
    }

    /// Checks a client proof for `authMessage` in constant time: ClientKey = proof XOR
    /// HMAC(StoredKey, AuthMessage), then H(ClientKey) must equal StoredKey. Returns the
    /// server signature to send back, or `nil` if the proof is wrong.
    public func verify(proof: [UInt8], authMessage: String) -> [UInt8]? {
        let signature = Self.hmac(storedKey, authMessage)
        guard proof.count == signature.count else { return nil }
        let clientKey = zip(proof, signature).map { $0 ^ $1 }
        let candidate = Array(SHA256.hash(data: clientKey))
        guard ConstantTime.equal(candidate, storedKey) else { return nil }
        return serverSignature(authMessage: authMessage)
    }

    /// The storage side's check: `stored` keys verify the proof; without them (an unknown
    /// name, an account with no keys yet) `decoy` is checked the same way, so the work and
    /// the answer are a wrong password's, and nil comes back.
    public static func verify(stored: ScramKeys?, decoy: @autoclosure () -> ScramKeys, proof: [UInt8],
                              authMessage: String) -> [UInt8]? {
        let signature = (stored ?? decoy()).verify(proof: proof, authMessage: authMessage)
        return stored == nil ? nil : signature
    }

    /// HMAC(ServerKey, AuthMessage): what the server sends in `v=`.
    public func serverSignature(authMessage: String) -> [UInt8] {
        Self.hmac(serverKey, authMessage)
    }

    /// PBKDF2-HMAC-SHA-256 of the password's UTF-8 bytes (SASLprep is not applied, so only
    /// passwords that it would leave unchanged, such as ASCII ones, interoperate everywhere).
    public static func saltedPassword(_ password: String, salt: [UInt8], iterations: Int) throws -> [UInt8] {
        // The checked overload insists on 210,000 rounds; SCRAM fixes its own count.
        let key = try KDF.Insecure.PBKDF2.deriveKey(from: Array(password.utf8), salt: salt, using: .sha256,
                                                    outputByteCount: 32, unsafeUncheckedRounds: iterations)
        return key.withUnsafeBytes { Array($0) }
    }

    /// H(HMAC(SaltedPassword, "Client Key")).
    static func storedKey(salted: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: hmac(salted, "Client Key")))
    }

    /// HMAC-SHA-256 of `text` under `key`.
    static func hmac(_ key: [UInt8], _ text: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: key)))
    }
}

/// Random bytes and nonces from the system's CSPRNG (getrandom on Linux).
public enum ScramRandom {
    /// `count` random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    /// A nonce of 24 printable characters (18 random bytes in base64; no comma in base64).
    public static func nonce() -> String {
        ScramBase64.encode(bytes(18))
    }
}

extension ScramKeys {
    /// Keys that no password matches, the same for the same `name` and `secret`, for
    /// names that have no real keys: the server answers with their salt and checks proofs
    /// against them, so an unknown account looks, and costs, like a wrong password.
    public static func decoy(for name: String, secret: [UInt8], iterations: Int) -> ScramKeys {
        ScramKeys(salt: Array(hmac(secret, "salt:" + name).prefix(16)), iterations: iterations,
                  storedKey: hmac(secret, "stored-key:" + name), serverKey: hmac(secret, "server-key:" + name))
    }
}
