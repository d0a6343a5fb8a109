import IRCProtocol

/// History: messages recorded before they are relayed, CHATHISTORY (draft/chathistory,
/// TARGETS included) and read markers (draft/read-marker).
extension ServerCore {
    /// The key of `client` in private-message conversations: its account, else its nick
    /// marked as a guest's (`~nick`, which no account name can be). So whoever registers a
    /// nick later does not inherit what an earlier guest of that nick said and heard
    /// (chathistory: "The server MUST verify the current user's identity matches that of
    /// the desired content").
    func participantKey(_ client: Client) -> String {
        client.account.map(fold) ?? Self.guestKey(fold(client.displayNick))
    }

    /// The key of the other side named `nick`: the account of whoever uses that nick now;
    /// for nobody online, the account of that name if there is one, else a guest's key.
    func participantKey(named nick: String) -> String {
        if let other = client(named: nick) { return participantKey(other) }
        let folded = fold(nick)
        return ext.registeredAccounts.contains(folded) ? folded : Self.guestKey(folded)
    }

    /// A guest's side of a conversation (`~` never starts a nick or an account name).
    static func guestKey(_ foldedNick: String) -> String { "~" + foldedNick }

    /// The nick to show for a participant key (a guest's without its mark).
    static func participantName(_ key: String) -> String {
        key.hasPrefix("~") ? String(key.dropFirst()) : key
    }

    /// The conversation key of a private message between `a` and `b`.
    static func privateConversation(_ a: String, _ b: String) -> String {
        a < b ? a + " " + b : b + " " + a
    }

    /// Queues `message` (to `target`, in `conversation`) for storage before anything queued
    /// with it is written out: the adapter relays only after the write committed.
    func record(_ relayed: Relay, from client: Client, target: String, text: String, conversation: String) {
        guard features.history else { return }
        let message = relayed.message
        outbox.history.append(HistoryEntry(msgid: message.tag("msgid") ?? "", time: now,
                                           source: message.source?.description ?? "", account: client.account,
                                           target: target, command: message.command, text: text,
                                           conversation: conversation, clientTags: message.tags.filter(\.isClientOnly)))
        let labelled = label?.client == client.linkID ? label?.label : nil
        if labelled != nil { label?.recorded.append(outbox.historyRelays.count) }
        outbox.historyRelays.append(HistoryRelay(sender: client.linkID, command: message.command, target: target,
                                                 text: text, payloads: relayed.payloadIndices, label: labelled))
    }

    /// Messages that could not be stored were not relayed: each sender still connected hears
    /// so, with the start of the text (a client may offer to send it again).
    public func historyNotStored(_ relays: [HistoryRelay], now: ServerInstant) {
        self.now = now
        var answered: Set<String> = []
        for relay in relays {
            guard let client = connection(relay.sender) else { continue }
            let excerpt = relay.text.count > 40 ? String(relay.text.prefix(40)) + "…" : relay.text
            // The labeled response was withheld: the first FAIL takes its place.
            if relay.labeled, let tag = relay.label, answered.insert("\(client.id.rawValue) \(tag)").inserted {
                label = LabelContext(client: client.linkID, label: tag)
            }
            fail(client, command: relay.command, code: "MESSAGE_NOT_STORED", context: [relay.target],
                 description: "Not delivered: the server could not save it (\"\(excerpt)\")")
            finishLabel()
        }
    }

    /// Whether a private message between these two is kept (one side has an account).
    func keepsPrivate(_ client: Client, toNick nick: String) -> Bool {
        features.history && (client.account != nil || self.client(named: nick)?.account != nil)
    }

