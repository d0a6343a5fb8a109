import IRCProtocol

/// draft/metadata-2: key–value pairs on users and channels, and per-connection
/// subscriptions that say which keys a client wants to hear about.
///
/// A user's keys live on the user (`Client.metadata`); a logged-in user's are stored with
/// its account (loaded at login, written before the change is confirmed), a guest's last as
/// long as the connection. A channel's keys live as long as the channel. Subscriptions are
/// per connection (`Link.metadataSubscriptions`).
extension ServerCore {
    /// What a METADATA command is about.
    enum MetadataTarget {
        case user(Client)
        case channel(Channel)
    }

    /// METADATA <target> <GET|LIST|SET|CLEAR|SUB|UNSUB|SUBS|SYNC> [params…]
    func handleMetadata(_ client: Client, _ message: IRCMessage) {
        guard message.parameters.count >= 2 else {
            reply(client, .errNeedMoreParams, "METADATA", "Not enough parameters")
            return
        }
        let sub = message.parameters[1].uppercased()
        let params = Array(message.parameters.dropFirst(2))
        switch sub {
        case "SUB": metadataSubscribe(client, params)
        case "UNSUB": metadataUnsubscribe(client, params)
        case "SUBS": metadataSubscriptions(client)
        case "GET", "LIST", "SET", "CLEAR", "SYNC":
            guard let (target, name) = metadataTarget(client, message.parameters[0]) else {
                fail(client, command: "METADATA", code: "INVALID_TARGET", context: [message.parameters[0]], description: "Invalid metadata target")
                return
            }
            switch sub {
            case "GET": metadataGet(client, target, name, params)
            case "LIST": metadataList(client, target, name)
            case "SET": metadataSet(client, target, name, params)
            case "CLEAR": metadataClear(client, target, name)
            default: metadataSync(client, target, name)
            }
        default:
            fail(client, command: "METADATA", code: "INVALID_SUBCOMMAND", context: [message.parameters[1]], description: "Invalid subcommand")
        }
    }

    /// `*` is oneself (also before registration, the cap's `before-connect`); otherwise a
    /// registered user or an existing channel. Returns the target and its name for replies.
    private func metadataTarget(_ client: Client, _ text: String) -> (MetadataTarget, String)? {
        if text == "*" { return (.user(client), client.displayNick) }
        guard client.registered else { return nil }
        if IRCNames.isChannel(text) { return channel(named: text).map { (.channel($0), $0.name) } }
        guard let user = self.client(named: text), user.registered else { return nil }
        return (.user(user), user.displayNick)
    }

