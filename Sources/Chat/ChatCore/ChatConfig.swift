/// What the client session needs to know before it connects: where, as whom, and what to join.
///
/// Pure data; the adapter that owns the connection reads `host`/`port`, the session reads the
/// rest. `password` is used for SASL, SCRAM-SHA-256 or PLAIN (or `REGISTER` when `registerAccount` is
/// set); without a password, `scramKeys` log in with SCRAM-SHA-256 only.
public struct ChatConfig: Hashable, Sendable {
    /// Server host name or address.
    public var host: String
    /// Server TCP port.
    public var port: Int
    /// Whether to speak TLS.
    public var useTLS: Bool
    /// A PEM file of certificates to trust for TLS instead of the system's (a private server's
    /// self-signed certificate); empty for the system trust store.
    public var tlsTrustRoots: String = ""
    /// The wanted nickname (also the account name for SASL and REGISTER).
    public var nick: String
    /// The account password; empty means no login (a guest).
    public var password: String
    /// Stored SCRAM-SHA-256 keys to log in with when `password` is empty (never PLAIN).
    public var scramKeys: ScramClientKeys?
    /// Learn the account's SCRAM keys for "remember me": after a `REGISTER` during connection
    /// registration, reconnect at once and log in with SCRAM so the keys can be derived.
    public var learnScramKeys = false
    /// Create the account with `REGISTER` (draft/account-registration) instead of logging in.
    public var registerAccount: Bool
    /// The e-mail address given to `REGISTER` (`*` when empty).
    public var email: String
    /// The real name sent in `USER`.
    public var realname: String
    /// Channels joined after every connection (plus those joined later in the session).
    public var channels: [String]
    /// Nicks whose presence is followed (MONITOR, else ISON polling).
    public var friends: [String]
    /// Our pet's look, published with draft/metadata-2 where the server has it.
    public var look: PetLook?
    /// Further nodes of the same network, tried in turn after `host` when a connection drops
    /// or cannot be made (a DNS name with several addresses is tried address by address by
    /// the adapter already).
    public var alternates: [ChatEndpoint] = []
    /// Seconds without a complete line from the server (or, while registering, without the
    /// welcome) after which the connection is given up and retried; a PING goes out halfway.
    /// chat.toml's `server_timeout`.
    public var serverTimeout: Double = ChatConfig.defaultServerTimeout
    /// The default `serverTimeout`.
    public static let defaultServerTimeout = 180.0

    /// Every address of the network, `host:port` first.
    public var endpoints: [ChatEndpoint] { [ChatEndpoint(host: host, port: port, useTLS: useTLS)] + alternates }

    /// Makes a configuration; by default a guest on the loopback server joining `#tachikoma`.
    public init(
        host: String = "127.0.0.1", port: Int = 6667, useTLS: Bool = false, nick: String,
        password: String = "", registerAccount: Bool = false, email: String = "",
        realname: String = "Tachikoma user", channels: [String] = ["#tachikoma"], friends: [String] = []
    ) {
        self.host = host
        self.port = port
        self.useTLS = useTLS
        self.nick = nick
        self.password = password
        self.registerAccount = registerAccount
        self.email = email
        self.realname = realname
        self.channels = channels
        self.friends = friends
    }
}

/// One address of a server: where to connect and whether to speak TLS there.
public struct ChatEndpoint: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var useTLS: Bool

    public init(host: String, port: Int, useTLS: Bool = false) {
        self.host = host
        self.port = port
        self.useTLS = useTLS
    }

    /// `host:port`, `[v6]:port`, with `+` before a TLS port.
    public var description: String {
        let h = host.contains(":") ? "[\(host)]" : host
        return "\(h):\(useTLS ? "+" : "")\(port)"
    }
}
