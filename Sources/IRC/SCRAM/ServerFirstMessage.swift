/// The server's first SCRAM message: `r=<client nonce><server nonce>,s=<salt>,i=<iterations>`.
public struct ServerFirstMessage: Hashable, Sendable {
    /// The combined nonce: the client's followed by the server's.
    public let nonce: String
    /// The account's salt.
    public let salt: [UInt8]
    /// PBKDF2's iteration count for the account.
    public let iterations: Int

    /// Makes the message a server sends.
    public init(nonce: String, salt: [UInt8], iterations: Int) {
        self.nonce = nonce
        self.salt = salt
        self.iterations = iterations
    }

    /// Reads a server-first message (the client side).
    public init(parsing text: String) throws(ScramError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        if parts.first?.hasPrefix("m=") == true { throw .unsupportedExtension }
        guard parts.count >= 3, parts[0].hasPrefix("r="), let nonce = ScramNonce.valid(parts[0].dropFirst(2)),
              parts[1].hasPrefix("s="), let salt = ScramBase64.decode(parts[1].dropFirst(2)), !salt.isEmpty,
              parts[2].hasPrefix("i="), let iterations = Int(parts[2].dropFirst(2)), iterations > 0
        else { throw .malformed }
        try ScramAttributes.checkExtensions(parts[3...])
        self.nonce = nonce
        self.salt = salt
        self.iterations = iterations
    }

    /// The message as sent.
    public var text: String { "r=\(nonce),s=\(ScramBase64.encode(salt)),i=\(iterations)" }
}
