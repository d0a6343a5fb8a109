/// One line of a buffer: a message, an action, a notice, or an event such as a join.
public struct ChatLine: Hashable, Sendable {
    /// What kind of line this is; the view styles each kind differently.
    public enum Kind: Hashable, Sendable {
        /// A PRIVMSG.
        case message
        /// A CTCP ACTION (`/me`).
        case action
        /// A NOTICE.
        case notice
        /// A join, part, quit, nick change, topic or mode change: shown dimmed.
        case event
        /// Client or server information (numerics, connection state).
        case info
        /// An error (a failed command, a failed login).
        case error
    }

    /// Delivery state of a line we typed.
    public enum Delivery: Hashable, Sendable {
        /// Not ours, or ours and confirmed by the server (echo or label).
        case delivered
        /// Typed but not yet written (disconnected) or written and awaiting its echo.
        case pending
        /// Written without echo-message: sent, but the server cannot confirm it.
        case sent
        /// Written, then the connection died before the echo: it may or may not have arrived.
        case unconfirmed
        /// The server refused it (an error reply carried its label).
        case failed
    }

    /// Seconds since 1970 (the `time` tag when present, else when it was received).
    public var time: Double
    /// The sender's nick (empty for info lines).
    public var sender: String
    /// The text, without formatting codes stripped (the view strips them).
    public var text: String
    /// The kind of line.
    public var kind: Kind
    /// The server's `msgid`, when the server gave one (used to drop duplicates from history).
    public var msgid: String?
    /// Whether the line mentions our nick (in a channel) — a highlight.
    public var highlight: Bool
    /// The delivery state of our own lines.
    public var delivery: Delivery
    /// The local id of an outgoing line, so its echo replaces it rather than doubling it.
    public var localID: Int?

    /// Makes a line.
    public init(
        time: Double, sender: String, text: String, kind: Kind = .message, msgid: String? = nil,
        highlight: Bool = false, delivery: Delivery = .delivered, localID: Int? = nil
    ) {
        self.time = time
        self.sender = sender
        self.text = text
        self.kind = kind
        self.msgid = msgid
        self.highlight = highlight
        self.delivery = delivery
        self.localID = localID
    }
}