    /// Key names: `A-Z a-z 0-9 _ . : -`, not starting with `:`, compared case-insensitively
    /// (kept in lower case). `nil` when invalid.
    static func metadataKey(_ text: String) -> String? {
        guard !text.isEmpty, text.utf8.count <= 64, text.first != ":",
              text.utf8.allSatisfy({ b in
                  (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                      || b == UInt8(ascii: "_") || b == UInt8(ascii: ".") || b == UInt8(ascii: ":") || b == UInt8(ascii: "-")
              }) else { return nil }
        return text.lowercased()
    }

    private func values(of target: MetadataTarget) -> [String: String] {
        switch target {
        case .user(let user): return user.metadata
        case .channel(let channel): return channel.metadata
        }
    }

    /// A numeric to `client`, inside batch `ref` when there is one.
    private func numeric(_ client: Client, _ numeric: Numeric, _ parameters: [String], batch ref: String?) {
        send(IRCMessage(tags: ref.map { [IRCTag(key: "batch", value: $0)] } ?? [], source: serverSource,
                        command: numeric.rawValue, parameters: [client.displayNick] + parameters), to: client)
    }

    /// `METADATA <target> <key> * [:<value>]` from the server.
    private func metadataMessage(_ name: String, _ key: String, _ value: String?, batch ref: String? = nil,
                                 source: IRCSource? = nil) -> IRCMessage {
        IRCMessage(tags: ref.map { [IRCTag(key: "batch", value: $0)] } ?? [], source: source ?? serverSource, command: "METADATA",
                   parameters: [name, key, "*"] + (value.map { [$0] } ?? []))
    }

    // MARK: Reading

    /// GET: "a metadata batch containing RPL_KEYVALUE, FAIL METADATA KEY_INVALID,
    /// ERR_NOMATCHINGKEY for every key in order".
    private func metadataGet(_ client: Client, _ target: MetadataTarget, _ name: String, _ keys: [String]) {
        guard !keys.isEmpty else {
            reply(client, .errNeedMoreParams, "METADATA", "Not enough parameters")
            return
        }
        let stored = values(of: target)
        withBatch(client, type: "metadata", parameters: [name]) { ref in
            for text in keys {
                guard let key = Self.metadataKey(text) else {
                    send(IRCMessage(tags: ref.map { [IRCTag(key: "batch", value: $0)] } ?? [], source: serverSource, command: "FAIL",
                                    parameters: ["METADATA", "INVALID_KEY", text, "Invalid key"]), to: client)
                    continue
                }
                if let value = stored[key] {
                    numeric(client, .rplKeyValue, [name, key, "*", value], batch: ref)
                } else {
                    numeric(client, .errNoMatchingKey, [name, key, "No matching key"], batch: ref)
                }
            }
        }
    }

    /// LIST: every key of the target in a metadata batch.
    private func metadataList(_ client: Client, _ target: MetadataTarget, _ name: String) {
        let stored = values(of: target)
        withBatch(client, type: "metadata", parameters: [name]) { ref in
            for (key, value) in stored.sorted(by: { $0.key < $1.key }) {
                numeric(client, .rplKeyValue, [name, key, "*", value], batch: ref)
            }
        }
    }

    /// SYNC: the subscribed keys of the target (of a channel: and of its members) as
    /// METADATA messages in a metadata batch.
    private func metadataSync(_ client: Client, _ target: MetadataTarget, _ name: String) {
        let subscribed = client.link.metadataSubscriptions
        withBatch(client, type: "metadata", parameters: [name]) { ref in
            switch target {
            case .user(let user):
                for (key, value) in user.metadata.sorted(by: { $0.key < $1.key }) where subscribed.contains(key) {
                    send(metadataMessage(name, key, value, batch: ref), to: client)
                }
            case .channel(let channel):
                sendSubscribedMetadata(client, of: channel, batch: ref)
            }
        }
    }

    /// What a member learns of a channel it is in: the channel's subscribed keys, then each
    /// other member's.
    private func sendSubscribedMetadata(_ client: Client, of channel: Channel, batch ref: String?) {
        let subscribed = client.link.metadataSubscriptions
        guard !subscribed.isEmpty else { return }
        for (key, value) in channel.metadata.sorted(by: { $0.key < $1.key }) where subscribed.contains(key) {
            send(metadataMessage(channel.name, key, value, batch: ref), to: client)
        }
        for member in channel.orderedMembers where member.client !== client {
            for (key, value) in member.client.metadata.sorted(by: { $0.key < $1.key }) where subscribed.contains(key) {
                send(metadataMessage(member.client.displayNick, key, value, batch: ref), to: client)
            }
        }
    }

    /// After a JOIN: "users will get the channel's current metadata … and the same
    /// information for all users who are in the channel … for the keys they are subscribed to".
    /// The members already there hear the joiner's keys they subscribed to ("Clients MAY
    /// also receive metadata notifications" beyond what the spec lists): a pet in the channel
    /// learns a newcomer's look without asking.
    func sendMetadataAfterJoin(_ client: Client, _ channel: Channel) {
        if client.caps.contains(.metadata) { sendSubscribedMetadata(client, of: channel, batch: nil) }
        guard !client.metadata.isEmpty else { return }
        for member in channel.orderedMembers where member.client !== client {
            for link in member.client.links where link.caps.contains(.metadata) && !link.metadataSubscriptions.isEmpty {
                for (key, value) in client.metadata.sorted(by: { $0.key < $1.key }) where link.metadataSubscriptions.contains(key) {
                    outbox.send(metadataMessage(client.displayNick, key, value, source: client.source), to: link.id)
                }
            }
        }
    }

    /// At the end of registration (and to each further connection of a user): "clients
    /// receive their non-transient metadata … in a metadata batch with their own nick as
    /// target. If none exists, the server MUST send an empty batch instead."
    func sendOwnMetadata(_ client: Client) {
        guard client.caps.contains(.metadata) else { return }
        let name = client.displayNick
        withBatch(client, type: "metadata", parameters: [name]) { ref in
            for (key, value) in client.metadata.sorted(by: { $0.key < $1.key }) {
                send(metadataMessage(name, key, value, batch: ref), to: client)
            }
        }
    }

    // MARK: Changing

    /// SET <key> [:value]: on oneself, or on a channel one is an operator of.
    private func metadataSet(_ client: Client, _ target: MetadataTarget, _ name: String, _ params: [String]) {
        guard let text = params.first else {
            reply(client, .errNeedMoreParams, "METADATA", "Not enough parameters")
            return
        }
        guard let key = Self.metadataKey(text) else {
            fail(client, command: "METADATA", code: "INVALID_KEY", context: [text], description: "Invalid key")
            return
        }
        guard mayChange(client, target) else {
            fail(client, command: "METADATA", code: "KEY_NO_PERMISSION", context: [name, key], description: "Permission denied")
            return
        }
        var updated = values(of: target)
        let value = params.count > 1 ? params[1] : nil
        if let value {
            guard value.utf8.count <= config.metadata.maxValueBytes else {
                fail(client, command: "METADATA", code: "VALUE_INVALID",
                     description: "Values are at most \(config.metadata.maxValueBytes) bytes")
                return
            }
            guard updated[key] != nil || updated.count < config.metadata.maxKeys else {
                fail(client, command: "METADATA", code: "LIMIT_REACHED", context: [name], description: "Metadata limit reached")
                return
            }
            updated[key] = value
        } else {
            guard updated.removeValue(forKey: key) != nil else {
                reply(client, .errKeyNotSet, name, key, "Key not set")
                return
            }
        }
        if case .user(let user) = target, let account = user.account, features.accounts {
            // Written before it is confirmed or anyone hears of it.
            submit(.replaceMetadata(account: fold(account), values: updated),
                   .metadataSet(client.linkID, takeLabel(client), key: key, value: value))
            return
        }
        applyMetadata(client, target, name, updated, changed: [(key, value)])
        confirmSet(client, name, key, value)
    }

    /// SET's answer: RPL_KEYVALUE with the new value; a removal names the key with no value
    /// (766, as ergo; irctest testSetUnsetUser).
    private func confirmSet(_ client: Client, _ name: String, _ key: String, _ value: String?) {
        if let value {
            reply(client, .rplKeyValue, name, key, "*", value)
        } else {
            reply(client, .errNoMatchingKey, name, key, "Key removed")
        }
    }

    /// CLEAR: every key of the target, each answered with RPL_KEYVALUE without a value.
    private func metadataClear(_ client: Client, _ target: MetadataTarget, _ name: String) {
        guard mayChange(client, target) else {
            fail(client, command: "METADATA", code: "KEY_NO_PERMISSION", context: [name, "*"], description: "Permission denied")
            return
        }
        let cleared = values(of: target).keys.sorted()
        if case .user(let user) = target, let account = user.account, features.accounts, !cleared.isEmpty {
            submit(.replaceMetadata(account: fold(account), values: [:]), .metadataCleared(client.linkID, takeLabel(client), keys: cleared))
            return
        }
        applyMetadata(client, target, name, [:], changed: cleared.map { ($0, nil) })
        sendCleared(client, name, cleared)
    }

    private func sendCleared(_ client: Client, _ name: String, _ keys: [String]) {
        withBatch(client, type: "metadata", parameters: [name]) { ref in
            for key in keys { numeric(client, .rplKeyValue, [name, key, "*"], batch: ref) }
        }
    }

    private func mayChange(_ client: Client, _ target: MetadataTarget) -> Bool {
        switch target {
        case .user(let user): return user === client
        case .channel(let channel): return channel.isOp(client.id)
        }
    }

    /// Makes `values` the target's and tells who follows it: for a user, its neighbours and
    /// its other connections ("excluding changes they make themselves"); for a channel, its
    /// members — each connection that negotiated the cap and subscribed to the key.
    func applyMetadata(_ client: Client, _ target: MetadataTarget, _ name: String, _ values: [String: String],
                               changed: [(String, String?)]) {
        let recipients: [Client]
        switch target {
        case .user(let user):
            user.metadata = values
            recipients = [user] + neighbours(of: user)
            if user.node == nil, user.registered, let nick = user.nick {
                for (key, value) in changed { publish(.metadata(nick: nick, key: key, value: value)) }
            }
        case .channel(let channel):
            channel.metadata = values
            recipients = channel.orderedMembers.map(\.client)
        }
        for (key, value) in changed {
            let message = metadataMessage(name, key, value, source: client.registered ? client.source : nil)
            for user in recipients {
                for link in user.links where link !== client.link && link.caps.contains(.metadata) && link.metadataSubscriptions.contains(key) {
                    outbox.send(message, to: link.id)
                }
            }
        }
    }

    /// A metadata write answered by storage: apply and confirm, or say it failed.
    func metadataStored(_ client: Client, key: String?, value: String?, cleared: [String], _ answer: StorageAnswer?) {
        guard case .metadata(let values)? = answer else {
            fail(client, command: "METADATA", code: "INTERNAL_ERROR", context: [key ?? "*"], description: "Could not store the metadata")
            return
        }
        let name = client.displayNick
        if let key {
            applyMetadata(client, .user(client), name, values, changed: [(key, value)])
            confirmSet(client, name, key, value)
        } else {
            applyMetadata(client, .user(client), name, values, changed: cleared.map { ($0, nil) })
            sendCleared(client, name, cleared)
        }
    }

    /// After a SASL login: the account's stored keys, merged under what the connection set
    /// before logging in (which is then stored too). Registration waits for them.
    func loadAccountMetadata(_ client: Client) {
        guard features.accounts, let account = client.account else { return }
        client.awaitingStorage = true
        submit(.metadata(account: fold(account)), .metadataLoad(client.linkID))
    }

    func accountMetadataLoaded(_ client: Client, _ answer: StorageAnswer?) {
        client.awaitingStorage = false
        guard case .metadata(let stored)? = answer else { return }
        let merged = stored.merging(client.metadata) { _, set in set }
        client.metadata = merged
        if merged != stored, let account = client.account {
            submit(.replaceMetadata(account: fold(account), values: merged), .metadataSaved(client.linkID))
        }
    }

    // MARK: Subscriptions

    /// SUB: each key in order; valid ones are subscribed (770 lists them), invalid ones get
    /// FAIL INVALID_KEY, and at the limit FAIL TOO_MANY_SUBS names the first key not taken.
    private func metadataSubscribe(_ client: Client, _ keys: [String]) {
        forEachKey(client, keys, answer: .rplMetadataSubOK) { key, text in
            let subs = client.link.metadataSubscriptions
            guard subs.contains(key) || subs.count < config.metadata.maxSubscriptions else {
                fail(client, command: "METADATA", code: "TOO_MANY_SUBS", context: [text], description: "Too many subscriptions")
                return false
            }
            client.link.metadataSubscriptions.insert(key)
            return true
        }
    }

    /// UNSUB: every valid key is answered in 771, subscribed or not.
    private func metadataUnsubscribe(_ client: Client, _ keys: [String]) {
        forEachKey(client, keys, answer: .rplMetadataUnsubOK) { key, _ in
            client.link.metadataSubscriptions.remove(key)
            return true
        }
    }

    /// Runs `body` on each valid key in order (FAIL INVALID_KEY for the others) until it
    /// returns false, then lists the keys it took, each once, in `answer`.
    private func forEachKey(_ client: Client, _ keys: [String], answer: Numeric, _ body: (String, String) -> Bool) {
        guard !keys.isEmpty else {
            reply(client, .errNeedMoreParams, "METADATA", "Not enough parameters")
            return
        }
        var ok: [String] = []
        for text in keys {
            guard let key = Self.metadataKey(text) else {
                fail(client, command: "METADATA", code: "INVALID_KEY", context: [text], description: "Invalid key")
                continue
            }
            guard body(key, text) else { break }
            if !ok.contains(key) { ok.append(key) }
        }
        sendKeyList(client, answer, ok)
    }

    /// SUBS: the subscribed keys, each once, in 772s (none: no reply).
    private func metadataSubscriptions(_ client: Client) {
        sendKeyList(client, .rplMetadataSubs, client.link.metadataSubscriptions.sorted())
    }

    /// Keys as separate parameters, several numerics when they do not fit one line.
    private func sendKeyList(_ client: Client, _ numeric: Numeric, _ keys: [String]) {
        var chunk: [String] = []
        var length = 0
        for key in keys {
            if !chunk.isEmpty && (length + key.utf8.count > 400 || chunk.count >= 12) {
                reply(client, numeric, parameters: chunk)
                chunk = []
                length = 0
            }
            chunk.append(key)
            length += key.utf8.count + 1
        }
        if !chunk.isEmpty { reply(client, numeric, parameters: chunk) }
    }
}
