/// The client's first SCRAM message: `gs2-header client-first-message-bare`, for example
/// `n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL` (RFC 5802 §7).
///
/// Only the GS2 flags `n` (client does not support channel binding) and `y` (client does,
/// but thinks the server does not) are accepted: `p=` asks for channel binding, which
/// this implementation does not offer. The header and bare part are kept as received, since
/// the proof is computed over those exact bytes.
public struct ClientFirstMessage: Hashable, Sendable {
    /// The GS2 header as sent (`n,,` or `y,,` or with `a=authzid`), commas included.
    public let gs2Header: String
    /// `client-first-message-bare` as sent (from `n=` to the end).
    public let bare: String
    /// The authorization identity (`a=`), unescaped; `nil` when empty.
    public let authzid: String?
    /// The user name (`n=`), unescaped.
    public let username: String
    /// The client's nonce (`r=`).
    public let nonce: String

    /// The message a client sends: no channel binding, no authzid.
    public init(username: String, nonce: String) {
        self.gs2Header = "n,,"
        self.bare = "n=" + ScramName.escape(username) + ",r=" + nonce
        self.authzid = nil
        self.username = username
        self.nonce = nonce
    }

    /// Reads a client-first message, refusing channel binding, mandatory extensions and
    /// malformed names or nonces.
    public init(parsing text: String) throws(ScramError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count >= 4 else {
            if parts.first?.hasPrefix("p=") == true { throw .channelBindingNotSupported }
            throw .malformed
        }
        switch parts[0] {
        case "n", "y": break
        case let flag where flag.hasPrefix("p="): throw .channelBindingNotSupported
        default: throw .malformed
        }
        if parts[1].isEmpty {
            authzid = nil
        } else if parts[1].hasPrefix("a=") {
            guard let name = ScramName.unescape(parts[1].dropFirst(2)) else { throw .invalidUsername }
            authzid = name
        } else {
            throw .malformed
        }
        if parts[2].hasPrefix("m=") { throw .unsupportedExtension }
        guard parts[2].hasPrefix("n=") else { throw .malformed }
        guard let name = ScramName.unescape(parts[2].dropFirst(2)) else { throw .invalidUsername }
        guard parts[3].hasPrefix("r="), let nonce = ScramNonce.valid(parts[3].dropFirst(2)) else { throw .malformed }
        try ScramAttributes.checkExtensions(parts[4...])
        username = name
        self.nonce = nonce
        gs2Header = parts[0] + "," + parts[1] + ","
        bare = parts[2...].joined(separator: ",")
    }

    /// The whole message as sent.
    public var text: String { gs2Header + bare }
}

/// SCRAM nonces: printable ASCII without a comma (RFC 5802 §7, `printable`).
public enum ScramNonce {
    /// `text` if it is a non-empty nonce, else `nil`.
    public static func valid(_ text: Substring) -> String? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: ",") }) else { return nil }
        return String(text)
    }
}

/// Checks shared by the messages' optional tails.
enum ScramAttributes {
    /// Optional extensions: each `letter=value`; unknown ones are ignored (RFC 5802 §5.1).
    static func checkExtensions(_ parts: ArraySlice<Substring>) throws(ScramError) {
        for part in parts {
            let bytes = Array(part.utf8)
            guard bytes.count >= 2, bytes[1] == UInt8(ascii: "="),
                  (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[0]) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[0])
            else { throw .malformed }
        }
    }
}
