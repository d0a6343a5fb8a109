import IRCProtocol

/// The whole server state and its command handlers, with no I/O.
///
/// The adapter owns one instance on one event loop and calls it for every event
/// (connection, line, disconnect, timer tick); the core answers by filling `outbox`, which
/// the adapter writes out and then empties. Time comes in with each call.
public final class ServerCore {
    /// The configuration in force.
    public let config: ServerConfig
    /// What the adapter must write and close after each call.
    public var outbox = Outbox()

    /// What the storage behind the adapter can do (the core never calls storage: requests
    /// leave in the outbox).
    public let features: StorageFeatures
    let createdAt: ServerInstant
    let serverSource: IRCSource
    var now: ServerInstant
    /// Users by their number (`Client.id`), always-on users without a connection included.
    var clients: [ClientID: Client] = [:]
    /// Users by the number of each of their connections.
    var connections = ConnectionTable()
    var nicks: [String: Client] = [:]
    var channels: [String: Channel] = [:]
    var whowas: [WhowasEntry] = []
    var label: LabelContext?
    /// The user whose connection's line or storage answer is being handled: what is sent to
    /// it is a reply, for that connection only.
    var actor: Client?
    /// Accounts, MONITOR and storage bookkeeping (ServerCore+Storage.swift).
    var ext = ExtensionState()
    private var msgidCounter: UInt64 = 0
    /// The last `time` tag made and its instant (`timeTag()`).
    private var lastTimeTag: (instant: ServerInstant, text: String) = (ServerInstant(milliseconds: -1), "")
    private let msgidPrefix: String
    /// Highest number of registered users seen at once (LUSERS 265/266: users, not
    /// connections still registering).
    var maxClientsSeen = 0
    /// Highest number of this node's own registered users at once (cluster mode: LUSERS 265).
    var maxLocalSeen = 0
    /// Registered users now.
    var registeredCount = 0
    /// Whether private messages in the common form are relayed from their bytes
    /// (`relayDirectly`); tests turn it off to compare with the general path.
    var relaysDirectly = true
    /// Makes the code a registration waits for (`email-required`); random, from the system's
    /// generator, unless a test sets its own.
    public var verificationCode: () -> String = ServerCore.randomVerificationCode

    /// Makes an empty server.
    public init(config: ServerConfig, features: StorageFeatures = StorageFeatures(accounts: false, history: false),
                now: ServerInstant) {
        self.config = config
        self.features = features
        self.createdAt = now
        self.now = now
        self.serverSource = IRCSource(name: config.serverName)
        // Nodes of one cluster start in the same millisecond now and then: the node's name
        // keeps their msgids apart.
        self.msgidPrefix = (config.node.map { $0 + "." } ?? "") + String(UInt64(now.milliseconds), radix: 36)
    }

    /// Registered and unregistered connections.
    public var connectionCount: Int { connections.count }
    /// Channels that exist.
    public var channelCount: Int { channels.count }

    // MARK: Events from the adapter

    /// A connection was accepted from `ip`; `secure` when it came through TLS.
    public func clientConnected(_ id: ClientID, ip: String, secure: Bool = false, now: ServerInstant) {
        self.now = now
        let client = Client(id: id, ip: ip, now: now)
        client.secure = secure
        client.refreshSource()
        clients[id] = client
        connections[id] = client
    }

    /// The user speaking through connection `id`, with that connection made the one handled.
    func connection(_ id: ClientID) -> Client? {
        guard let client = connections[id] else { return nil }
        client.activate(id)
        actor = client
        return client
    }

    /// One line (without its terminator) arrived from `id`.
    public func receive(_ id: ClientID, line: [UInt8], now: ServerInstant) {
        self.now = now
        guard let client = connection(id) else { return }
        client.lastInput = now
        client.pingSentAt = nil
        if line.first == UInt8(ascii: "P") || line.first == UInt8(ascii: "N"),
           line.withUnsafeBufferPointer({ relayDirectly(client, $0) }) { return }
        let message: IRCMessage
        do {
            message = try IRCMessage(parsing: line, limits: .fromClient)
        } catch {
            rejectLine(client, line: line, error: error)
            return
        }
        dispatch(client, message)
    }

