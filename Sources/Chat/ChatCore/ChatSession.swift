import IRCProtocol
import SeededRandom

/// The IRC client session as a pure state machine: events in, state and actions out.
///
/// The adapter (ChatNIO) owns the socket and timers; it feeds every fact to `handle(_:now:)`
/// and carries out the returned `ChatAction`s in order. Nothing here does I/O or reads a
/// clock: `now` (seconds since 1970) comes with each event and randomness from the seeded
/// generator given at `init`. The UI renders from the public state (`buffers`, `friends`…).
public struct ChatSession: Sendable {
    /// The connection settings and identity; updated when an account is registered.
    public internal(set) var config: ChatConfig
    /// Where the connection stands and what the connection holds (see `ChatSession+Stage`).
    var stage = Stage.disconnected(reconnecting: false)
    /// Our current nick (the wanted one until the server confirms another).
    public internal(set) var nick: String
    /// The account we are logged into, if any.
    public internal(set) var account: String?
    /// The SASL mechanism of the last successful login (`SCRAM-SHA-256` or `PLAIN`).
    public internal(set) var loginMechanism: String?
    /// Buffers in display order; index 0 is the server buffer.
    public internal(set) var buffers: [ChatBuffer]
    /// Friends (nicks from `config.friends`) and their presence.
    public internal(set) var friends: [String: Presence] = [:]
    /// Capabilities the server offered in CAP LS (name → value), on this connection.
    public internal(set) var offeredCaps: [String: String] = [:]
    /// Capabilities acknowledged by the server, on this connection.
    public internal(set) var enabledCaps: Set<String> = []
    /// Server features from RPL_ISUPPORT (`MONITOR`, `CHATHISTORY`, `CASEMAPPING`…).
    public internal(set) var isupport: [String: String] = [:]
    /// Other pets' looks, by folded nick, as their metadata says (see `PetLook`).
    public internal(set) var looks: [String: PetLook] = [:]
    /// Visits waiting for the visitor's look (asked with METADATA GET), by folded nick.
    var visitsAwaitingLook: Set<String> = []
    /// The buffer the user is looking at (its lines do not count as unread).
    public internal(set) var focused: String?
    /// Reconnect policy and its failure count.
    public internal(set) var backoff = ReconnectBackoff()

    var random: SplitMix64
    /// Which of `config.endpoints` the next connection goes to.
    public internal(set) var endpointIndex = 0
    var outgoing: [Outgoing] = []
    /// Conversations whose unsure lines are being looked for in history (folded name → state).
    var recovery: [String: Recovery] = [:]
    var nextLocalID = 1
    /// SCRAM-SHA-256's cryptography, from the adapter; without it only PLAIN is used.
    let scram: (any ScramProver)?
    var ticks = 0
    var batches: [String: Batch] = [:]
    /// The conversations a CHATHISTORY TARGETS batch listed so far.
    var historyTargets: [String] = []
    var isonAsked: [String] = []
    /// Private conversations that gained unread lines from history in the current batch.
    var offlineMessages: [String: String] = [:]

    /// Seconds of silence from the server after which we PING it (half the timeout).
    public var pingAfter: Double { config.serverTimeout / 2 }
    /// Seconds of silence after which the connection is considered dead and dropped.
    public var deadAfter: Double { config.serverTimeout }

    /// The most buffers kept (channels count too; private ones make room for new ones).
    public static let maxBuffers = 200

    /// The interval at which the adapter should deliver `.tick`, in seconds.
    public static let tickInterval = 15.0

    /// Makes a disconnected session; `seed` feeds the reconnect jitter and nick fallbacks;
    /// `scram` enables SCRAM-SHA-256 logins (else SASL uses PLAIN).
    public init(config: ChatConfig, seed: UInt64, backoff: ReconnectBackoff = ReconnectBackoff(), scram: (any ScramProver)? = nil) {
        self.config = config
        self.scram = scram
        self.backoff = backoff
        self.nick = config.nick
        self.random = SplitMix64(seed: seed)
        self.buffers = [ChatBuffer(name: config.host, kind: .server)]
        for f in config.friends { friends[f] = .unknown }
    }

    /// Whether the server enabled capability `name` on this connection.
    public func has(_ name: String) -> Bool { enabledCaps.contains(name) }

