/// Why a SCRAM message was refused (RFC 5802 §7 names the server-side errors).
public enum ScramError: Error, Hashable, Sendable {
    /// Not the message's grammar: a missing, misplaced or empty attribute, bad base64.
    case malformed
    /// The client asked for channel binding (`p=`), which this server does not offer.
    case channelBindingNotSupported
    /// The channel-binding data does not match the GS2 header of the first message.
    case channelBindingMismatch
    /// A mandatory extension (`m=`) this side does not know.
    case unsupportedExtension
    /// The client asked to act as someone else (`a=` different from the user).
    case authzidNotAllowed
    /// A username that is empty or has an `=` other than `=2C` or `=3D`.
    case invalidUsername
    /// The nonce is not the one of this exchange.
    case nonceMismatch
    /// The proof or signature is not one SHA-256 output long.
    case badProofLength
}
