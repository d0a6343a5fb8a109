/// The size limits of the IRC line format (Modern IRC and IRCv3 message-tags).
public struct IRCLimits: Hashable, Sendable {
    /// Maximum bytes of tag data, excluding the leading `@` and the space after the tags.
    public var maxTagBytes: Int
    /// Maximum bytes of the message body (source, command, parameters) excluding CR LF.
    public var maxBodyBytes: Int

    /// Makes limits from their parts.
    public init(maxTagBytes: Int, maxBodyBytes: Int) {
        self.maxTagBytes = maxTagBytes
        self.maxBodyBytes = maxBodyBytes
    }

    /// What a server accepts from a client: 4094 bytes of tags, 510 bytes of body (+ CR LF = 512).
    public static let fromClient = IRCLimits(maxTagBytes: 4094, maxBodyBytes: 510)
    /// What a client accepts from a server: 8191 bytes of tags with `@` and space, 510 of body.
    public static let fromServer = IRCLimits(maxTagBytes: 8189, maxBodyBytes: 510)
    /// No limit beyond the framer's (for tools that read logs or test hostile input).
    public static let unlimited = IRCLimits(maxTagBytes: .max, maxBodyBytes: .max)

    /// The longest line a framer should buffer: 8191 bytes of tags and 512 of body.
    public static let maxLineBytes = 8191 + 512
}
