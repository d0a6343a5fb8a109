import IRCProtocol

/// What the server persists: accounts, history and read markers.
///
/// The core never calls storage itself: it queues `StorageRequest`s and `HistoryEntry`
/// writes in its `Outbox`, and the adapter runs them on a background thread (never the
/// event loop) and hands each answer back with `ServerCore.storageCompleted`. Implementations
/// must therefore be safe to call from any thread; the SQLite one (`ServerSQLite`) relies on
/// GRDB's own serialization; the PostgreSQL one (`ServerPostgres`) a small pool of
/// connections. StorageContractTests runs the same tests against both.
public protocol ServerStorage: AnyObject, Sendable {
    /// What this storage can do; the core advertises capabilities from it.
    var features: StorageFeatures { get }
    /// Folded names of every account (nick protection keeps them in memory).
    func accountNames() throws -> [String]
    /// Answers one request (may block for a disk read or a password hash).
    func perform(_ request: StorageRequest) throws -> StorageAnswer
    /// Stores messages durably before they are relayed; one transaction per call.
    func append(_ entries: [HistoryEntry]) throws
}

/// What a storage backend offers.
public struct StorageFeatures: Hashable, Sendable {
    /// Accounts: REGISTER and SASL.
    public var accounts: Bool
    /// History: CHATHISTORY, offline messages and read markers.
    public var history: Bool

    /// Makes a feature set.
    public init(accounts: Bool, history: Bool) {
        self.accounts = accounts
        self.history = history
    }
}

/// One question or change the core asks of storage.
public enum StorageRequest: Hashable, Sendable {
    /// Checks `password` for `account` (folded); answers `.loggedIn` or `.refused`.
    case login(account: String, password: String)
    /// Creates `account` with `password`; answers `.loggedIn`, or `.refused("exists")`.
    case register(account: String, password: String)
    /// Starts a SCRAM-SHA-256 login for `account` (folded): answers `.scramChallenge`
    /// always, with a made-up but stable salt for a name that is unknown or has no SCRAM
    /// keys yet, so the answer does not tell which accounts exist.
    case scramChallenge(account: String)
    /// Checks a SCRAM client proof over `authMessage` against the account's StoredKey;
    /// answers `.scramVerified` or `.refused`.
    case scramVerify(account: String, authMessage: String, proof: [UInt8])
    /// Messages of one conversation.
    case history(HistoryQuery)
    /// Conversations of `account` (and `channels`) with messages strictly between two
    /// instants, oldest first. With more than `limit`, those nearest `from` are kept: the
    /// oldest when `from` is the earlier instant, the newest when it is the later one.
    case targets(account: String?, channels: [String], from: ServerInstant, to: ServerInstant, limit: Int)
    /// Reads the read marker of `account` for `target` (folded).
    case readMarker(account: String, target: String)
    /// Moves the read marker forward (never back); answers `.marker` with the stored one.
    case setReadMarker(account: String, target: String, time: ServerInstant)
    /// The draft/metadata-2 keys of `account` (folded); answers `.metadata`.
    case metadata(account: String)
    /// Replaces every metadata key of `account` (folded) with `values`, in one transaction;
    /// answers `.metadata` with what is stored afterwards.
    case replaceMetadata(account: String, values: [String: String])
    /// Cluster mode: claims nick `folded` (shown as `nick`) for a user of `node`, atomically
    /// across every node, and frees `releasing` (the user's old nick) in the same
    /// transaction; answers `.claimed(true)` when the nick is now this node's, `.claimed(false)`
    /// when another node holds it.
    case claimNick(folded: String, nick: String, node: String, releasing: String?)
}

/// Storage's answer to a `StorageRequest`.
public enum StorageAnswer: Hashable, Sendable {
    /// Login or registration worked; the account name as registered.
    case loggedIn(account: String)
    /// Login or registration refused; `reason` is `password`, `unknown` or `exists`.
    case refused(reason: String)
    /// The account's SCRAM salt and iteration count, and a fresh server nonce (printable,
    /// no comma) from a CSPRNG.
    case scramChallenge(salt: [UInt8], iterations: Int, serverNonce: String)
    /// The SCRAM proof is right: the account name as registered and the server signature.
    case scramVerified(account: String, serverSignature: [UInt8])
    /// History rows, oldest first.
    case entries([HistoryEntry])
    /// Conversations and their newest message time (in the window), oldest first.
    case targets([HistoryTarget])
    /// A read marker (`nil`: none stored).
    case marker(ServerInstant?)
    /// Metadata keys and values, by key.
    case metadata([String: String])
    /// Whether a nick claim (`claimNick`) succeeded.
    case claimed(Bool)
}

