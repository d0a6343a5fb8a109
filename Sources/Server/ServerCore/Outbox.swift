import IRCProtocol

/// What the core wants sent: serialized payloads and, in order, which client gets which.
///
/// A payload relayed to many clients is serialized once per tag profile and delivered by
/// index, so a channel message to a thousand members costs a few serializations, not a
/// thousand. Consecutive replies to one client are merged into one payload (one write).
public struct Outbox: Sendable {
    /// One delivery: `payload` (an index into `payloads`) goes to `client`.
    public struct Delivery: Sendable, Hashable {
        /// The recipient.
        public let client: ClientID
        /// Index into `payloads`.
        public let payload: Int
    }

    /// Serialized lines, each ending with CR LF (a payload may hold several lines).
    public private(set) var payloads: [[UInt8]] = []
    /// Deliveries in the order they must be written.
    public private(set) var deliveries: [Delivery] = []
    /// Clients to close once their deliveries are written (after an ERROR line).
    public private(set) var closes: [ClientID] = []
    /// Private payloads may be appended to while they are the last delivery.
    private var lastPrivate: Delivery?
    /// Messages to store durably before any of this outbox's deliveries go out.
    public internal(set) var history: [HistoryEntry] = []
    /// For each entry of `history`, in the same order: who sent it and which payloads relay
    /// it (withheld if it cannot be stored).
    public internal(set) var historyRelays: [HistoryRelay] = []
    /// Storage work to run off the event loop; answers go to `ServerCore.storageCompleted`.
    public internal(set) var requests: [StorageTicket] = []
    /// Clients whose storage wait ended: the adapter feeds them the lines it held meanwhile.
    public internal(set) var resumed: [ClientID] = []
    /// Lines for the server log (the core has no logger).
    public internal(set) var log: [LogEntry] = []
    /// Events for the other nodes of a cluster (`ServerConfig.node`): committed and published
    /// with this outbox's history, in order, before any of its deliveries go out.
    public internal(set) var cluster: [ClusterEvent] = []

    /// An empty outbox.
    public init() {}

    /// Whether there is nothing to do.
    public var isEmpty: Bool {
        deliveries.isEmpty && closes.isEmpty && history.isEmpty && requests.isEmpty && resumed.isEmpty && log.isEmpty
            && cluster.isEmpty
    }

    /// Empties the outbox, keeping its storage for the next round.
    public mutating func removeAll() {
        payloads.removeAll(keepingCapacity: true)
        deliveries.removeAll(keepingCapacity: true)
        closes.removeAll(keepingCapacity: true)
        history.removeAll(keepingCapacity: true)
        historyRelays.removeAll(keepingCapacity: true)
        requests.removeAll(keepingCapacity: true)
        resumed.removeAll(keepingCapacity: true)
        log.removeAll(keepingCapacity: true)
        cluster.removeAll(keepingCapacity: true)
        lastPrivate = nil
    }

    /// Makes the next private message start a payload of its own.
    mutating func startPrivatePayload() {
        lastPrivate = nil
    }

    /// Marks the last payload as carrying the history entries at `indexes` (withheld with them).
    mutating func attachLastPayload(toHistory indexes: [Int]) {
        guard !payloads.isEmpty else { return }
        for i in indexes where i < historyRelays.count {
            historyRelays[i].payloads.append(payloads.count - 1)
            historyRelays[i].labeled = true
        }
    }

    /// Drops the deliveries of every message in `history` (it could not be stored, so nobody
    /// may see it) and returns what the senders must be told.
    public mutating func withholdHistory() -> [HistoryRelay] {
        let withheld = Set(historyRelays.flatMap(\.payloads))
        deliveries.removeAll { withheld.contains($0.payload) }
        lastPrivate = nil
        return historyRelays
    }

