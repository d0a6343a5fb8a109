/// Why a line is not a valid IRC message; each case maps to a clear reply in the server.
public enum IRCParseError: Error, Hashable, Sendable {
    /// The line holds nothing but spaces (or tags/source with no command).
    case empty
    /// The line is not valid UTF-8 (the server advertises `UTF8ONLY`).
    case invalidUTF8
    /// The line holds NUL, CR or LF inside it.
    case forbiddenCharacter
    /// The tag section is malformed (empty, or a key that is not a valid key).
    case invalidTagKey
    /// The source after `:` is empty or malformed.
    case invalidSource
    /// The command is neither letters nor a three-digit numeric.
    case invalidCommand
    /// A middle parameter is empty, starts with `:` or holds a space (serializer side).
    case invalidMiddleParameter
    /// The tag data is longer than the limit in force (4094 bytes from clients).
    case tagsTooLong
    /// The message body is longer than 512 bytes including CR LF.
    case bodyTooLong
}
