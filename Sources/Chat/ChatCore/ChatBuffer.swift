/// A conversation: the server buffer, a channel or a private query.
public struct ChatBuffer: Hashable, Sendable {
    /// What the buffer talks to.
    public enum Kind: Hashable, Sendable {
        /// Server messages and client information.
        case server
        /// A channel (`#tachikoma`).
        case channel
        /// A private conversation with one nick.
        case query
    }

    /// The target name as the user knows it (`#tachikoma`, `alice`).
    public var name: String
    /// The kind of buffer.
    public var kind: Kind
    /// Lines, oldest first, bounded by `ChatBuffer.maxLines`.
    public var lines: [ChatLine] = []
    /// Lines arrived since the user last read this buffer.
    public var unread = 0
    /// Highlights (mentions or private messages) among the unread lines.
    public var highlights = 0
    /// The time of the newest line the user has read (MARKREAD or locally); the marker line
    /// is drawn after the last line at or before this time.
    public var readUpTo: Double?
    /// Channel members (nick → prefix characters such as `@`), for completion and the view.
    public var members: [String: String] = [:]
    /// The channel topic.
    public var topic = ""
    /// Whether we are in the channel now (false after PART/KICK or while disconnected).
    public var joined = false
    /// Nicks in the order they last spoke, most recent first (for Tab completion).
    public var recentSpeakers: [String] = []
    /// Whether history has been requested for this buffer on this connection.
    var historyRequested = false

    /// The most lines a buffer keeps; older ones are dropped.
    public static let maxLines = 2000

    /// Makes an empty buffer.
    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// Appends a line, keeping the bound, and notes its sender as a recent speaker.
    mutating func append(_ line: ChatLine) {
        lines.append(line)
        if lines.count > ChatBuffer.maxLines { lines.removeFirst(lines.count - ChatBuffer.maxLines) }
        noteSpeaker(line)
    }

    /// Inserts a line from history in time order, unless its msgid is already present.
    /// Returns whether it was inserted.
    mutating func insertFromHistory(_ line: ChatLine) -> Bool {
        if let id = line.msgid, lines.contains(where: { $0.msgid == id }) { return false }
        var i = lines.count
        while i > 0, lines[i - 1].time > line.time { i -= 1 }
        lines.insert(line, at: i)
        if lines.count > ChatBuffer.maxLines { lines.removeFirst(lines.count - ChatBuffer.maxLines) }
        return true
    }

    private mutating func noteSpeaker(_ line: ChatLine) {
        guard line.kind == .message || line.kind == .action, !line.sender.isEmpty else { return }
        recentSpeakers.removeAll { $0 == line.sender }
        recentSpeakers.insert(line.sender, at: 0)
        if recentSpeakers.count > 50 { recentSpeakers.removeLast() }
    }
}