    /// CHATHISTORY LATEST <target> <* | timestamp=… | msgid=…> <limit>
    /// CHATHISTORY BEFORE|AFTER|AROUND <target> <timestamp=… | msgid=…> <limit>
    /// CHATHISTORY BETWEEN <target> <anchor> <anchor> <limit>
    /// CHATHISTORY TARGETS <timestamp=…> <timestamp=…> <limit>
    func handleChathistory(_ client: Client, _ message: IRCMessage) {
        guard let first = message[parameter: 0] else {
            fail(client, command: "CHATHISTORY", code: "NEED_MORE_PARAMS", description: "Missing parameters")
            return
        }
        let sub = first.uppercased()
        let p = message.parameters
        guard features.history else {
            fail(client, command: "CHATHISTORY", code: "UNKNOWN_COMMAND", context: [sub], description: "History is not kept here")
            return
        }
        if sub == "TARGETS" {
            guard p.count >= 4 else {
                fail(client, command: "CHATHISTORY", code: "NEED_MORE_PARAMS", context: [sub], description: "Missing parameters")
                return
            }
            guard case .time(let a) = Self.anchor(p[1]), case .time(let b) = Self.anchor(p[2]), let limit = Int(p[3]), limit > 0 else {
                fail(client, command: "CHATHISTORY", code: "INVALID_PARAMS", context: [sub], description: "Invalid parameters")
                return
            }
            submit(.targets(account: client.account.map(fold), channels: Array(client.channels.keys),
                            from: a, to: b, limit: min(limit, config.maxHistoryLimit)),
                   .targets(client.linkID, takeLabel(client)))
            return
        }
        guard let kind = HistoryQuery.Kind(rawValue: sub) else {
            fail(client, command: "CHATHISTORY", code: "INVALID_PARAMS", context: [sub], description: "Unknown subcommand")
            return
        }
        let needed = kind == .between ? 5 : 4
        guard p.count >= needed else {
            fail(client, command: "CHATHISTORY", code: "NEED_MORE_PARAMS", context: [sub], description: "Missing parameters")
            return
        }
        let target = p[1]
        let start = Self.anchor(p[2])
        let end = kind == .between ? Self.anchor(p[3]) : HistoryAnchor.none
        guard let start, let end, let limit = Int(p[needed - 1]), limit > 0,
              start != .none || kind == .latest, end != .none || kind != .between else {
            fail(client, command: "CHATHISTORY", code: "INVALID_PARAMS", context: [sub, target], description: "Invalid parameters")
            return
        }
        let conversation: String
        if IRCNames.isChannel(target) {
            guard client.channels[fold(target)] != nil else {
                fail(client, command: "CHATHISTORY", code: "INVALID_TARGET", context: [sub, target], description: "Join the channel first")
                return
            }
            conversation = fold(target)
        } else {
            guard client.account != nil else {
                fail(client, command: "CHATHISTORY", code: "INVALID_TARGET", context: [sub, target],
                     description: "Log in to read private history")
                return
            }
            conversation = Self.privateConversation(participantKey(client), participantKey(named: target))
        }
        let query = HistoryQuery(kind: kind, conversation: conversation, start: start, end: end,
                                 limit: min(limit, config.maxHistoryLimit), messagesOnly: !playsBackEvents(client))
        submit(.history(query), .history(client.linkID, takeLabel(client), target: target))
    }

    /// Sends history rows in a `chathistory` batch.
    func sendHistory(_ client: Client, target: String, _ answer: StorageAnswer?) {
        guard case .entries(let entries)? = answer else {
            fail(client, command: "CHATHISTORY", code: "MESSAGE_ERROR", context: [target], description: "Could not read history")
            return
        }
        // "If the client has not negotiated the event-playback capability, the server MUST
        // NOT send any lines other than PRIVMSG and NOTICE in the reply batch."
        let events = playsBackEvents(client)
        withBatch(client, type: "chathistory", parameters: [target]) { ref in
            for entry in entries {
                if entry.command != "PRIVMSG" && entry.command != "NOTICE" && !events { continue }
                var tags: [IRCTag] = []
                if let ref { tags.append(IRCTag(key: "batch", value: ref)) }
                if client.caps.contains(.serverTime) || client.caps.contains(.messageTags) {
                    tags.append(IRCTag(key: "time", value: entry.time.iso8601))
                }
                if client.caps.contains(.messageTags) { tags.append(IRCTag(key: "msgid", value: entry.msgid)) }
                if let account = entry.account, client.caps.contains(.accountTag) { tags.append(IRCTag(key: "account", value: account)) }
                if client.caps.contains(.messageTags) { tags += entry.clientTags }
                let parameters = entry.command == "TAGMSG" ? [entry.target] : [entry.target, entry.text]
                send(IRCMessage(tags: tags, source: IRCSource(parsing: Substring(entry.source)), command: entry.command, parameters: parameters),
                     to: client)
            }
        }
    }

