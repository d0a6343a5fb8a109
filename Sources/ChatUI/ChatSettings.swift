import ChatCore

/// What the chat remembers between runs (kept in `$XDG_CONFIG_HOME/tachikoma/chat.toml`
/// by the app, mode 0600 because it may hold a password).
public struct ChatSettings: Hashable, Sendable {
    /// `host:port` of the server.
    public var server: String
    /// The nick (and account name).
    public var nick: String
    /// The password; empty for a guest. Only stored when `remember` is set.
    public var password: String
    /// Whether to store the credentials and log in automatically next time.
    public var remember: Bool
    /// Friends whose presence is followed.
    public var friends: [String]
    /// Channels joined on connect.
    public var channels: [String]

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

    /// Splits `server` into host and port (6667 when no port is given); nil when malformed.
    public var hostAndPort: (host: String, port: Int)? {
        let s = server.trimmingCharacters(in: " ")
        guard !s.isEmpty else { return nil }
        if let colon = s.lastIndex(of: ":"), !s.hasPrefix("[") || s[..<colon].hasSuffix("]") {
            guard let port = Int(s[s.index(after: colon)...]), (1...65535).contains(port) else { return nil }
            var host = String(s[..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            return host.isEmpty ? nil : (host, port)
        }
        return (s, 6667)
    }

    /// The session configuration these settings describe.
    public func config(register: Bool) -> ChatConfig? {
        guard let hp = hostAndPort else { return nil }
        return ChatConfig(host: hp.host, port: hp.port, nick: nick, password: password,
                          registerAccount: register && !password.isEmpty, channels: channels, friends: friends)
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
