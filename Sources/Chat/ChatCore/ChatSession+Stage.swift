/// The session's stage and what each stage holds. Everything that belongs to one connection
/// lives in the case of a connected stage, so it goes with the connection's close and starts
/// afresh with the next one; a welcome without a connection, a login outliving its
/// connection, or channels joined before the welcome cannot be written down.
extension ChatSession {
    /// Where the connection stands (`phase` is its public summary).
    enum Stage: Sendable {
        /// Not connected; `reconnecting` says whether a reconnect is scheduled. Without one
        /// (the user quit, or the password is needed) the close of an attempt still in
        /// flight keeps the session down.
        case disconnected(reconnecting: Bool)
        /// The adapter is opening the connection.
        case connecting
        /// Connected and registering (CAP, SASL, REGISTER, NICK) until the server's 001.
        case registering(Connection, Registration)
        /// Welcomed (001). `settled` once the end of the MOTD (or a tick) joined the channels,
        /// started presence and history and flushed the queue.
        case online(Connection, settled: Bool)
    }

    /// What one connection knows, from `.connected` to its close, registering or online.
    struct Connection: Sendable {
        /// When the server last sent a line (complete or not).
        var lastActivity: Double
        /// A keep-alive PING went out since that line.
        var pingSent = false
        /// Lines on this connection that were not IRC (reported once, shown three times).
        var garbageLines = 0
        /// The SASL login under way, if any.
        var login: Login?
        /// SCRAM failed on this connection: PLAIN is used for the rest of it.
        var scramRefused = false
        /// `.passwordNeeded` was reported on this connection (the session stops).
        var passwordAsked = false
        /// A `REGISTER` was sent and not answered yet.
        var registeringAccount = false
        /// What the close of this connection leads to.
        var afterClose = AfterClose.reconnectLater
        /// Why the session itself dropped the connection (the adapter only sees a close).
        var dropReason: String?
    }

    /// What only registration needs.
    struct Registration: Sendable {
        /// When it started (the welcome must come within the server timeout).
        var started: Double
        /// The CAP negotiation until `CAP END` is sent; nil after.
        var negotiation: Negotiation? = Negotiation()
        /// Nicks tried after the server refused ours.
        var nickAttempts = 0
    }

    /// CAP LS and REQ under way.
    struct Negotiation: Sendable {
        /// The (possibly multi-line) CAP LS reply is complete.
        var lsDone = false
        /// CAP REQs not yet answered by ACK or NAK.
        var requestsOutstanding = 0
    }

    /// A SASL login under way: the exchange and the base64 chunks of the server message being
    /// received, or aborted with `AUTHENTICATE *` and waiting for the server's 906.
    enum Login: Sendable {
        case exchanging(SASLExchange, received: String)
        case aborted
    }

    /// What the close of a connection leads to.
    enum AfterClose: Sendable {
        /// Reconnect after the backoff delay (a lost connection).
        case reconnectLater
        /// Reconnect at once (to log in with SCRAM right after a `REGISTER`).
        case reconnectNow
        /// Stay down (the user quit, or the password is needed).
        case stayDown
    }

    /// The public summary of `stage`.
    public var phase: ChatPhase {
        switch stage {
        case .disconnected(let reconnecting): .disconnected(reconnecting: reconnecting)
        case .connecting: .connecting
        case .registering: .registering
        case .online: .online
        }
    }

    /// The current connection's facts; nil when there is no connection (setting nil does nothing).
    var connection: Connection? {
        get {
            switch stage {
            case .registering(let c, _), .online(let c, _): c
            case .disconnected, .connecting: nil
            }
        }
        set {
            guard let newValue else { return }
            switch stage {
            case .registering(_, let r): stage = .registering(newValue, r)
            case .online(_, let settled): stage = .online(newValue, settled: settled)
            case .disconnected, .connecting: break
            }
        }
    }

    /// Registration's own state while registering; nil otherwise (setting nil does nothing).
    var registration: Registration? {
        get {
            if case .registering(_, let r) = stage { r } else { nil }
        }
        set {
            guard let newValue, case .registering(let c, _) = stage else { return }
            stage = .registering(c, newValue)
        }
    }

    /// Welcomed, and the channels joined and the queue flushed since.
    var isSettled: Bool {
        if case .online(_, settled: true) = stage { true } else { false }
    }
}
