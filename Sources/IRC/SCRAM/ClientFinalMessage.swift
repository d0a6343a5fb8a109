/// The client's final SCRAM message: `c=<base64 GS2 header>,r=<combined nonce>,p=<proof>`.
public struct ClientFinalMessage: Hashable, Sendable {
    /// The channel-binding attribute's base64 text (`biws` for `n,,`).
    public let channelBinding: String
    /// The combined nonce, which must repeat the server-first one.
    public let nonce: String
    /// The client proof: ClientKey XOR ClientSignature (32 bytes for SHA-256).
    public let proof: [UInt8]
    /// `client-final-message-without-proof` as sent (part of the AuthMessage).
    public let withoutProof: String

    /// The proof's length for SCRAM-SHA-256.
    public static let proofLength = 32

    /// Makes the message a client sends once it has computed its proof.
    public init(gs2Header: String, nonce: String, proof: [UInt8]) {
        self.channelBinding = ScramBase64.encode(Array(gs2Header.utf8))
        self.nonce = nonce
        self.proof = proof
        self.withoutProof = "c=\(channelBinding),r=\(nonce)"
    }

    /// The text signed by the proof for a given header and nonce (before the proof exists).
    public static func withoutProof(gs2Header: String, nonce: String) -> String {
        "c=\(ScramBase64.encode(Array(gs2Header.utf8))),r=\(nonce)"
    }

    /// Reads a client-final message; the proof must be valid base64 of 32 bytes.
    public init(parsing text: String) throws(ScramError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0].hasPrefix("c="), ScramBase64.decode(parts[0].dropFirst(2)) != nil,
              parts[1].hasPrefix("r="), let nonce = ScramNonce.valid(parts[1].dropFirst(2)),
              let last = parts.last, last.hasPrefix("p="), let proof = ScramBase64.decode(last.dropFirst(2))
        else { throw .malformed }
        try ScramAttributes.checkExtensions(parts[2..<(parts.count - 1)])
        guard proof.count == Self.proofLength else { throw .badProofLength }
        channelBinding = String(parts[0].dropFirst(2))
        self.nonce = nonce
        self.proof = proof
        withoutProof = parts[..<(parts.count - 1)].joined(separator: ",")
    }

    /// The whole message as sent.
    public var text: String { withoutProof + ",p=" + ScramBase64.encode(proof) }

    /// Checks this message against the exchange's first two messages and returns the
    /// AuthMessage the proof signs (RFC 5802 §3): the channel binding must be the client's
    /// own GS2 header (no channel data, since none is offered) and the nonce the combined one.
    public func authMessage(clientFirst: ClientFirstMessage, serverFirst: ServerFirstMessage) throws(ScramError) -> String {
        guard ScramBase64.decode(channelBinding) == Array(clientFirst.gs2Header.utf8) else { throw .channelBindingMismatch }
        guard nonce == serverFirst.nonce else { throw .nonceMismatch }
        return clientFirst.bare + "," + serverFirst.text + "," + withoutProof
    }
}
