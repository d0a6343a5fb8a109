import SCRAM

/// The cryptography of a SCRAM-SHA-256 login, supplied by the adapter (ChatNIO), so that
/// ChatCore builds and checks the SASL messages but links no crypto library and stays free
/// of I/O (the nonce comes from the system's CSPRNG).
public protocol ScramProver: Sendable {
    /// A fresh client nonce: printable ASCII without a comma, from a CSPRNG.
    func makeNonce() -> String
    /// RFC 5802 §3: SaltedPassword by PBKDF2 (the costly step), then ClientKey and ServerKey.
    func deriveKeys(password: String, salt: [UInt8], iterations: Int) throws -> ScramClientKeys
    /// RFC 5802 §3 for one exchange from the keys alone: the client proof over `authMessage`
    /// (ClientKey XOR HMAC(H(ClientKey), AuthMessage)) and the server signature to expect back
    /// (HMAC(ServerKey, AuthMessage)).
    func prove(keys: ScramClientKeys, authMessage: String) -> ScramProof
}

/// What a client needs to log in with SCRAM-SHA-256 without the password (RFC 5802 §3):
/// the server's salt and iteration count for the account, ClientKey (to make proofs) and
/// ServerKey (to check the server's signature). "Remember me" stores these instead of the
/// password. They are only good for a server that answers with the same salt and count.
public struct ScramClientKeys: Hashable, Sendable {
    /// The account's salt, as the server sent it.
    public var salt: [UInt8]
    /// The PBKDF2 iteration count, as the server sent it.
    public var iterations: Int
    /// HMAC(SaltedPassword, "Client Key"): 32 bytes.
    public var clientKey: [UInt8]
    /// HMAC(SaltedPassword, "Server Key"): 32 bytes.
    public var serverKey: [UInt8]

    /// The iteration counts the client accepts (RFC 7677's floor; a cap on the cost).
    public static let iterationRange = 4096...1_000_000

    /// Makes keys.
    public init(salt: [UInt8], iterations: Int, clientKey: [UInt8], serverKey: [UInt8]) {
        self.salt = salt
        self.iterations = iterations
        self.clientKey = clientKey
        self.serverKey = serverKey
    }

    /// Keys from their stored form (base64 salt and keys), or nil when any part is damaged:
    /// bad base64, an empty salt, keys that are not 32 bytes, an iteration count out of range.
    public init?(salt: String, iterations: Int, clientKey: String, serverKey: String) {
        guard let s = ScramBase64.decode(salt), !s.isEmpty, s.count <= 1024,
              let c = ScramBase64.decode(clientKey), c.count == 32,
              let v = ScramBase64.decode(serverKey), v.count == 32,
              Self.iterationRange.contains(iterations) else { return nil }
        self.init(salt: s, iterations: iterations, clientKey: c, serverKey: v)
    }

    /// The salt in base64, as stored.
    public var saltBase64: String { ScramBase64.encode(salt) }
    /// ClientKey in base64, as stored.
    public var clientKeyBase64: String { ScramBase64.encode(clientKey) }
    /// ServerKey in base64, as stored.
    public var serverKeyBase64: String { ScramBase64.encode(serverKey) }
}

/// What `ScramProver.prove` computes.
public struct ScramProof: Hashable, Sendable {
    /// ClientKey XOR ClientSignature, sent in `p=`.
    public var clientProof: [UInt8]
    /// The `v=` the server must answer with.
    public var serverSignature: [UInt8]

    /// Makes a proof.
    public init(clientProof: [UInt8], serverSignature: [UInt8]) {
        self.clientProof = clientProof
        self.serverSignature = serverSignature
    }
}