    /// How nicks and channels compare on this server.
    public var caseMapping: CaseMapping {
        isupport["CASEMAPPING"].flatMap(CaseMapping.init(rawValue:)) ?? .rfc1459
    }

    /// Whether `target` names a channel on this server.
    public func isChannel(_ target: String) -> Bool {
        guard let first = target.first else { return false }
        let types = isupport["CHANTYPES"] ?? "#&"
        return types.contains(first)
    }

    /// The index of the buffer called `name` (compared with the server's case mapping).
    public func bufferIndex(_ name: String) -> Int? {
        let folded = caseMapping.fold(name)
        return buffers.firstIndex { $0.kind != .server && caseMapping.fold($0.name) == folded }
    }

    /// Lines typed but not yet confirmed, oldest first (the UI shows them as pending).
    public var pendingCount: Int { outgoing.count }

    /// Handles one event at time `now` and returns what the adapter must do, in order.
    public mutating func handle(_ event: ChatEvent, now: Double) -> [ChatAction] {
        var out: [ChatAction] = []
        switch event {
        case .connected:
            startRegistration(now: now, out: &out)
        case .disconnected(let reason):
            connectionEnded(reason: reason, now: now, out: &out)
        case .line(let text):
            heardFromServer(now: now)
            // A welcome must name us: a bare "001" is garbage, not the end of registration.
            guard let message = try? IRCMessage(parsing: text, limits: .fromServer),
                  message.command != "001" || !(message[parameter: 0] ?? "").isEmpty else {
                ignoredGarbage("a malformed line", now: now, out: &out)
                break
            }
            receive(message, now: now, out: &out)
        case .overlongLine:
            heardFromServer(now: now)
            ignoredGarbage("an overlong line (over \(IRCLimits.maxLineBytes) bytes)", now: now, out: &out)
        case .reconnectDue:
            if case .disconnected(reconnecting: true) = stage {
                stage = .connecting
                out.append(.connect)
            }
        case .tick:
            tick(now: now, out: &out)
        case .intent(let intent):
            perform(intent, now: now, out: &out)
        }
        return out
    }

    // MARK: Connection life cycle

    mutating func startRegistration(now: Double, out: inout [ChatAction]) {
        stage = .registering(Connection(lastActivity: now), Registration(started: now))
        offeredCaps = [:]
        enabledCaps = []
        isupport = [:]
        batches = [:]
        nick = config.nick
        for i in buffers.indices { buffers[i].historyRequested = false }
        info("Connected to \(endpoint).", now: now)
        out.append(.send(IRCMessage("CAP", "LS", "302")))
        out.append(.send(IRCMessage("NICK", nick)))
        out.append(.send(IRCMessage("USER", sanitizedUser, "0", "*", config.realname.isEmpty ? nick : config.realname)))
    }

    var sanitizedUser: String {
        let u = String(config.nick.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(10))
        return u.isEmpty ? "tachikoma" : u
    }

    mutating func connectionEnded(reason: String, now: Double, out: inout [ChatAction]) {
        let closed = connection
        let reason = closed?.dropReason ?? reason
        // No connection: an attempt failed, or one still in flight closed after a quit.
        let afterClose: AfterClose = if let closed {
            closed.afterClose
        } else if case .disconnected(reconnecting: false) = stage {
            .stayDown
        } else {
            .reconnectLater
        }
        if afterClose == .reconnectNow {
            stage = .connecting
            out.append(.connect)
            return
        }
        let wasUp = closed != nil
        for i in buffers.indices where buffers[i].kind == .channel {
            buffers[i].joined = false
            buffers[i].members = [:]
        }
        markInFlightUnconfirmed()
        for name in friends.keys { friends[name] = .unknown }
        if wasUp {
            info("Disconnected: \(reason)", kind: .error, now: now)
            out.append(.notify(.connectionLost(reason)))
        }
        if afterClose == .stayDown {
            stage = .disconnected(reconnecting: false)
            return
        }
        let delay = backoff.nextDelay(unit: random.unit())
        stage = .disconnected(reconnecting: true)
        let endpoints = config.endpoints
        if endpoints.count > 1 {
            // Another node of the network may be up: the next one, in turn.
            endpointIndex = (endpointIndex + 1) % endpoints.count
            info("Reconnecting to \(endpoint) in \(Int(delay.rounded(.up))) s…", now: now)
        } else {
            info("Reconnecting in \(Int(delay.rounded(.up))) s…", now: now)
        }
        out.append(.scheduleReconnect(seconds: delay))
    }