    /// Whether history batches for `client` carry events (TAGMSG, TOPIC) besides messages.
    func playsBackEvents(_ client: Client) -> Bool {
        client.caps.contains(.eventPlayback) && client.caps.contains(.messageTags)
    }

    /// Sends TARGETS rows in a `draft/chathistory-targets` batch.
    func sendTargets(_ client: Client, _ answer: StorageAnswer?) {
        guard case .targets(let targets)? = answer else {
            fail(client, command: "CHATHISTORY", code: "MESSAGE_ERROR", context: ["TARGETS"], description: "Could not read history")
            return
        }
        withBatch(client, type: "draft/chathistory-targets") { ref in
            for target in targets {
                let shown = Self.participantName(target.name)
                let name = self.client(named: shown)?.displayNick ?? channel(named: shown)?.name ?? shown
                // `CHATHISTORY TARGETS <target> <latest_message_timestamp>`: the bare timestamp
                // (the spec's example; ergo, irctest).
                send(IRCMessage(tags: ref.map { [IRCTag(key: "batch", value: $0)] } ?? [], source: serverSource, command: "CHATHISTORY",
                                parameters: ["TARGETS", name, target.latest.iso8601]), to: client)
            }
        }
    }

    /// MARKREAD <target> [timestamp=<time>]
    ///
    /// Parameter errors come first, then the account check (ergo's order): a client that is
    /// not logged in still hears what is wrong with its command.
    func handleMarkread(_ client: Client, _ message: IRCMessage) {
        guard let target = message[parameter: 0], !target.isEmpty else {
            fail(client, command: "MARKREAD", code: "NEED_MORE_PARAMS", description: "Missing parameters")
            return
        }
        guard IRCNames.isChannel(target) || IRCNames.isValidNickname(target, maxLength: config.maxNickLength) else {
            fail(client, command: "MARKREAD", code: "INVALID_PARAMS", context: [target], description: "Invalid target")
            return
        }
        // "The timestamp MUST NOT be a literal *."
        var time: ServerInstant?
        if let stamp = message[parameter: 1] {
            guard case .time(let t)? = Self.anchor(stamp) else {
                fail(client, command: "MARKREAD", code: "INVALID_PARAMS", context: [stamp], description: "Invalid timestamp")
                return
            }
            time = t
        }
        guard features.history else {
            fail(client, command: "MARKREAD", code: "TEMPORARILY_UNAVAILABLE", context: [target], description: "This server keeps no history")
            return
        }
        let key = IRCNames.isChannel(target) ? fold(target) : participantKey(named: target)
        guard let account = client.account else {
            markreadForConnection(client, target: target, key: key, time: time)
            return
        }
        guard let time else {
            submit(.readMarker(account: fold(account), target: key), .markerQuery(client.linkID, target: target))
            return
        }
        submit(.setReadMarker(account: fold(account), target: key, time: time), .markerSet(client.linkID, target: target, requested: time))
    }

    /// MARKREAD from a client that is not logged in: its markers last as long as its
    /// connection (the spec does not tie them to an account; ergo does the same). They never
    /// go backwards either.
    private func markreadForConnection(_ client: Client, target: String, key: String, time: ServerInstant?) {
        if let time, client.readMarkers[key].map({ $0 < time }) ?? true {
            if client.readMarkers[key] == nil && client.readMarkers.count >= Self.maxConnectionMarkers { return markerLimit(client, target) }
            client.readMarkers[key] = time
        }
        send(markread(target, client.readMarkers[key]), to: client)
    }

    private func markerLimit(_ client: Client, _ target: String) {
        fail(client, command: "MARKREAD", code: "TEMPORARILY_UNAVAILABLE", context: [target],
             description: "Too many read markers for one connection; log in to keep more")
    }