    /// A line from `id` was longer than the framer allows and was dropped.
    public func receiveOverlongLine(_ id: ClientID, now: ServerInstant) {
        self.now = now
        guard let client = connection(id) else { return }
        reply(client, .errInputTooLong, "Input line was too long")
    }

    /// The connection closed (by the peer or after an error); `reason` goes into the QUIT.
    public func clientDisconnected(_ id: ClientID, reason: String, now: ServerInstant) {
        self.now = now
        guard let client = connection(id) else { return }
        dropLink(client, quitReason: reason)
    }

    /// Drops `id` on the server's initiative: sends `ERROR :<error>`, closes, tells neighbours.
    public func disconnect(_ id: ClientID, error: String, quitReason: String, now: ServerInstant) {
        self.now = now
        guard let client = connection(id) else { return }
        closeLink(client, error: error, quitReason: quitReason)
    }

    /// Periodic work: registration timeouts, PINGs to quiet clients, PING timeouts — for
    /// the connections of part `part` of `parts` (by `ClientID`; each connection belongs to
    /// one part for its whole life). The adapter calls every part in turn within a second, so
    /// no single call walks them all (with thousands of connections one sweep took ~4 ms in
    /// one piece, enough to show in everyone's p99: RELIABILITY.md, slowloris), and with the
    /// default ten parts a part looks only at connections whose next check has come
    /// (`ConnectionTable`), so an idle connection is looked at once per PING interval, not
    /// every second. Any other split checks every connection of the part.
    public func tick(now: ServerInstant, part: Int = 0, of parts: Int = 1) {
        self.now = now
        var expired: [(Client, ClientID, String)] = []
        let checked: [ClientID]
        if parts == ConnectionTable.sweepParts, (0..<parts).contains(part) {
            checked = connections.due(inPart: part, now: now)
        } else {
            let parts = UInt64(max(1, parts)), part = UInt64(max(0, part))
            checked = connections.keys.filter { $0.rawValue % parts == part }
        }
        for id in checked {
            guard let client = connection(id) else { continue }
            // The next check is the earliest moment one of this connection's timeouts could
            // come; input only moves them later, so a check that finds nothing due just
            // works out the next one.
            let next: ServerInstant
            if !client.registered {
                let deadline = client.connectedAt.adding(seconds: config.registrationTimeout)
                if now >= deadline { expired.append((client, id, "Registration timed out")); continue }
                next = min(deadline, client.connectedAt.adding(seconds: config.pingInterval))
            } else if let sent = client.pingSentAt {
                let deadline = sent.adding(seconds: config.pingTimeout)
                if now >= deadline { expired.append((client, id, "Ping timeout: \(Int(config.pingTimeout)) seconds")); continue }
                next = deadline
            } else {
                let deadline = client.lastInput.adding(seconds: config.pingInterval)
                if now >= deadline {
                    client.pingSentAt = now
                    send(IRCMessage("PING", config.serverName, source: serverSource), to: client)
                    next = now.adding(seconds: config.pingTimeout)
                } else {
                    next = deadline
                }
            }
            connections.checkNext(id, at: next)
        }
        for (client, id, reason) in expired where connections[id] === client {
            _ = connection(id)
            closeLink(client, error: reason, quitReason: reason)
        }
    }

    /// The wall clock was set `milliseconds` forward (negative: back) without that much time
    /// passing (an administrator, NTP stepping, a VM resumed): every timer measured from a
    /// stored instant moves with it, so registration and PING timeouts keep counting the time
    /// that really passed — a clock set an hour ahead must not drop everyone who was waiting
    /// for a PONG, nor one set back leave dead connections unchecked for an hour.
    /// `WallClockWatch` tells the adapter when.
    public func clockStepped(by milliseconds: Int64) {
        connections.shiftChecks(by: milliseconds)
        var seen: Set<ObjectIdentifier> = []
        for client in connections.values {
            for link in client.links where seen.insert(ObjectIdentifier(link)).inserted {
                link.connectedAt.milliseconds += milliseconds
                link.lastInput.milliseconds += milliseconds
                link.pingSentAt?.milliseconds += milliseconds
            }
        }
    }

