import IRCProtocol

/// The core's side of storage: requests queued in the outbox, answers routed back to the
/// command that asked.
extension ServerCore {

    /// Counters for metrics and the status view, read on the loop.
    public var statistics: ServerStatistics {
        ServerStatistics(connections: connections.count, registeredUsers: clients.values.reduce(0) { $0 + ($1.registered ? 1 : 0) },
                         channels: channels.count, accounts: ext.registeredAccounts.count,
                         messagesReceived: ext.messagesReceived, messagesPersisted: 0)
    }

    /// Queues `request`; `pending` says what to do with the answer. Until it comes, the
    /// client waits: the adapter holds its later lines (see `isWaitingOnStorage`).
    func submit(_ request: StorageRequest, _ pending: PendingStorage) {
        ext.nextTicket &+= 1
        ext.pending[ext.nextTicket] = pending
        link(pending.client)?.storageInFlight += 1
        outbox.requests.append(StorageTicket(id: ext.nextTicket, request: request))
    }

    /// Whether `id` has a storage request in flight. The adapter then holds the client's
    /// further lines (counting them against its flood queue) and feeds them in, in order, once
    /// the outbox lists the client in `resumed`: one client's replies keep the order of its
    /// commands, and other clients never wait.
    ///
    /// Asked after every line, so the common case — nothing in flight for anyone — is
    /// answered without looking the connection up.
    public func isWaitingOnStorage(_ id: ClientID) -> Bool {
        guard !ext.pending.isEmpty else { return false }
        return (link(id)?.storageInFlight ?? 0) > 0
    }

    /// Connection `id`, whoever's it is.
    func link(_ id: ClientID) -> Link? {
        connections[id]?.links.first { $0.id == id }
    }

    /// The answer to request `id` (`nil`: storage failed; the asker gets a clear error).
    public func storageCompleted(_ id: UInt64, _ answer: StorageAnswer?, now: ServerInstant) {
        self.now = now
        guard let pending = ext.pending.removeValue(forKey: id) else { return }
        let waiting = link(pending.client)
        waiting?.storageInFlight -= 1
        defer {
            // The answer may have asked storage again (the client then keeps waiting).
            if let waiting, link(waiting.id) === waiting, waiting.storageInFlight == 0 {
                outbox.resumed.append(waiting.id)
            }
        }
        switch pending {
        case .login(let cid):
            guard let client = connection(cid) else { return }
            finishLogin(client, answer, registering: nil)
            completeRegistrationIfReady(client)
        case .scramChallenge(let cid):
            guard let client = connection(cid) else { return }
            scramChallenged(client, answer)
            completeRegistrationIfReady(client)
        case .scramVerify(let cid):
            guard let client = connection(cid) else { return }
            scramVerified(client, answer)
            completeRegistrationIfReady(client)
        case .register(let cid, let label, let name, let verify):
            ext.registering.remove(fold(name))
            if let client = connection(cid) {
                client.awaitingStorage = false
                withLabel(label, client) { finishLogin(client, answer, registering: verify ? "VERIFY" : "REGISTER", account: name) }
                completeRegistrationIfReady(client)
            }
            // The name is protected even if the client left meanwhile.
            if case .loggedIn(let account)? = answer { ext.registeredAccounts.insert(fold(account)) }
        case .history(let cid, let label, let target):
            guard let client = connection(cid) else { return }
            withLabel(label, client) { sendHistory(client, target: target, answer) }
        case .targets(let cid, let label):
            guard let client = connection(cid) else { return }
            withLabel(label, client) { sendTargets(client, answer) }
        case .markerQuery(let cid, let target):
            guard let client = connection(cid) else { return }
            guard case .marker(let time)? = answer else { return }
            send(markread(target, time), to: client)
        case .joinMarker(let cid, let channel):
            guard let client = connection(cid) else { return }
            joinMarkerAnswered(client, channel: channel, answer)
        case .markerSet(let cid, let target, let requested):
            guard case .marker(let time)? = answer else {
                if let client = connection(cid) {
                    fail(client, command: "MARKREAD", code: "INTERNAL_ERROR", context: [target], description: "Could not store the read marker")
                }
                return
            }
            guard let client = connection(cid), let account = client.account else { return }
            guard time == requested else {
                // Older than the stored marker: only the sender hears the one in force.
                send(markread(target, time), to: client)
                return
            }
            // read-marker: "the server SHOULD send a MARKREAD … to all the clients of the user".
            for other in clients.values where other.account == account {
                sendToAllLinks(markread(target, time), of: other, having: .readMarker)
            }
        case .metadataSet(let cid, let label, let key, let value):
            guard let client = connection(cid) else { return }
            withLabel(label, client) { metadataStored(client, key: key, value: value, cleared: [], answer) }
        case .metadataCleared(let cid, let label, let keys):
            guard let client = connection(cid) else { return }
            withLabel(label, client) { metadataStored(client, key: nil, value: nil, cleared: keys, answer) }
        case .metadataLoad(let cid):
            guard let client = connection(cid) else { return }
            accountMetadataLoaded(client, answer)
            completeRegistrationIfReady(client)
        case .metadataSaved:
            return
        case .nickClaim(let cid, let label, let nick, let registering):
            guard let client = connection(cid) else { return }
            withLabel(label, client) { nickClaimed(client, nick: nick, registering: registering, answer) }
        }
    }