    /// Read markers one connection without an account may hold.
    static let maxConnectionMarkers = 200

    /// The MARKREAD a JOIN sends a client that is not logged in, before the names.
    func sendConnectionReadMarker(_ client: Client, _ channel: Channel) {
        guard features.history, client.caps.contains(.readMarker), client.account == nil else { return }
        send(markread(channel.name, client.readMarkers[channel.folded]), to: client)
    }

    /// Whether a JOIN of `client` waits for the channel's read marker before its names: the
    /// marker "MUST be sent before the RPL_ENDOFNAMES reply for that channel following the
    /// JOIN". A labeled JOIN does not wait (its response closes with the command) and gets
    /// the marker after the names.
    func joinWaitsForReadMarker(_ client: Client) -> Bool {
        features.history && client.caps.contains(.readMarker) && client.account != nil && label?.client != client.linkID
    }

    /// After a JOIN: the read marker of the channel, for clients with read-marker; with
    /// `thenNames` the NAMES reply follows the marker (see `joinWaitsForReadMarker`).
    func sendReadMarkerAfterJoin(_ client: Client, _ channel: Channel, thenNames: Bool = false) {
        guard features.history, client.caps.contains(.readMarker), let account = client.account else { return }
        submit(.readMarker(account: fold(account), target: channel.folded),
               thenNames ? .joinMarker(client.linkID, channel: channel.folded) : .markerQuery(client.linkID, target: channel.name))
    }

    /// The marker a JOIN waited for: MARKREAD, then the names of the channel.
    func joinMarkerAnswered(_ client: Client, channel folded: String, _ answer: StorageAnswer?) {
        guard let channel = channels[folded], channel.members[client.id] != nil else { return }
        if case .marker(let time)? = answer { send(markread(channel.name, time), to: client) }
        sendNames(client, channel)
    }

    /// `MARKREAD <target> timestamp=…|*` from the server.
    func markread(_ target: String, _ time: ServerInstant?) -> IRCMessage {
        IRCMessage(source: serverSource, command: "MARKREAD", parameters: [target, time.map { "timestamp=" + $0.iso8601 } ?? "*"])
    }

    /// `*`, `timestamp=…` or `msgid=…`; `nil` when malformed.
    static func anchor(_ text: String) -> HistoryAnchor? {
        if text == "*" { return HistoryAnchor.none }
        if text.hasPrefix("timestamp=") {
            return ServerInstant(iso8601: String(text.dropFirst(10))).map(HistoryAnchor.time)
        }
        if text.hasPrefix("msgid="), text.count > 6 { return .msgid(String(text.dropFirst(6))) }
        return nil
    }
}

extension ServerInstant {
    /// Parses `YYYY-MM-DDThh:mm:ss[.sss]Z` (UTC), the `server-time` form.
    public init?(iso8601 text: String) {
        let b = Array(text.utf8)
        guard b.count >= 20, b.last == UInt8(ascii: "Z"), b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":") else { return nil }
        func num(_ r: Range<Int>) -> Int64? {
            var v: Int64 = 0
            for i in r {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                v = v * 10 + Int64(b[i] - 0x30)
            }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10), let hh = num(11..<13), let mm = num(14..<16),
              let ss = num(17..<19), (1...12).contains(m), (1...31).contains(d), hh < 24, mm < 60, ss < 61 else { return nil }
        var ms: Int64 = 0
        if b.count > 20 {
            guard b[19] == UInt8(ascii: "."), b.count - 21 >= 1, b.count - 21 <= 9, let frac = num(20..<(b.count - 1)) else { return nil }
            var f = frac
            var digits = b.count - 21
            while digits > 3 { f /= 10; digits -= 1 }
            while digits < 3 { f *= 10; digits += 1 }
            ms = f
        } else if b.count != 20 {
            return nil
        }
        // Days since the epoch from a civil date (Howard Hinnant's algorithm).
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let mp = m > 2 ? m - 3 : m + 9
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        self.init(milliseconds: ((days * 24 + hh) * 60 + mm) * 60_000 + ss * 1000 + ms)
    }
}
