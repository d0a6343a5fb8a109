import IRCProtocol

/// One command: its checks shared by every handler, and the handler.
struct Command: Sendable {
    /// Parameters below this count get ERR_NEEDMOREPARAMS before the handler runs.
    let minParameters: Int
    /// Whether an unregistered client may use it.
    let beforeRegistration: Bool
    /// The handler (an extension method of `ServerCore`).
    let handler: @Sendable (ServerCore, Client, IRCMessage) -> Void

    init(_ minParameters: Int, beforeRegistration: Bool = false,
         _ handler: @escaping @Sendable (ServerCore, Client, IRCMessage) -> Void) {
        self.minParameters = minParameters
        self.beforeRegistration = beforeRegistration
        self.handler = handler
    }
}

/// Every command the server understands, in one table.
enum CommandTable {
    static let commands: [String: Command] = [
        // Connection registration (ServerCore+Registration.swift)
        "PASS": Command(1, beforeRegistration: true) { $0.handlePass($1, $2) },
        "NICK": Command(0, beforeRegistration: true) { $0.handleNick($1, $2) },
        "USER": Command(4, beforeRegistration: true) { $0.handleUser($1, $2) },
        "CAP": Command(1, beforeRegistration: true) { $0.handleCap($1, $2) },
        "PING": Command(1, beforeRegistration: true) { $0.handlePing($1, $2) },
        "PONG": Command(0, beforeRegistration: true) { $0.handlePong($1, $2) },
        "QUIT": Command(0, beforeRegistration: true) { $0.handleQuit($1, $2) },
        // Accounts: SASL (ServerCore+SASL.swift), REGISTER and VERIFY (ServerCore+Accounts.swift)
        "AUTHENTICATE": Command(1, beforeRegistration: true) { $0.handleAuthenticate($1, $2) },
        "REGISTER": Command(3, beforeRegistration: true) { $0.handleRegister($1, $2) },
        "VERIFY": Command(2, beforeRegistration: true) { $0.handleVerify($1, $2) },
        // Presence (ServerCore+Monitor.swift)
        "MONITOR": Command(1) { $0.handleMonitor($1, $2) },
        // Metadata (ServerCore+Metadata.swift); SET and SUB before registration: before-connect
        "METADATA": Command(2, beforeRegistration: true) { $0.handleMetadata($1, $2) },
        // History (ServerCore+History.swift)
        "CHATHISTORY": Command(0) { $0.handleChathistory($1, $2) },
        "MARKREAD": Command(0) { $0.handleMarkread($1, $2) },
        // Channels (ServerCore+Channels.swift)
        "JOIN": Command(1) { $0.handleJoin($1, $2) },
        "PART": Command(1) { $0.handlePart($1, $2) },
        "TOPIC": Command(1) { $0.handleTopic($1, $2) },
        "NAMES": Command(0) { $0.handleNames($1, $2) },
        "LIST": Command(0) { $0.handleList($1, $2) },
        "KICK": Command(2) { $0.handleKick($1, $2) },
        "INVITE": Command(2) { $0.handleInvite($1, $2) },
        // Modes (ServerCore+Modes.swift)
        "MODE": Command(1) { $0.handleMode($1, $2) },
        // Messages (ServerCore+Messaging.swift)
        "PRIVMSG": Command(0) { $0.handleMessage($1, $2) },
        "NOTICE": Command(0) { $0.handleMessage($1, $2) },
        "TAGMSG": Command(0) { $0.handleMessage($1, $2) },
        // User state (ServerCore+UserState.swift)
        "AWAY": Command(0) { $0.handleAway($1, $2) },
        "SETNAME": Command(1) { $0.handleSetname($1, $2) },
        "OPER": Command(2) { $0.handleOper($1, $2) },
        "KILL": Command(2) { $0.handleKill($1, $2) },
        // Queries (ServerCore+Queries.swift, ServerCore+Who.swift)
        "MOTD": Command(0) { $0.handleMotd($1, $2) },
        "LUSERS": Command(0) { $0.handleLusers($1, $2) },
        "VERSION": Command(0) { $0.handleVersion($1, $2) },
        "TIME": Command(0) { $0.handleTime($1, $2) },
        "ADMIN": Command(0) { $0.handleAdmin($1, $2) },
        "INFO": Command(0) { $0.handleInfo($1, $2) },
        "ISON": Command(1) { $0.handleIson($1, $2) },
        "USERHOST": Command(1) { $0.handleUserhost($1, $2) },
        "WHO": Command(0) { $0.handleWho($1, $2) },
        "WHOIS": Command(0) { $0.handleWhois($1, $2) },
        "WHOWAS": Command(0) { $0.handleWhowas($1, $2) },
    ]
}
