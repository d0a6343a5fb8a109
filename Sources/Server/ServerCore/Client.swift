import IRCProtocol

/// One connection: what each link of a user negotiates and waits for on its own.
///
/// A user usually has one. With multiclient, more connections logged in to the same account
/// share one user (`Client`): one nick, one set of channels; each keeps its capabilities,
/// its labeled responses, its storage waits and its ping timer. With always-on, a user whose
/// last connection closed stays, with none, until the account connects again.
final class Link {
    /// The connection's own number (deliveries, labels and storage answers use it).
    let id: ClientID
    /// When it connected (moved with the clock when the wall clock is set, see
    /// `ServerCore.clockStepped`).
    var connectedAt: ServerInstant
    var password: String?
    var capNegotiating = false
    var capVersion = 0
    var caps: CapabilitySet = []
    /// Connected through TLS (WHOIS answers 671 RPL_WHOISSECURE).
    var secure = false
    /// Read markers of a client that is not logged in (folded target → time), kept for as
    /// long as the connection; an account's are in storage.
    var readMarkers: [String: ServerInstant] = [:]
    /// SASL exchange in progress: the mechanism and the base64 received so far.
    var sasl: SASLState?
    /// A REGISTER is being stored; connection registration waits for it.
    var awaitingStorage = false
    /// Storage requests of this connection not answered yet: while there is one, the adapter
    /// holds the connection's later lines, so that replies keep the order of the commands.
    var storageInFlight = 0
    /// Whether the client has sent NICK at all (draft/account-registration: NEED_NICK).
    var sentNick = false
    /// draft/metadata-2 keys this connection subscribed to (lower case).
    var metadataSubscriptions: Set<String> = []
    /// Last line received, for PING timeouts.
    var lastInput: ServerInstant
    var pingSentAt: ServerInstant?

    init(id: ClientID, now: ServerInstant) {
        self.id = id
        self.connectedAt = now
        self.lastInput = now
    }

    /// Which tag profile this connection receives relayed messages in (see `Relay`): bit 0
    /// `time` (server-time, or message-tags), bit 1 `msgid` and client tags (message-tags),
    /// bit 2 `account` (account-tag, whatever else was negotiated).
    var tagProfile: Int {
        let tags = caps.contains(.messageTags)
        return (tags || caps.contains(.serverTime) ? 1 : 0) | (tags ? 2 : 0) | (caps.contains(.accountTag) ? 4 : 0)
    }
}

/// One user as the core sees it: a nick, channels, modes, and the connections it speaks
/// through. Owned by `ServerCore`; never shared across threads.
///
/// The connection-level properties (`caps`, `sasl`, `lastInput`…) are those of `link`: the
/// connection whose command or storage answer is being handled (see `ServerCore.activate`).
final class Client {
    /// The user's number: its first connection's. Channels, MONITOR and invitations know the
    /// user by it, whichever connections it has now.
    let id: ClientID
    /// The peer address as text (also the displayed host: there is no DNS lookup).
    let ip: String
    let host: String
    /// Every open connection of this user, the first one first; empty for an always-on user
    /// with none.
    var links: [Link] {
        didSet { for channel in channels.values { channel.rosterChanged() } }
    }
    /// The connection being handled.
    var link: Link

    var nick: String?
    var foldedNick: String?
    var user: String?
    var realname = ""
    var registered = false
    var invisible = false
    var oper = false
    var wallops = false
    var away: String?
    /// The account logged in to (as registered), if any.
    var account: String?
    /// Nicks this client MONITORs (folded).
    var monitoring: Set<String> = []
    /// Channels joined, by folded name.
    var channels: [String: Channel] = [:]
    /// draft/metadata-2 keys (lower case) and values.
    var metadata: [String: String] = [:]
    /// Last PRIVMSG/NOTICE/JOIN, for WHOIS idle time.
    var lastActive: ServerInstant
    /// The cluster node the user is connected to; nil for this server's own users.
    var node: String?
    /// The folded nick this user holds in the cluster's database (own users, cluster mode).
    var claimedNick: String?
    /// The cached `nick!user@host`.
    private(set) var source = IRCSource(name: "*")

    /// The connection being handled (its id for deliveries, labels and storage answers).
    var linkID: ClientID { link.id }
    var connectedAt: ServerInstant { links.first?.connectedAt ?? link.connectedAt }
    var password: String? { get { link.password } set { link.password = newValue } }
    var capNegotiating: Bool { get { link.capNegotiating } set { link.capNegotiating = newValue } }
    var capVersion: Int { get { link.capVersion } set { link.capVersion = newValue } }
    var caps: CapabilitySet {
        get { link.caps }
        set {
            link.caps = newValue
            for channel in channels.values { channel.rosterChanged() }
        }
    }
    var secure: Bool { get { link.secure } set { link.secure = newValue } }
    var readMarkers: [String: ServerInstant] { get { link.readMarkers } set { link.readMarkers = newValue } }
    var sasl: SASLState? { get { link.sasl } set { link.sasl = newValue } }
    var awaitingStorage: Bool { get { link.awaitingStorage } set { link.awaitingStorage = newValue } }
    var storageInFlight: Int { get { link.storageInFlight } set { link.storageInFlight = newValue } }
    var sentNick: Bool { get { link.sentNick } set { link.sentNick = newValue } }
    var lastInput: ServerInstant { get { link.lastInput } set { link.lastInput = newValue } }
    var pingSentAt: ServerInstant? { get { link.pingSentAt } set { link.pingSentAt = newValue } }
    var tagProfile: Int { link.tagProfile }

    /// Makes `link` the connection being handled, if it is one of this user's.
    func activate(_ id: ClientID) {
        if link.id != id, let found = links.first(where: { $0.id == id }) { link = found }
    }

    init(id: ClientID, ip: String, now: ServerInstant) {
        self.id = id
        self.ip = ip
        self.host = ip.hasPrefix(":") ? "0" + ip : ip
        let first = Link(id: id, now: now)
        self.links = [first]
        self.link = first
        self.lastActive = now
    }

    /// The nick, or `*` before one is set (the first parameter of every numeric).
    var displayNick: String { nick ?? "*" }

    func refreshSource() {
        source = IRCSource(name: nick ?? "*", user: user ?? "*", host: host)
    }

    /// `+iwo` as currently set.
    var modeString: String {
        var s = "+"
        if invisible { s += "i" }
        if oper { s += "o" }
        if wallops { s += "w" }
        return s
    }
}
