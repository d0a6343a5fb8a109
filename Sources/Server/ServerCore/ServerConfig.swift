import IRCProtocol
import TachikomaVersion

/// Everything the core needs to know about its setup; the entry point fills it from flags
/// and the TOML file. Defaults are safe for a public server.
public struct ServerConfig: Sendable {
    /// An IRC operator block: `OPER name password` grants +o to clients from a matching host.
    public struct Operator: Sendable, Hashable {
        /// The name given to OPER.
        public var name: String
        /// The password given to OPER (compared in constant time).
        public var password: String
        /// A glob on `nick!user@host`; `*` allows any.
        public var hostMask: String

        /// Makes an operator block.
        public init(name: String, password: String, hostMask: String = "*") {
            self.name = name
            self.password = password
            self.hostMask = hostMask
        }
    }

    /// What `REGISTER` (draft/account-registration) allows; `[accounts]` in the TOML file.
    public struct Registration: Sendable, Hashable {
        /// Whether clients may create accounts at all (off: the cap is not offered).
        public var enabled = true
        /// Whether REGISTER works before connection registration completes (cap key
        /// `before-connect`); off: `FAIL REGISTER COMPLETE_CONNECTION_REQUIRED` until 001.
        public var beforeConnect = true
        /// Whether an e-mail address is required (cap key `email-required`): the account then
        /// waits for `VERIFY <account> <code>`, the code being written to the server log.
        public var emailRequired = false
        /// The shortest password REGISTER accepts, in bytes (`WEAK_PASSWORD` below it).
        public var minPasswordLength = 6
        /// Seconds a registration waiting for VERIFY stays valid.
        public var verificationTimeout: Double = 3600

        /// The defaults.
        public init() {}
    }

    /// The server name used as the source of its own messages.
    public var serverName = "tachikoma.local"
    /// The network name (ISUPPORT NETWORK, RPL_WELCOME).
    public var networkName = "Tachikoma"
    /// The description in WHOIS (312) and LINKS.
    public var serverInfo = "Tachikoma chat server"
    /// The version string (002, 004, 351).
    public var version = "tachikoma-" + TachikomaVersion.string
    /// Message of the day, one entry per line; empty means ERR_NOMOTD.
    public var motd: [String] = ["Welcome to Tachikoma. Be kind; the spider-tanks are watching."]
    /// A connection password (PASS); `nil` means none is required.
    public var password: String?
    /// Operators allowed to OPER.
    public var operators: [Operator] = []
    /// Account registration by clients (REGISTER, VERIFY).
    public var registration = Registration()
    /// draft/metadata-2 limits (advertised in CAP LS).
    public struct Metadata: Sendable, Hashable {
        /// Keys one user or channel may hold (`max-keys`).
        public var maxKeys = 20
        /// Keys one connection may subscribe to (`max-subs`).
        public var maxSubscriptions = 50
        /// Bytes of one value (`max-value-bytes`).
        public var maxValueBytes = 300
        /// The defaults.
        public init() {}
    }

    /// draft/metadata-2 limits.
    public var metadata = Metadata()
    /// Multiclient: a connection logged in to an account that asks for the nick another
    /// connection of that account holds joins it as one user (one nick, the same channels)
    /// instead of getting 433. `[accounts] multiclient`, on by default (as ergo).
    public var multiclient = true
    /// Always-on: a user logged in to an account stays (nick, channels) when its last
    /// connection closes, until the account connects again and picks it up. Kept in memory:
    /// a restart ends it. `[accounts] always_on`, off by default (ergo: opt-in).
    public var alwaysOn = false
    /// This server's name as a node of a cluster (`--node`, `[server] node`): set, it shares
    /// nicks, users, channel membership and messages with every node on the same PostgreSQL
    /// database (see `ClusterEvent`); nil, it is a network of its own.
    public var node: String?
    /// How names compare (CASEMAPPING).
    public var caseMapping: CaseMapping = .rfc1459

    /// NICKLEN.
    public var maxNickLength = 30
    /// USERLEN.
    public var maxUserLength = 18
    /// CHANNELLEN.
    public var maxChannelLength = 64
    /// TOPICLEN.
    public var maxTopicLength = 390
    /// KICKLEN.
    public var maxKickLength = 255
    /// AWAYLEN.
    public var maxAwayLength = 200
    /// NAMELEN (realname).
    public var maxRealnameLength = 150
    /// CHANLIMIT per client.
    public var maxChannelsPerClient = 50
    /// MAXLIST for bans.
    public var maxBans = 100
    /// TARGMAX for PRIVMSG/NOTICE/TAGMSG.
    public var maxTargets = 4
    /// MODES: parameter modes per MODE command.
    public var maxModesPerCommand = 4
    /// MONITOR list entries per client (ISUPPORT MONITOR).
    public var maxMonitor = 100
    /// Messages one CHATHISTORY request returns at most (ISUPPORT CHATHISTORY).
    public var maxHistoryLimit = 100
    /// Seconds to wait before each further try of a failed history write; once they are
    /// used up, the messages in it are not relayed and their senders are told.
    public var historyRetryDelays: [Double] = [0.25, 1, 3]
    /// Seconds a history transaction waits after the previous one committed, when that one
    /// held at least `historyGroupCommitBusyBatch` messages: on a busy server more messages
    /// then share a commit (fan-out with history, 2026-12-07: 0.89× the CPU per delivery at
    /// 1 ms, p99 latency unchanged, see BENCHMARKS.md). A quiet server never waits. 0: never.
    public var historyGroupCommitDelay: Double = 0.001
    /// The size of a transaction that shows the server is busy (see `historyGroupCommitDelay`).
    public var historyGroupCommitBusyBatch = 8
    /// WHOWAS entries kept in total.
    public var whowasHistory = 200

    /// Seconds an unregistered connection may take to register.
    public var registrationTimeout: Double = 30
    /// Seconds of silence before the server sends PING.
    public var pingInterval: Double = 90
    /// Seconds after that PING before the client is dropped.
    public var pingTimeout: Double = 60

    /// Flood control: lines a client may send back to back.
    public var floodBurst: Double = 20
    /// Flood control: lines per second after the burst.
    public var floodRate: Double = 4
    /// Flood control: lines held back (delayed) before the client is disconnected.
    public var floodMaxQueuedLines = 60
    /// Seconds during which an address whose client was dropped for "Excess Flood" cannot
    /// connect again (0 = no wait): a flooder that reconnects at once would otherwise
    /// get a fresh burst every few milliseconds.
    public var floodReconnectDelay: Double = 10
    /// Connections allowed from one IP address (0 = unlimited).
    public var maxConnectionsPerIP = 16
    /// Connections allowed in total (0 = unlimited).
    public var maxConnections = 0
    /// Bytes queued for one client before it is dropped with "SendQ exceeded".
    public var sendQueueBytes = 1 << 20

    /// The defaults.
    public init() {}
}
