/// The server's final SCRAM message: `v=<server signature>` on success or `e=<error>`.
public enum ServerFinalMessage: Hashable, Sendable {
    /// The server signature, which proves to the client that the server knows its keys.
    case verifier([UInt8])
    /// A server error value (RFC 5802 §7, `server-error-value`).
    case error(String)

    /// Reads a server-final message (the client side).
    public init(parsing text: String) throws(ScramError) {
        let first = text.split(separator: ",", omittingEmptySubsequences: false)[0]
        if first.hasPrefix("v="), let signature = ScramBase64.decode(first.dropFirst(2)), !signature.isEmpty {
            self = .verifier(signature)
        } else if first.hasPrefix("e="), first.count > 2 {
            self = .error(String(first.dropFirst(2)))
        } else {
            throw .malformed
        }
    }

    /// The message as sent.
    public var text: String {
        switch self {
        case .verifier(let signature): return "v=" + ScramBase64.encode(signature)
        case .error(let value): return "e=" + value
        }
    }
}
