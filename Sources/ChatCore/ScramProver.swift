/// The cryptography of a SCRAM-SHA-256 login, supplied by the adapter (ChatNIO), so that
/// ChatCore builds and checks the SASL messages but links no crypto library and stays free
/// of I/O (the nonce comes from the system's CSPRNG).
public protocol ScramProver: Sendable {
    /// A fresh client nonce: printable ASCII without a comma, from a CSPRNG.
    func makeNonce() -> String
    /// RFC 5802 §3 for one exchange: SaltedPassword by PBKDF2, then the client proof over
    /// `authMessage` and the server signature the server must send back.
    func prove(password: String, salt: [UInt8], iterations: Int, authMessage: String) throws -> ScramProof
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