    /// Runs `body` inside a labeled response for `label` (an answer arriving after the command).
    func withLabel(_ label: String?, _ client: Client, _ body: () -> Void) {
        if let label { self.label = LabelContext(client: client.linkID, label: label) }
        body()
        if label != nil { finishLabel() }
    }
}

/// What waits for a storage answer.
enum PendingStorage {
    case login(ClientID)
    case scramChallenge(ClientID)
    case scramVerify(ClientID)
    /// REGISTER, or VERIFY (`verify`) of a registration that waited for its code.
    case register(ClientID, String?, account: String, verify: Bool)
    case history(ClientID, String?, target: String)
    case targets(ClientID, String?)
    case markerQuery(ClientID, target: String)
    case joinMarker(ClientID, channel: String)
    case markerSet(ClientID, target: String, requested: ServerInstant)
    /// METADATA SET (`value` nil: removal) of one's own key, written with the account.
    case metadataSet(ClientID, String?, key: String, value: String?)
    /// METADATA CLEAR of one's own keys.
    case metadataCleared(ClientID, String?, keys: [String])
    /// The account's keys, read at login (registration waits for them).
    case metadataLoad(ClientID)
    /// Keys set before login, stored with the account (nothing to answer).
    case metadataSaved(ClientID)
    /// Cluster mode: the nick claim of a connection registering, or of a NICK change.
    case nickClaim(ClientID, String?, nick: String, registering: Bool)

    /// The client whose command asked.
    var client: ClientID {
        switch self {
        case .login(let id), .scramChallenge(let id), .scramVerify(let id), .register(let id, _, _, _), .history(let id, _, _),
             .targets(let id, _), .markerQuery(let id, _), .joinMarker(let id, _), .markerSet(let id, _, _),
             .metadataSet(let id, _, _, _), .metadataCleared(let id, _, _), .metadataLoad(let id), .metadataSaved(let id),
             .nickClaim(let id, _, _, _):
            return id
        }
    }
}

/// The core's state for accounts, presence and history (one field of `ServerCore`).
struct ExtensionState {
    var pending: [UInt64: PendingStorage] = [:]
    var nextTicket: UInt64 = 0
    /// Folded names of registered accounts (nick protection).
    var registeredAccounts: Set<String> = []
    /// Folded names with a REGISTER in flight.
    var registering: Set<String> = []
    /// Registrations waiting for VERIFY, by folded account name (kept in memory only: a
    /// restart forgets them, and the client registers again).
    var verifications: [String: PendingVerification] = [:]
    /// PRIVMSG/NOTICE/TAGMSG commands handled (metrics).
    var messagesReceived: UInt64 = 0
    /// Of those, the ones relayed from their bytes (`relayDirectly`; tests check it is taken).
    var directlyRelayed: UInt64 = 0
    /// Numbers given to other nodes' users (`ClientID` with the top bit set).
    var nextRemoteUser: UInt64 = 0
    /// Other nodes' users registered now (cluster mode).
    var remoteUsers = 0
    /// MONITOR: folded nick → the clients watching it.
    var watchers: [String: Set<ClientID>] = [:]
}

/// A snapshot of the server's counters (Prometheus metrics, the status view).
public struct ServerStatistics: Hashable, Sendable {
    /// Open connections, registered or not.
    public var connections: Int
    /// Connections that completed registration.
    public var registeredUsers: Int
    /// Channels that exist.
    public var channels: Int
    /// Registered accounts.
    public var accounts: Int
    /// PRIVMSG, NOTICE and TAGMSG commands received since start.
    public var messagesReceived: UInt64
    /// Messages written to history since start (filled in by the adapter).
    public var messagesPersisted: UInt64
    /// History transactions that failed and were tried again (filled in by the adapter).
    public var historyRetries: UInt64 = 0
    /// Messages given up on: not stored, so not relayed (filled in by the adapter).
    public var messagesNotStored: UInt64 = 0

    /// Makes a snapshot.
    public init(connections: Int, registeredUsers: Int, channels: Int, accounts: Int,
                messagesReceived: UInt64, messagesPersisted: UInt64) {
        self.connections = connections
        self.registeredUsers = registeredUsers
        self.channels = channels
        self.accounts = accounts
        self.messagesReceived = messagesReceived
        self.messagesPersisted = messagesPersisted
    }
}

/// A registration waiting for its e-mail code (draft/account-registration `email-required`).
struct PendingVerification {
    /// The client that registered (it may register again, replacing this one).
    let client: ClientID
    /// The account name as written.
    let account: String
    /// Kept until VERIFY, then handed to storage (which stores only its hashes).
    let password: String
    let code: String
    let expires: ServerInstant
    /// Wrong codes tried so far.
    var failures = 0
}
