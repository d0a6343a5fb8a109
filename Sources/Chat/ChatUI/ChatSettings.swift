import ChatCore

/// What the chat remembers between runs (kept in `$XDG_CONFIG_HOME/tachikoma/chat.toml`
/// by the app, mode 0600 because it may hold SCRAM keys). The password itself is never
/// stored: "remember me" keeps the SCRAM-SHA-256 keys learnt at a login instead.
public struct ChatSettings: Hashable, Sendable {
    /// `host:port` of the server.
    public var server: String
    /// The nick (and account name).
    public var nick: String
    /// The password typed in the form; empty for a guest. Never written to the file (an old
    /// file's `password` is read once, and replaced by keys at the next SCRAM login).
    public var password: String
    /// The SCRAM-SHA-256 keys to log in with (stored when `remember` is set).
    public var scramKeys: ScramClientKeys?
    /// Whether this identity logs into an account (stored: without keys, the password is asked).
    public var isAccount = false
    /// Why the password must be typed before connecting (damaged or missing keys); not stored.
    public var loginProblem = ""
    /// Whether to store the credentials and log in automatically next time.
    public var remember: Bool
    /// Friends whose presence is followed.
    public var friends: [String]
    /// Channels joined on connect.
    public var channels: [String]
    /// A PEM file of certificates to trust for TLS (a private server); empty for the system's.
    public var trustRoots = ""
    /// Seconds without a line from the server before the connection is retried
    /// (`server_timeout`; see `ChatConfig.serverTimeout`).
    public var serverTimeout = ChatConfig.defaultServerTimeout

    /// The default: the local server, no identity yet.
    public static let defaultServer = "127.0.0.1:6667"

    /// Makes settings.
    public init(server: String = ChatSettings.defaultServer, nick: String = "", password: String = "", remember: Bool = false,
                friends: [String] = [], channels: [String] = ["#tachikoma"]) {
        self.server = server
        self.nick = nick
        self.password = password
        self.remember = remember
        self.friends = friends
        self.channels = channels
    }

    /// Whether the app connects at start without showing the form.
    public var autoConnects: Bool { remember && !nick.isEmpty && loginProblem.isEmpty }

    /// The first address of `server` (see `endpoints`); nil when `server` is malformed.
    public var endpoint: Address? { endpoints?.first }

    /// One server address as written in `server`.
    public struct Address: Hashable, Sendable {
        public var host: String
        public var port: Int
        /// Whether to speak TLS (`ircs://` or `+port`).
        public var tls: Bool
    }

    /// Every address in `server`, which may list several nodes of one network separated by
    /// commas (`a.example:+6697, b.example:+6697`), tried in turn when one drops; nil when any
    /// is malformed or there is none.
    public var endpoints: [Address]? {
        let parts = server.split(separator: ",", omittingEmptySubsequences: false)
        var found: [Address] = []
        for part in parts {
            guard let one = Self.parseEndpoint(String(part)) else { return nil }
            found.append(one)
        }
        return found.isEmpty ? nil : found
    }

    /// One address: `host`, `host:port`, `host:+port` (TLS, the usual IRC notation) or
    /// `ircs://host[:port]` (TLS, port 6697 by default); nil when malformed.
    static func parseEndpoint(_ text: String) -> Address? {
        var s = Substring(text.trimmingCharacters(in: " "))
        var tls = false
        if s.lowercased().hasPrefix("ircs://") {
            tls = true
            s = s.dropFirst(7)
        } else if s.lowercased().hasPrefix("irc://") {
            s = s.dropFirst(6)
        }
        while s.hasSuffix("/") { s = s.dropLast() }
        guard !s.isEmpty, !s.contains(" "), !s.contains("/") else { return nil }
        if let colon = s.lastIndex(of: ":"), !s.hasPrefix("[") || s[..<colon].hasSuffix("]") {
            var portText = s[s.index(after: colon)...]
            if portText.hasPrefix("+") {
                tls = true
                portText = portText.dropFirst()
            }
            guard let port = Int(portText), (1...65535).contains(port) else { return nil }
            var host = String(s[..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            return host.isEmpty || host.contains(":") && !s.hasPrefix("[") ? nil : Address(host: host, port: port, tls: tls)
        }
        return Address(host: String(s), port: tls ? 6697 : 6667, tls: tls)
    }

    /// Host and port of `endpoint`.
    public var hostAndPort: (host: String, port: Int)? { endpoint.map { ($0.host, $0.port) } }

    /// The session configuration these settings describe.
    public func config(register: Bool) -> ChatConfig? {
        guard let hp = endpoint else { return nil }
        var config = ChatConfig(host: hp.host, port: hp.port, useTLS: hp.tls, nick: nick, password: password,
                                registerAccount: register && !password.isEmpty, channels: channels, friends: friends)
        config.alternates = (endpoints ?? []).dropFirst().map { ChatEndpoint(host: $0.host, port: $0.port, useTLS: $0.tls) }
        config.tlsTrustRoots = trustRoots
        config.serverTimeout = serverTimeout
        config.scramKeys = password.isEmpty ? scramKeys : nil
        config.learnScramKeys = remember
        return config
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