    /// Closes every connection with `ERROR :<reason>` (graceful shutdown).
    public func shutdown(reason: String, now: ServerInstant) {
        self.now = now
        for client in Array(clients.values) {
            closeUser(client, error: reason, quitReason: reason)
        }
    }

    // MARK: Dispatch

    func dispatch(_ client: Client, _ message: IRCMessage) {
        let name = message.normalizedCommand
        if let value = message.tag("label"), client.caps.contains(.labeledResponse) {
            label = LabelContext(client: client.linkID, label: value)
        }
        defer { finishLabel() }
        guard let command = CommandTable.commands[name] else {
            reply(client, .errUnknownCommand, message.command, "Unknown command")
            return
        }
        if !client.registered && !command.beforeRegistration {
            reply(client, .errNotRegistered, "You have not registered")
            return
        }
        if message.parameters.count < command.minParameters {
            reply(client, .errNeedMoreParams, name, "Not enough parameters")
            return
        }
        command.handler(self, client, message)
    }

    private func rejectLine(_ client: Client, line: [UInt8], error: IRCParseError) {
        // The reply is labeled when the line's tags name a label, even though the line as a
        // whole did not parse ("the server MUST … the response").
        if client.caps.contains(.labeledResponse), let value = Self.rawLabel(of: line) {
            label = LabelContext(client: client.linkID, label: value)
        }
        defer { finishLabel() }
        let word = Self.commandWord(of: line)
        switch error {
        case .invalidCommand where word != "*":
            // A command word outside the grammar (`NO_SUCH`) is a command we do not know.
            reply(client, .errUnknownCommand, word, "Unknown command")
        case .invalidUTF8:
            fail(client, command: word, code: "INVALID_UTF8",
                 description: "Message rejected, your IRC software MUST use UTF-8 encoding on this network")
        case .tagsTooLong, .bodyTooLong:
            reply(client, .errInputTooLong, "Input line was too long")
        case .empty:
            return
        default:
            // A line that is not IRC at all: say so without echoing it back.
            send(IRCMessage(source: serverSource, command: "FAIL",
                            parameters: [word, "INVALID_MESSAGE", "Malformed message"]), to: client)
        }
    }