    /// Appends `message` for `client` alone.
    mutating func send(_ message: IRCMessage, to client: ClientID) {
        if let last = lastPrivate, last.client == client {
            message.serializedLine(into: &payloads[last.payload])
            return
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128)
        message.serializedLine(into: &bytes)
        payloads.append(bytes)
        let d = Delivery(client: client, payload: payloads.count - 1)
        deliveries.append(d)
        lastPrivate = d
    }

    /// Adds a payload that several clients will receive; returns its index.
    mutating func addShared(_ bytes: [UInt8]) -> Int {
        payloads.append(bytes)
        return payloads.count - 1
    }

    /// Delivers shared payload `index` to `client`.
    mutating func deliver(_ index: Int, to client: ClientID) {
        deliveries.append(Delivery(client: client, payload: index))
        lastPrivate = nil
    }

    /// Closes `client` after what was queued for it so far.
    mutating func close(_ client: ClientID) {
        closes.append(client)
    }
}

/// A line for the server log: a message and its details.
public struct LogEntry: Sendable, Hashable {
    /// What happened.
    public let message: String
    /// Key–value details.
    public let metadata: [String: String]
}

/// A stored message's relays: the sender, and the shared payloads that carry the message.
public struct HistoryRelay: Sendable, Hashable {
    /// Who sent the message.
    public let sender: ClientID
    /// PRIVMSG or NOTICE.
    public let command: String
    /// The channel or nick it was sent to.
    public let target: String
    /// The message text (for the sender's error).
    public let text: String
    /// Indexes into `Outbox.payloads`.
    public internal(set) var payloads: [Int]
    /// The label of the sender's command, when its labeled response was withheld with it.
    public internal(set) var label: String?
    /// Whether the labeled response carrying the echo is among `payloads`.
    var labeled = false
}

/// A storage request with the number its answer must carry back.
public struct StorageTicket: Hashable, Sendable {
    /// Identifies the request in `ServerCore.storageCompleted`.
    public let id: UInt64
    /// What to do.
    public let request: StorageRequest
}

/// A message relayed from a user to others, with its full tags, serialized lazily once per
/// tag profile (see `Client.tagProfile`): bit 0 `time`, bit 1 `msgid` and client tags,
/// bit 2 `account`; a message to a thousand members costs a few serializations.
struct Relay {
    var message: IRCMessage
    private var body: [UInt8] = []
    private var cache = InlineArray<8, Int>(repeating: -1)

    init(_ message: IRCMessage) {
        self.message = message
    }

    /// The outbox payloads made from this relay so far.
    var payloadIndices: [Int] {
        var out: [Int] = []
        for i in cache.indices where cache[i] >= 0 { out.append(cache[i]) }
        return out
    }

    /// The message as client `profile` receives it (for labeled replies, built per use).
    func message(forProfile profile: Int) -> IRCMessage {
        guard profile != 7 else { return message }
        var m = message
        m.tags = m.tags.filter { tag in
            switch tag.key {
            case "time": return profile & 1 != 0
            case "account": return profile & 4 != 0
            default: return profile & 2 != 0
            }
        }
        return m
    }

    /// The payload index for `profile`, serializing on first use.
    mutating func payload(profile: Int, in outbox: inout Outbox) -> Int {
        let cached = cache[profile]
        if cached >= 0 { return cached }
        if body.isEmpty {
            var b: [UInt8] = []
            b.reserveCapacity(message.parameters.last.map { $0.utf8.count + 96 } ?? 96)
            message.writeBody(into: &b)
            b.append(0x0D)
            b.append(0x0A)
            body = b
        }
        let bytes: [UInt8]
        let tagged = message(forProfile: profile)
        if tagged.tags.isEmpty {
            bytes = body
        } else {
            var b: [UInt8] = []
            b.reserveCapacity(body.count + 64)
            IRCMessage.writeTags(tagged.tags, into: &b)
            b.append(contentsOf: body)
            bytes = b
        }
        let index = outbox.addShared(bytes)
        cache[profile] = index
        return index
    }
}