/// Storage that several servers share as one network (`ServerConfig.node`): PostgreSQL.
public protocol ClusterStorage: ServerStorage {
    /// Stores `entries` and publishes `events` to every node in one transaction (a message
    /// another node relays is always in the history), applying what the events change in
    /// the shared tables (a QUIT frees the nick).
    func append(_ entries: [HistoryEntry], publishing events: [ClusterEvent]) throws
}

/// A conversation with its newest message time (CHATHISTORY TARGETS).
public struct HistoryTarget: Hashable, Sendable {
    /// The channel name, or the other participant's key for private messages.
    public var name: String
    /// The newest message's time.
    public var latest: ServerInstant
    /// Makes a target.
    public init(name: String, latest: ServerInstant) {
        self.name = name
        self.latest = latest
    }
}

/// Where a history selection starts or ends.
public enum HistoryAnchor: Hashable, Sendable {
    /// No bound (`*`).
    case none
    /// `timestamp=`.
    case time(ServerInstant)
    /// `msgid=`.
    case msgid(String)
}

/// One CHATHISTORY selection, already checked by the core.
public struct HistoryQuery: Hashable, Sendable {
    /// LATEST, BEFORE, AFTER, AROUND or BETWEEN.
    public enum Kind: String, Hashable, Sendable {
        /// The newest messages (after `start` when given).
        case latest = "LATEST"
        /// Messages before `start`.
        case before = "BEFORE"
        /// Messages after `start`.
        case after = "AFTER"
        /// Messages on both sides of `start`.
        case around = "AROUND"
        /// Messages between `start` and `end`.
        case between = "BETWEEN"
    }

    /// The subcommand.
    public var kind: Kind
    /// The conversation key (see `HistoryEntry.conversation`).
    public var conversation: String
    /// The first anchor.
    public var start: HistoryAnchor
    /// The second anchor (BETWEEN only).
    public var end: HistoryAnchor
    /// At most this many messages.
    public var limit: Int
    /// Only PRIVMSG and NOTICE (for a client without `draft/event-playback`); else events
    /// such as TAGMSG and TOPIC too. The limit counts what is selected.
    public var messagesOnly: Bool

    /// Makes a query.
    public init(kind: Kind, conversation: String, start: HistoryAnchor, end: HistoryAnchor = .none, limit: Int,
                messagesOnly: Bool = false) {
        self.kind = kind
        self.conversation = conversation
        self.start = start
        self.end = end
        self.limit = limit
        self.messagesOnly = messagesOnly
    }
}

/// An account as storage knows it.
public struct StoredAccount: Hashable, Sendable {
    /// The account name as registered.
    public var name: String
    /// The password hash in PHC string form (`$scrypt$ln=…,r=…,p=…$salt$hash`).
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
    /// The sender's account, if logged in.
    public var account: String?
    /// The channel or nick it was sent to, as sent.
    public var target: String
    /// `PRIVMSG`, `NOTICE` or `TAGMSG`.
    public var command: String
    /// The text (empty for TAGMSG).
    public var text: String
    /// The client-only tags (`+…`) the sender attached, replayed with the message.
    public var clientTags: [IRCTag]
    /// Which conversation it belongs to: the folded channel name, or for private messages
    /// the two participants' folded keys (account, else nick) sorted and joined by a space.
    public var conversation: String

    /// Makes an entry.
    public init(msgid: String, time: ServerInstant, source: String, account: String? = nil, target: String,
                command: String, text: String, conversation: String, clientTags: [IRCTag] = []) {
        self.clientTags = clientTags
        self.msgid = msgid
        self.time = time
        self.source = source
        self.account = account
        self.target = target
        self.command = command
        self.text = text
        self.conversation = conversation
    }
}

/// Storage that keeps nothing: no accounts, no history (the default without a database).
public final class EphemeralStorage: ServerStorage {
    /// Makes the empty storage.
    public init() {}
    /// Neither accounts nor history.
    public var features: StorageFeatures { StorageFeatures(accounts: false, history: false) }
    /// None.
    public func accountNames() throws -> [String] { [] }
    /// Refuses everything.
    public func perform(_ request: StorageRequest) throws -> StorageAnswer { .refused(reason: "unavailable") }
    /// Discards the entries.
    public func append(_ entries: [HistoryEntry]) throws {}
}