    /// The value of a `label` tag in a raw line's tags, if any (at most 64 bytes, plain).
    static func rawLabel(of line: [UInt8]) -> String? {
        guard line.first == UInt8(ascii: "@") else { return nil }
        let tags = line.dropFirst().prefix { $0 != UInt8(ascii: " ") }
        for tag in tags.split(separator: UInt8(ascii: ";")) where tag.starts(with: Array("label=".utf8)) {
            let value = tag.dropFirst(6)
            guard !value.isEmpty, value.count <= 64,
                  value.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) else { return nil }
            return String(decoding: value, as: UTF8.self)
        }
        return nil
    }

    /// The command word of a raw line for error replies (`*` if it cannot be found as ASCII).
    static func commandWord(of line: [UInt8]) -> String {
        var words = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true)[...]
        if let first = words.first, first.first == UInt8(ascii: "@") { words = words.dropFirst() }
        if let first = words.first, first.first == UInt8(ascii: ":") { words = words.dropFirst() }
        guard let word = words.first, word.count <= 32, word.allSatisfy({ $0 >= 0x21 && $0 < 0x7F && $0 != UInt8(ascii: ":") }) else {
            return "*"
        }
        return String(decoding: word, as: UTF8.self).uppercased()
    }

    // MARK: Shared helpers

    /// Ten characters from 31 unambiguous letters and digits (about 49 bits).
    static func randomVerificationCode() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789".unicodeScalars)
        var generator = SystemRandomNumberGenerator()
        return String(String.UnicodeScalarView((0..<10).map { _ in alphabet.randomElement(using: &generator)! }))
    }

    /// A fresh `msgid` value, unique for this server run.
    func nextMsgid() -> String {
        msgidCounter &+= 1
        return msgidPrefix + "-" + String(msgidCounter, radix: 36)
    }

    func fold(_ name: String) -> String { config.caseMapping.fold(name) }

    func client(named nick: String) -> Client? { nicks[fold(nick)] }

    /// `client(named:)` for a nick given as the UTF-8 bytes of a received line.
    func client(named utf8: UnsafeBufferPointer<UInt8>) -> Client? { nicks[config.caseMapping.fold(utf8: utf8)] }

    func channel(named name: String) -> Channel? { channels[fold(name)] }

    /// Sends a server-sourced numeric with the client's nick as first parameter.
    func reply(_ client: Client, _ numeric: Numeric, _ parameters: String...) {
        reply(client, numeric, parameters: parameters)
    }

    func reply(_ client: Client, _ numeric: Numeric, parameters: [String]) {
        send(IRCMessage(source: serverSource, command: numeric.rawValue, parameters: [client.displayNick] + parameters), to: client)
    }

    /// Sends a standard reply `FAIL <command> <code> [context...] :<description>`.
    func fail(_ client: Client, command: String, code: String, context: [String] = [], description: String) {
        send(IRCMessage(source: serverSource, command: "FAIL", parameters: [command, code] + context + [description]), to: client)
    }

    /// Sends one message to one user: to the connection being handled when the user is the
    /// one acting (a reply), else to every connection of the user (into the labeled response
    /// when one is being built for that connection).
    func send(_ message: IRCMessage, to client: Client) {
        guard !client.links.isEmpty else { return }
        if label?.client == client.linkID {
            label?.replies.append(message)
        } else if client.links.count == 1 || actor === client {
            outbox.send(message, to: client.linkID)
        } else {
            for link in client.links { outbox.send(message, to: link.id) }
        }
    }

    /// Sends one message to every connection of a user that has `cap`, the one being handled
    /// included.
    func sendToAllLinks(_ message: IRCMessage, of client: Client, having cap: CapabilitySet = []) {
        for link in client.links where link.caps.isSuperset(of: cap) {
            if label?.client == link.id {
                label?.replies.append(message)
            } else {
                outbox.send(message, to: link.id)
            }
        }
    }

    /// Delivers a relayed message to every connection of a user that has `cap` (all of them
    /// when `cap` is empty), each in its own tag profile.
    func relay(_ relay: inout Relay, to client: Client, having cap: CapabilitySet = []) {
        if client.links.count == 1 {
            // The usual case, without walking the array: one connection, the current one.
            let link = client.link
            guard link.caps.isSuperset(of: cap) else { return }
            if label?.client == link.id {
                label?.replies.append(relay.message(forProfile: link.tagProfile))
            } else {
                outbox.deliver(relay.payload(profile: link.tagProfile, in: &outbox), to: link.id)
            }
            return
        }
        for link in client.links where link.caps.isSuperset(of: cap) {
            if label?.client == link.id {
                label?.replies.append(relay.message(forProfile: link.tagProfile))
            } else {
                outbox.deliver(relay.payload(profile: link.tagProfile, in: &outbox), to: link.id)
            }
        }
    }

    /// Delivers `with` to each connection of a user that has `cap`, and `without` to the others.
    func relay(_ with: inout Relay, else without: inout Relay, to client: Client, having cap: CapabilitySet) {
        for link in client.links {
            let chosen = link.caps.isSuperset(of: cap)
            if label?.client == link.id {
                label?.replies.append(chosen ? with.message(forProfile: link.tagProfile) : without.message(forProfile: link.tagProfile))
            } else if chosen {
                outbox.deliver(with.payload(profile: link.tagProfile, in: &outbox), to: link.id)
            } else {
                outbox.deliver(without.payload(profile: link.tagProfile, in: &outbox), to: link.id)
            }
        }
    }

    /// Delivers a user's own message back to the user: to its other connections always (they
    /// see what it said elsewhere, as ergo does), and to the connection that sent it when that
    /// negotiated echo-message.
    func relayToSelf(_ relay: inout Relay, _ client: Client, having cap: CapabilitySet = []) {
        for link in client.links where link !== client.link && link.caps.isSuperset(of: cap) {
            outbox.deliver(relay.payload(profile: link.tagProfile, in: &outbox), to: link.id)
        }
        if client.caps.contains(.echoMessage) { echo(&relay, to: client) }
    }

    /// Delivers a relayed message to the connection being handled only (echo-message).
    func echo(_ relay: inout Relay, to client: Client) {
        if label?.client == client.linkID {
            label?.replies.append(relay.message(forProfile: client.tagProfile))
        } else {
            outbox.deliver(relay.payload(profile: client.tagProfile, in: &outbox), to: client.linkID)
        }
    }

    /// Delivers a relayed message to every connection of a user that has `cap`, outside any
    /// labeled response: a message to oneself arrives as a delivery like any other, while its
    /// echo is the response.
    func relayOutsideLabel(_ relay: inout Relay, to client: Client, having cap: CapabilitySet = []) {
        for link in client.links where link.caps.isSuperset(of: cap) {
            outbox.deliver(relay.payload(profile: link.tagProfile, in: &outbox), to: link.id)
        }
    }

    /// Runs `body` inside a batch of `type` when the client negotiated `batch` (its reference,
    /// for the `batch` tag of each line; `nil` without the cap: the lines go out plain).
    func withBatch(_ client: Client, type: String, parameters: [String] = [], _ body: (String?) -> Void) {
        guard client.caps.contains(.batch) else {
            body(nil)
            return
        }
        let ref = nextMsgid()
        send(IRCMessage(source: serverSource, command: "BATCH", parameters: ["+" + ref, type] + parameters), to: client)
        body(ref)
        send(IRCMessage(source: serverSource, command: "BATCH", parameters: ["-" + ref]), to: client)
    }

    /// The tags a user-originated message carries: `time` and `msgid`, plus its client tags.
    func relayTags(clientTags: [IRCTag] = []) -> [IRCTag] {
        [IRCTag(key: "time", value: timeTag()), IRCTag(key: "msgid", value: nextMsgid())] + clientTags
    }

    /// `now` as a `time` tag, formatted once per millisecond (a busy loop turn stamps many
    /// messages with the same instant).
    func timeTag() -> String {
        if lastTimeTag.instant != now { lastTimeTag = (now, now.iso8601) }
        return lastTimeTag.text
    }

    /// Everyone sharing a channel with `client` (without `client`), each once.
    func neighbours(of client: Client) -> [Client] {
        if client.channels.count == 1, let only = client.channels.values.first {
            return only.members.values.compactMap { $0.client === client ? nil : $0.client }
        }
        var seen: Set<ClientID> = [client.id]
        var out: [Client] = []
        for channel in client.channels.values {
            for member in channel.members.values where seen.insert(member.client.id).inserted {
                out.append(member.client)
            }
        }
        return out
    }

    /// Sends `ERROR` on the connection being handled and closes it; the user goes with its
    /// last connection (telling its neighbours), unless it stays always-on.
    func closeLink(_ client: Client, error: String, quitReason: String) {
        if label?.client == client.linkID { finishLabel() }
        outbox.send(IRCMessage(source: nil, command: "ERROR", parameters: ["Closing Link: \(client.host) (\(error))"]), to: client.linkID)
        outbox.close(client.linkID)
        dropLink(client, quitReason: quitReason)
    }

    /// Closes every connection of a user and removes it (KILL, shutdown).
    func closeUser(_ client: Client, error: String, quitReason: String) {
        for link in client.links {
            if label?.client == link.id { finishLabel() }
            outbox.send(IRCMessage(source: nil, command: "ERROR", parameters: ["Closing Link: \(client.host) (\(error))"]), to: link.id)
            outbox.close(link.id)
        }
        removeClient(client, quitReason: quitReason)
    }

    /// The connection being handled is gone. A user with other connections only loses this
    /// one; a user logged in to an account stays, with none, when the server keeps accounts
    /// always-on; anyone else quits.
    func dropLink(_ client: Client, quitReason: String) {
        let id = client.linkID
        if label?.client == id { label = nil }
        guard client.registered, client.links.count > 1 || (config.alwaysOn && client.account != nil && client.links.count == 1) else {
            removeClient(client, quitReason: quitReason)
            return
        }
        connections.removeValue(forKey: id)
        client.links.removeAll { $0.id == id }
        if let first = client.links.first { client.link = first }
    }

    /// Removes a client from every structure and broadcasts its QUIT.
    func removeClient(_ client: Client, quitReason: String) {
        if client.node == nil, client.registered || client.claimedNick != nil, let nick = client.nick {
            publish(.quit(nick: nick, reason: quitReason))
        }
        // Its own watches go first: a user monitoring its own nick hears nothing once gone.
        dropMonitors(client)
        if client.registered {
            registeredCount -= 1
            if client.node != nil { ext.remoteUsers -= 1 }
            var quit = Relay(IRCMessage(tags: userTags(client), source: client.source, command: "QUIT", parameters: [quitReason]))
            for other in neighbours(of: client) {
                relay(&quit, to: other)
            }
            rememberWhowas(client)
            if let nick = client.nick { monitorOffline(nick) }
        }
        for channel in client.channels.values {
            channel.remove(client.id)
            if channel.members.isEmpty { channels.removeValue(forKey: channel.folded) }
        }
        client.channels.removeAll()
        if let folded = client.foldedNick, nicks[folded] === client { nicks.removeValue(forKey: folded) }
        clients.removeValue(forKey: client.id)
        for link in client.links {
            if connections[link.id] === client { connections.removeValue(forKey: link.id) }
            if label?.client == link.id { label = nil }
        }
        if connections[client.linkID] === client { connections.removeValue(forKey: client.linkID) }
    }

    // MARK: Labeled responses

    func finishLabel() {
        guard let context = label else { return }
        label = nil
        guard let client = connection(context.client) else { return }
        let tag = IRCTag(key: "label", value: context.label)
        var replies = context.replies
        // The response gets a payload of its own, so that it can be withheld alone.
        if !context.recorded.isEmpty { outbox.startPrivatePayload() }
        defer {
            if !context.recorded.isEmpty {
                outbox.attachLastPayload(toHistory: context.recorded)
                outbox.startPrivatePayload()
            }
        }
        switch replies.count {
        case 0:
            outbox.send(IRCMessage(tags: [tag], source: serverSource, command: "ACK"), to: context.client)
        case 1:
            replies[0].tags.insert(tag, at: 0)
            outbox.send(replies[0], to: context.client)
        default:
            let ref = nextMsgid()
            if client.caps.contains(.batch) {
                outbox.send(IRCMessage(tags: [tag], source: serverSource, command: "BATCH",
                                       parameters: ["+" + ref, "labeled-response"]), to: context.client)
                for var reply in replies {
                    // A line of a nested batch (a labeled CHATHISTORY's chathistory batch)
                    // keeps its own reference; only the nested batch's BATCH lines, which
                    // have none, get the outer one (batch: "Start and end messages of one
                    // batch MAY refer to another batch"; message-tags: "Individual tag keys
                    // MUST only be used a maximum of once per message").
                    if !reply.tags.contains(where: { $0.key == "batch" }) {
                        reply.tags.insert(IRCTag(key: "batch", value: ref), at: 0)
                    }
                    outbox.send(reply, to: context.client)
                }
                outbox.send(IRCMessage(source: serverSource, command: "BATCH", parameters: ["-" + ref]), to: context.client)
            } else {
                for reply in replies { outbox.send(reply, to: context.client) }
            }
        }
    }
}

/// The replies collected for a client's labeled command.
struct LabelContext {
    let client: ClientID
    let label: String
    var replies: [IRCMessage] = []
    /// Indexes into `outbox.historyRelays` of messages recorded under this label: the
    /// labeled response echoes them, so it is withheld with them if they cannot be stored.
    var recorded: [Int] = []
}

/// A departed nick, for WHOWAS.
struct WhowasEntry {
    let nick: String
    let folded: String
    let user: String
    let host: String
    let realname: String
    let at: Int64
}
