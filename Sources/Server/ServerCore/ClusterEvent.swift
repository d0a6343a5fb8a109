import IRCProtocol

/// One change a node tells the other nodes of a network that share one database (issue 14).
///
/// Nodes do not link to each other: each event is committed to the database and published
/// with PostgreSQL `NOTIFY` in that same transaction, and every node `LISTEN`s, so all nodes
/// see every event in commit order. The wire form is one IRC line (the grammar the server
/// already parses and the fuzzers already cover): the source is the node, the command the
/// kind, e.g. `:n2 JOIN alice #tachikoma @`. A relayed message carries its whole line
/// (tags, source, command, parameters) as the last parameter.
public struct ClusterEvent: Hashable, Sendable {
    /// What happened.
    public enum Kind: Hashable, Sendable {
        /// The node (re)started: the others tell it who they have (`user`, `join`).
        case hello
        /// A user of the node is on the network.
        case user(nick: String, user: String, host: String, account: String?, realname: String)
        /// A user of the node changed nick.
        case nick(from: String, to: String)
        /// A user of the node left the network.
        case quit(nick: String, reason: String)
        /// A user of the node joined a channel, with its status there (`@`, `+` or empty).
        case join(nick: String, channel: String, status: String)
        /// A user of the node left a channel.
        case part(nick: String, channel: String, reason: String?)
        /// A line a user of the node caused, as relayed, tags included: PRIVMSG, NOTICE or
        /// TAGMSG to deliver, or MODE, TOPIC, KICK, INVITE, AWAY, ACCOUNT or SETNAME to apply.
        case message(line: String)
        /// `node` stopped answering (or restarted): its users are gone and their nicks free.
        case lost(node: String)
        /// A channel's topic and modes as the node knows them, in answer to a HELLO (the
        /// restarted node learns what changed while it was away; no one is told of it).
        case channel(name: String, topic: String?, topicSetBy: String, topicSetAt: Int64, modes: [String])
        /// One entry of a channel's ban list, after its `channel` event in a HELLO answer.
        case ban(channel: String, mask: String, setBy: String, setAt: Int64)
        /// A draft/metadata-2 key of a user of the node was set (`value`) or removed (nil).
        case metadata(nick: String, key: String, value: String?)
    }

    /// The node it comes from.
    public var origin: String
    /// What happened.
    public var kind: Kind

    /// Makes an event.
    public init(origin: String, kind: Kind) {
        self.origin = origin
        self.kind = kind
    }

    /// The line published (at most `maximumPayload` bytes for `NOTIFY`, see `fitsNotify`).
    public var encoded: String {
        let (command, parameters): (String, [String]) = switch kind {
        case .hello: ("HELLO", [])
        case .user(let nick, let user, let host, let account, let realname):
            ("USER", [nick, user, host, account ?? "*", realname])
        case .nick(let from, let to): ("NICK", [from, to])
        case .quit(let nick, let reason): ("QUIT", [nick, reason])
        case .join(let nick, let channel, let status): ("JOIN", [nick, channel, status.isEmpty ? "=" : status])
        case .part(let nick, let channel, let reason): ("PART", reason.map { [nick, channel, $0] } ?? [nick, channel])
        case .message(let line): ("MSG", [line])
        case .lost(let node): ("LOST", [node])
        case .channel(let name, let topic, let setBy, let setAt, let modes):
            ("CHAN", [name, String(setAt), setBy.isEmpty ? "*" : setBy] + modes + [topic ?? ""])
        case .metadata(let nick, let key, let value): ("META", value.map { [nick, key, $0] } ?? [nick, key])
        case .ban(let channel, let mask, let setBy, let setAt): ("BAN", [channel, mask, setBy, String(setAt)])
        }
        return IRCMessage(source: IRCSource(name: origin), command: command, parameters: parameters).serialized()
    }

    /// PostgreSQL refuses a `NOTIFY` payload of 8000 bytes or more.
    public static let maximumPayload = 7999

    /// Whether the encoded event fits one `NOTIFY`.
    public var fitsNotify: Bool { encoded.utf8.count <= Self.maximumPayload }

    /// Reads an encoded event; nil for anything else (an event from a newer node, garbage).
    public init?(decoding text: String) {
        guard let message = try? IRCMessage(parsing: Array(text.utf8), limits: .unlimited),
              let origin = message.source?.name, !origin.isEmpty else { return nil }
        let p = message.parameters
        let kind: Kind
        switch (message.command, p.count) {
        case ("HELLO", 0): kind = .hello
        case ("USER", 5):
            kind = .user(nick: p[0], user: p[1], host: p[2], account: p[3] == "*" ? nil : p[3], realname: p[4])
        case ("NICK", 2): kind = .nick(from: p[0], to: p[1])
        case ("QUIT", 2): kind = .quit(nick: p[0], reason: p[1])
        case ("JOIN", 3): kind = .join(nick: p[0], channel: p[1], status: p[2] == "=" ? "" : p[2])
        case ("PART", 2): kind = .part(nick: p[0], channel: p[1], reason: nil)
        case ("PART", 3): kind = .part(nick: p[0], channel: p[1], reason: p[2])
        case ("MSG", 1): kind = .message(line: p[0])
        case ("LOST", 1): kind = .lost(node: p[0])
        case ("BAN", 4):
            guard let setAt = Int64(p[3]) else { return nil }
            kind = .ban(channel: p[0], mask: p[1], setBy: p[2], setAt: setAt)
        case ("META", 2): kind = .metadata(nick: p[0], key: p[1], value: nil)
        case ("META", 3): kind = .metadata(nick: p[0], key: p[1], value: p[2])
        case ("CHAN", 5...):
            guard let setAt = Int64(p[1]), p[3].hasPrefix("+") else { return nil }
            kind = .channel(name: p[0], topic: p[p.count - 1].isEmpty ? nil : p[p.count - 1],
                            topicSetBy: p[2] == "*" ? "" : p[2], topicSetAt: setAt, modes: Array(p[3..<(p.count - 1)]))
        default: return nil
        }
        self.init(origin: origin, kind: kind)
    }
}

/// How a node hears the others (the adapter's side of cluster mode; PostgreSQL's
/// `LISTEN`/`NOTIFY` in `ServerPostgres`). Publishing goes with the history writes
/// (`ClusterStorage`); this is the rest: joining, hearing, liveness.
public protocol ClusterBus: AnyObject, Sendable {
    /// Joins the network (cleans up after an earlier run of this node, then says HELLO) and
    /// keeps this node's liveness claim. `events` gets every event of every node in commit
    /// order, on one thread at a time; `lost` is called when this node has lost the database
    /// or was given up by the others (its users must go); the bus then rejoins on its own
    /// when the database answers again. Throws when the database cannot be reached at start.
    func start(events: @escaping @Sendable (ClusterEvent) -> Void, lost: @escaping @Sendable () -> Void) throws
    /// Leaves the network: the others drop this node's users at once.
    func stop()
}
