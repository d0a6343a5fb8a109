/// What the server persists; part 2 plugs a SQLite (GRDB) implementation in here.
///
/// The core calls it synchronously on its event loop, so implementations must be quick
/// (write-behind queues for history) and safe to call from that one thread.
public protocol ServerStorage: AnyObject {
    /// The stored account named `name` (folded), if any.
    func account(named name: String) -> StoredAccount?
    /// Whether `appendHistory` does anything; when false the core skips building entries.
    var keepsHistory: Bool { get }
    /// Records a delivered message for history and offline delivery.
    func appendHistory(_ entry: HistoryEntry)
}

/// An account as storage knows it (accounts arrive in part 2).
public struct StoredAccount: Hashable, Sendable {
    /// The account name as registered.
    public var name: String
    /// The password hash in PHC string form.
    public var passwordHash: String

    /// Makes an account record.
    public init(name: String, passwordHash: String) {
        self.name = name
        self.passwordHash = passwordHash
    }
}

/// One message as history keeps it.
public struct HistoryEntry: Hashable, Sendable {
    /// The `msgid` tag given to the message.
    public var msgid: String
    /// When the server received it.
    public var time: ServerInstant
    /// The sender's `nick!user@host`.
    public var source: String
    /// The channel or nick it was sent to.
    public var target: String
    /// `PRIVMSG`, `NOTICE` or `TAGMSG`.
    public var command: String
    /// The text (empty for TAGMSG).
    public var text: String

    /// Makes an entry.
    public init(msgid: String, time: ServerInstant, source: String, target: String, command: String, text: String) {
        self.msgid = msgid
        self.time = time
        self.source = source
        self.target = target
        self.command = command
        self.text = text
    }
}

/// Storage that keeps nothing: part 1 runs with it (no accounts, no history yet).
public final class EphemeralStorage: ServerStorage {
    /// Makes the empty storage.
    public init() {}
    /// Always `nil`: there are no accounts in part 1.
    public func account(named name: String) -> StoredAccount? { nil }
    /// `false`: nothing is kept.
    public var keepsHistory: Bool { false }
    /// Discards the entry.
    public func appendHistory(_ entry: HistoryEntry) {}
}