    mutating func tick(now: Double, out: inout [ChatAction]) {
        guard let link = connection else { return }
        ticks += 1
        if now - link.lastActivity >= deadAfter {
            // Silence, or a line begun and never finished: the server is stuck or gone.
            drop("no answer from the server for \(Int(now - link.lastActivity)) s", now: now, out: &out)
            return
        } else if let started = registration?.started, now - started >= deadAfter {
            // Lines come, but never the welcome (a server talking garbage, or not IRC).
            drop("no welcome from the server in \(Int(now - started)) s", now: now, out: &out)
            return
        } else if now - link.lastActivity >= pingAfter && !link.pingSent {
            connection?.pingSent = true
            out.append(.send(IRCMessage("PING", "tachikoma")))
        }
        if case .online(_, settled: false) = stage { finishWelcome(now: now, out: &out) }
        if phase == .online && !recovery.isEmpty { abandonRecoveries(now: now, timedOutOnly: true, out: &out) }
        if phase == .online && ticks % 2 == 0 { pollPresence(out: &out) }
    }

    /// Gives the connection up for `reason` (shown when the close comes back); the
    /// reconnect follows as after any lost connection.
    mutating func drop(_ reason: String, now: Double, out: inout [ChatAction]) {
        connection?.dropReason = reason
        info("Giving up on this connection: \(reason).", kind: .error, now: now)
        out.append(.disconnect)
    }

    /// Notes a line from the server that is not IRC: the user hears of it once per
    /// connection, and the server buffer shows the first few (not a flood of them).
    mutating func ignoredGarbage(_ what: String, now: Double, out: inout [ChatAction]) {
        let garbageLines = (connection?.garbageLines ?? 0) + 1
        connection?.garbageLines = garbageLines
        if garbageLines == 1 { out.append(.notify(.serverGarbage(what))) }
        if garbageLines <= 3 {
            info("Ignored \(what) from the server.", kind: .error, now: now)
        } else if garbageLines == 4 {
            info("Ignoring further lines from the server that are not IRC.", kind: .error, now: now)
        }
    }

    /// A line (or part of one) came from the server: the connection is alive.
    mutating func heardFromServer(now: Double) {
        connection?.lastActivity = now
        connection?.pingSent = false
    }

    // MARK: Helpers shared by the extensions

    /// Appends an information line to the server buffer.
    mutating func info(_ text: String, kind: ChatLine.Kind = .info, now: Double) {
        buffers[0].append(ChatLine(time: now, sender: "", text: text, kind: kind))
    }

    /// The index of buffer `name`, creating it (at the end) if needed.
    mutating func ensureBuffer(_ name: String, kind: ChatBuffer.Kind) -> Int {
        if let i = bufferIndex(name) { return i }
        // A flood of private messages from many nicks must not grow without bound: past the
        // limit the oldest private buffer that is neither focused nor unread goes.
        if buffers.count >= ChatSession.maxBuffers,
           let old = buffers.indices.first(where: { i in
               buffers[i].kind == .query && buffers[i].unread == 0 && focused.map { !same($0, buffers[i].name) } ?? true
           }) ?? buffers.indices.first(where: { buffers[$0].kind == .query }) {
            buffers.remove(at: old)
        }
        buffers.append(ChatBuffer(name: name, kind: kind))
        return buffers.count - 1
    }

    /// Whether `a` and `b` are the same nick or channel.
    func same(_ a: String, _ b: String) -> Bool { caseMapping.equal(a, b) }
}

/// An open BATCH: its type and parameters.
struct Batch: Hashable, Sendable {
    var type: String
    var parameters: [String]
}

extension ChatSession {
    /// Where the current (or next) connection goes: one of `config.endpoints`, moving to the
    /// next when a connection drops or fails.
    public var endpoint: ChatEndpoint {
        let all = config.endpoints
        return all[min(endpointIndex, all.count - 1)]
    }
}
