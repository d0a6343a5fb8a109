import IRCProtocol

/// One connected client as the core sees it. Owned by `ServerCore`; never shared across threads.
final class Client {
    let id: ClientID
    /// The peer address as text (also the displayed host: there is no DNS lookup).
    let ip: String
    let host: String
    let connectedAt: ServerInstant

    var nick: String?
    var foldedNick: String?
    var user: String?
    var realname = ""
    var password: String?
    var registered = false
    var capNegotiating = false
    var capVersion = 0
    var caps: CapabilitySet = []
    var invisible = false
    var oper = false
    /// Connected through TLS (WHOIS answers 671 RPL_WHOISSECURE).
    var secure = false
    var wallops = false
    var away: String?
    /// The account logged in to (as registered), if any.
    var account: String?
    /// Read markers of a client that is not logged in (folded target → time), kept for as
    /// long as the connection; an account's are in storage.
    var readMarkers: [String: ServerInstant] = [:]
    /// SASL exchange in progress: the mechanism and the base64 received so far.
    var sasl: SASLState?
    /// A REGISTER is being stored; connection registration waits for it.
    var awaitingStorage = false
    /// Storage requests of this client not answered yet: while there is one, the adapter
    /// holds the client's later lines, so that replies keep the order of the commands.
    var storageInFlight = 0
    /// Whether the client has sent NICK at all (draft/account-registration: NEED_NICK).
    var sentNick = false
    /// Nicks this client MONITORs (folded).
    var monitoring: Set<String> = []
    /// Channels joined, by folded name.
    var channels: [String: Channel] = [:]
    /// Last PRIVMSG/NOTICE/JOIN, for WHOIS idle time.
    var lastActive: ServerInstant
    /// Last line received, for PING timeouts.
    var lastInput: ServerInstant
    var pingSentAt: ServerInstant?
    /// The cached `nick!user@host`.
    private(set) var source = IRCSource(name: "*")

    init(id: ClientID, ip: String, now: ServerInstant) {
        self.id = id
        self.ip = ip
        self.host = ip.hasPrefix(":") ? "0" + ip : ip
        self.connectedAt = now
        self.lastActive = now
        self.lastInput = now
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

    /// Which tag profile this client receives relayed messages in (see `Relay`): bit 0
    /// `time` (server-time, or message-tags), bit 1 `msgid` and client tags (message-tags),
    /// bit 2 `account` (account-tag, whatever else was negotiated).
    var tagProfile: Int {
        let tags = caps.contains(.messageTags)
        return (tags || caps.contains(.serverTime) ? 1 : 0) | (tags ? 2 : 0) | (caps.contains(.accountTag) ? 4 : 0)
    }
}
