/// The IRCv3 capabilities this server offers, as a bit set for cheap per-recipient checks.
public struct CapabilitySet: OptionSet, Hashable, Sendable {
    /// The bits.
    public let rawValue: UInt32
    /// Wraps bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `message-tags`: client tags, TAGMSG and `msgid`.
    public static let messageTags = CapabilitySet(rawValue: 1 << 0)
    /// `server-time`: a `time` tag on relayed messages.
    public static let serverTime = CapabilitySet(rawValue: 1 << 1)
    /// `echo-message`: the sender gets its own PRIVMSG/NOTICE/TAGMSG back.
    public static let echoMessage = CapabilitySet(rawValue: 1 << 2)
    /// `multi-prefix`: every prefix of a member in NAMES, WHO and WHOIS.
    public static let multiPrefix = CapabilitySet(rawValue: 1 << 3)
    /// `userhost-in-names`: `nick!user@host` in NAMES.
    public static let userhostInNames = CapabilitySet(rawValue: 1 << 4)
    /// `extended-join`: account and realname in JOIN.
    public static let extendedJoin = CapabilitySet(rawValue: 1 << 5)
    /// `away-notify`: AWAY changes of channel neighbours.
    public static let awayNotify = CapabilitySet(rawValue: 1 << 6)
    /// `invite-notify`: INVITEs into channels one is in.
    public static let inviteNotify = CapabilitySet(rawValue: 1 << 7)
    /// `setname`: the SETNAME command and its notifications.
    public static let setname = CapabilitySet(rawValue: 1 << 8)
    /// `batch`: BATCH framing.
    public static let batch = CapabilitySet(rawValue: 1 << 9)
    /// `labeled-response`: `label` tags echoed on replies.
    public static let labeledResponse = CapabilitySet(rawValue: 1 << 10)
    /// `standard-replies`: FAIL/WARN/NOTE (sent regardless; the cap only tells clients).
    public static let standardReplies = CapabilitySet(rawValue: 1 << 11)
    /// `cap-notify`: CAP NEW/DEL (implicit with CAP LS 302).
    public static let capNotify = CapabilitySet(rawValue: 1 << 12)

    /// `sasl`: AUTHENTICATE (PLAIN), offered only with account storage.
    public static let sasl = CapabilitySet(rawValue: 1 << 13)
    /// `draft/account-registration`: REGISTER, offered only with account storage.
    public static let accountRegistration = CapabilitySet(rawValue: 1 << 14)
    /// `account-tag`: an `account` tag on messages from logged-in users.
    public static let accountTag = CapabilitySet(rawValue: 1 << 15)
    /// `account-notify`: ACCOUNT when a neighbour logs in or out.
    public static let accountNotify = CapabilitySet(rawValue: 1 << 16)
    /// `extended-monitor`: MONITOR targets also get away, account and other notifications.
    public static let extendedMonitor = CapabilitySet(rawValue: 1 << 17)
    /// `draft/chathistory`: CHATHISTORY, offered only with history storage.
    public static let chathistory = CapabilitySet(rawValue: 1 << 18)
    /// `draft/read-marker`: MARKREAD, offered only with history storage.
    public static let readMarker = CapabilitySet(rawValue: 1 << 19)
    /// `draft/event-playback`: TAGMSG (and other events) in history batches.
    public static let eventPlayback = CapabilitySet(rawValue: 1 << 20)
    /// `draft/metadata-2`: METADATA (user and channel key–value pairs, subscriptions).
    public static let metadata = CapabilitySet(rawValue: 1 << 21)

    /// Names on the wire, in the order CAP LS lists them.
    public static let names: [(String, CapabilitySet)] = [
        ("account-notify", .accountNotify), ("account-tag", .accountTag), ("away-notify", .awayNotify), ("batch", .batch), ("cap-notify", .capNotify),
        ("draft/account-registration", .accountRegistration), ("draft/chathistory", .chathistory),
        ("draft/event-playback", .eventPlayback), ("draft/metadata-2", .metadata),
        ("draft/read-marker", .readMarker),
        ("echo-message", .echoMessage), ("extended-join", .extendedJoin), ("extended-monitor", .extendedMonitor), ("invite-notify", .inviteNotify),
        ("labeled-response", .labeledResponse), ("message-tags", .messageTags), ("multi-prefix", .multiPrefix),
        ("sasl", .sasl), ("server-time", .serverTime), ("setname", .setname), ("standard-replies", .standardReplies),
        ("userhost-in-names", .userhostInNames),
    ]

    /// The capability called `name`, if offered.
    public static func named(_ name: String) -> CapabilitySet? {
        names.first(where: { $0.0 == name })?.1
    }

    /// The wire names of the capabilities in this set.
    public var wireNames: [String] { CapabilitySet.names.filter { contains($0.1) }.map(\.0) }
}
