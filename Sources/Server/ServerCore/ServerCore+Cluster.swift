import IRCProtocol

/// Cluster mode (issue 14): several servers on one PostgreSQL database as one network.
///
/// Every node keeps the whole network in its core: its own users with their connections,
/// and the other nodes' users as *remote* users (`Client.node` set, no connections), so
/// NAMES, WHO, WHOIS, LUSERS and MONITOR answer for the network with the code that answers
/// for one server. What a node's own user does that others must see (registering, NICK,
/// JOIN, PART, messages, QUIT) leaves as a `ClusterEvent` in the outbox; the adapter
/// commits it with the outbox's history and publishes it in that transaction, and the
/// outbox's deliveries wait for the commit. Events from other nodes come back in through
/// `clusterReceived`, in commit order, and are relayed to this node's users only.
///
/// Nicks are claimed in the database (`StorageRequest.claimNick`) before registration
/// completes and before a NICK change, so of two users asking for one nick on two nodes at
/// the same moment exactly one gets it.
extension ServerCore {
    /// Queues an event for the other nodes (nothing outside cluster mode).
    func publish(_ kind: ClusterEvent.Kind) {
        guard let node = config.node else { return }
        outbox.cluster.append(ClusterEvent(origin: node, kind: kind))
    }

    /// Tells the other nodes about a user of ours that just registered.
    func publishUser(_ client: Client) {
        guard let nick = client.nick else { return }
        publish(.user(nick: nick, user: client.user ?? "*", host: client.host, account: client.account, realname: client.realname))
        for (key, value) in client.metadata.sorted(by: { $0.key < $1.key }) {
            publish(.metadata(nick: nick, key: key, value: value))
        }
    }

    /// Whether channel messages go through the cluster: always in cluster mode, even when
    /// every member we know of is ours — someone on another node may have joined a moment
    /// ago, and its JOIN is still on the way to us. Our own members get the message when the
    /// event comes back (`ownChannelMessage`), so every node shows a channel's messages in
    /// one order, the database's commit order.
    var channelMessagesGoThroughCluster: Bool { config.node != nil }

    /// Publishes a private message to a user of another node.
    func publishMessage(_ relay: Relay, to target: Client) {
        guard target.node != nil else { return }
        publishLine(relay)
    }

    /// Publishes a line one of our users caused: a channel message, or a change every node
    /// applies (MODE, TOPIC, KICK, INVITE, AWAY, ACCOUNT, SETNAME): see `remoteLine`.
    func publishLine(_ relay: Relay) {
        guard config.node != nil else { return }
        publish(.message(line: relay.message.serialized()))
    }

    /// Whether a nick must be claimed in the database before `client` may use it.
    func mustClaim(_ client: Client, folded: String) -> Bool {
        config.node != nil && client.node == nil && client.claimedNick != folded
    }

    /// Asks the database for `nick` on behalf of `client` (registration, or a NICK change);
    /// the client's later lines wait for the answer (`nickClaimed`).
    func claimNick(_ client: Client, nick: String, registering: Bool) {
        guard let node = config.node else { return }
        if registering { client.awaitingStorage = true }
        submit(.claimNick(folded: fold(nick), nick: nick, node: node, releasing: registering ? nil : client.claimedNick),
               .nickClaim(client.linkID, registering ? nil : takeLabel(client), nick: nick, registering: registering))
    }

    /// The database's answer to a nick claim.
    func nickClaimed(_ client: Client, nick: String, registering: Bool, _ answer: StorageAnswer?) {
        let granted = answer == .claimed(true)
        if registering {
            client.awaitingStorage = false
            guard granted, client.nick == nick else {
                if let folded = client.foldedNick, nicks[folded] === client { nicks.removeValue(forKey: folded) }
                client.nick = nil
                client.foldedNick = nil
                client.refreshSource()
                refuseNick(client, nick, answer)
                return
            }
            client.claimedNick = fold(nick)
            releaseFromDepartedHolder(fold(nick))
            completeRegistrationIfReady(client)
            return
        }
        guard granted else {
            refuseNick(client, nick, answer)
            return
        }
        let from = client.displayNick
        client.claimedNick = fold(nick)
        releaseFromDepartedHolder(fold(nick))
        changeNick(client, to: nick)
        publish(.nick(from: from, to: nick))
    }

    /// 433 when another node holds the nick; a FAIL when the database did not answer.
    private func refuseNick(_ client: Client, _ nick: String, _ answer: StorageAnswer?) {
        if answer == nil {
            fail(client, command: "NICK", code: "TEMPORARILY_UNAVAILABLE", context: [nick],
                 description: "The network's database is not answering; try again")
        } else {
            reply(client, .errNicknameInUse, nick, "Nickname is already in use")
        }
    }

    /// The database gave us `folded`, so a user of another node still holding it here has
    /// left it (its QUIT, NICK or LOST is on the way): the nick is ours; the departing user
    /// stays known by its node and nick until that event comes (`remoteUser`).
    private func releaseFromDepartedHolder(_ folded: String) {
        if let holder = nicks[folded], holder.node != nil { nicks.removeValue(forKey: folded) }
    }

    // MARK: Events from other nodes

    /// One of our users' channel messages, back from the cluster in commit order: now our
    /// other members of the channel get it (the sender had its echo at the commit).
    private func ownChannelMessage(_ line: String) {
        guard let message = try? IRCMessage(parsing: Array(line.utf8), limits: .unlimited),
              ["PRIVMSG", "NOTICE", "TAGMSG"].contains(message.command),
              let target = message[parameter: 0], IRCNames.isChannel(target),
              let channel = channels[fold(target)], let name = message.source?.name else { return }
        let sender = nicks[fold(name)].flatMap { $0.node == nil ? $0 : nil }
        var relayed = Relay(message)
        relayToLocalMembers(&relayed, of: channel, except: sender, having: message.command == "TAGMSG" ? .messageTags : [])
    }

    /// An event from the cluster, in commit order.
    public func clusterReceived(_ event: ClusterEvent, now: ServerInstant) {
        self.now = now
        actor = nil
        guard let node = config.node else { return }
        if event.origin == node {
            // Our own come back too: only a LOST we published for another node (we reaped
            // it) still has work for us.
            switch event.kind {
            case .lost(let lost) where lost != node:
                break
            case .message(let line):
                ownChannelMessage(line)
                return
            default:
                return
            }
        }
        switch event.kind {
        case .hello:
            announceEverything()
        case .user(let nick, let user, let host, let account, let realname):
            addRemoteUser(node: event.origin, nick: nick, user: user, host: host, account: account, realname: realname)
        case .nick(let from, let to):
            guard let client = remoteUser(from, of: event.origin) else { return }
            let folded = fold(to)
            if let holder = nicks[folded], holder !== client, holder.registered { return }
            changeNick(client, to: to)
        case .quit(let nick, let reason):
            guard let client = remoteUser(nick, of: event.origin) else { return }
            removeClient(client, quitReason: reason)
        case .join(let nick, let name, let status):
            guard let client = remoteUser(nick, of: event.origin) else { return }
            remoteJoin(client, name, status: status)
        case .part(let nick, let name, let reason):
            guard let client = remoteUser(nick, of: event.origin), let channel = client.channels[fold(name)] else { return }
            part(client, channel, reason: reason)
        case .message(let line):
            remoteLine(line, from: event.origin)
        case .metadata(let nick, let key, let value):
            guard let client = remoteUser(nick, of: event.origin), Self.metadataKey(key) == key,
                  (value?.utf8.count ?? 0) <= config.metadata.maxValueBytes else { return }
            var values = client.metadata
            values[key] = value
            guard values != client.metadata, value == nil || values.count <= config.metadata.maxKeys else { return }
            applyMetadata(client, .user(client), nick, values, changed: [(key, value)])
        case .channel(let name, let topic, let setBy, let setAt, let modes):
            guard let channel = channels[fold(name)], let flags = modes.first else { return }
            channel.topic = topic
            channel.topicSetBy = setBy
            channel.topicSetAt = setAt
            for flag: Character in ["i", "m", "n", "s", "t"] { _ = setFlag(channel, flag, false) }
            channel.key = nil
            channel.limit = nil
            channel.bans.removeAll()
            applyRemoteModes(channel, flags, Array(modes.dropFirst()), setBy: nil)
        case .ban(let name, let mask, let setBy, let setAt):
            guard let channel = channels[fold(name)], !mask.contains(" "),
                  !channel.bans.contains(where: { fold($0.mask) == fold(mask) }), channel.bans.count < config.maxBans else { return }
            channel.bans.append(ListEntry(mask: mask, setBy: setBy, setAt: setAt))
        case .lost(let lost):
            if lost == node {
                // The others gave us up (we missed our heartbeats): our users are gone for
                // them, so they go here too, and the adapter starts us afresh.
                clusterLost(reason: "This node lost the network's database", now: now)
            } else {
                for client in clients.values where client.node == lost {
                    removeClient(client, quitReason: "node lost")
                }
            }
        }
    }

    /// This node lost the database (or was given up by the others): every user of ours is
    /// disconnected (their clients move to another node) and the others' users are
    /// forgotten without a word; a HELLO brings them back when the database does.
    public func clusterLost(reason: String, now: ServerInstant) {
        self.now = now
        actor = nil
        for client in Array(clients.values) where client.node == nil {
            closeUser(client, error: reason, quitReason: reason)
        }
        for client in Array(clients.values) where client.node != nil {
            forgetRemoteUser(client)
        }
        // Nothing of this goes out: the database is what failed, and the others free our
        // nicks when they give this node up.
        outbox.cluster.removeAll()
    }

    /// Another node (re)started: tell it about every user of ours and their channels.
    private func announceEverything() {
        for client in clients.values where client.node == nil && client.registered {
            publishUser(client)
            if let away = client.away {
                publish(.message(line: IRCMessage(source: client.source, command: "AWAY", parameters: [away]).serialized()))
            }
            guard let nick = client.nick else { continue }
            for channel in client.channels.values.sorted(by: { $0.folded < $1.folded }) {
                let status = channel.status(of: client.id)?.prefix(multi: true) ?? ""
                publish(.join(nick: nick, channel: channel.name, status: status))
            }
        }
        for channel in channels.values.sorted(by: { $0.folded < $1.folded })
        where channel.members.values.contains(where: { $0.client.node == nil }) {
            publish(.channel(name: channel.name, topic: channel.topic, topicSetBy: channel.topicSetBy,
                             topicSetAt: channel.topicSetAt, modes: channel.modeString(showKey: true)))
            for ban in channel.bans {
                publish(.ban(channel: channel.name, mask: ban.mask, setBy: ban.setBy, setAt: ban.setAt))
            }
        }
    }

    private func remoteUser(_ nick: String, of node: String) -> Client? {
        let folded = fold(nick)
        if let client = nicks[folded], client.node == node { return client }
        // One whose nick was given to someone else before its own event arrived.
        return clients.values.first { $0.node == node && $0.foldedNick == folded }
    }

    private func addRemoteUser(node: String, nick: String, user: String, host: String, account: String?, realname: String) {
        let folded = fold(nick)
        if let holder = nicks[folded] {
            if holder.node == node { return }
            // The database gave the nick to `node`: one of ours still registering that asked
            // for it locally will hear 433 from its own claim.
            if holder.registered { return }
        }
        ext.nextRemoteUser &+= 1
        let client = Client(id: ClientID(1 << 63 | ext.nextRemoteUser), ip: host, now: now)
        client.links = []
        client.node = node
        client.nick = nick
        client.foldedNick = folded
        client.user = user
        client.realname = realname
        client.account = account
        client.registered = true
        client.refreshSource()
        clients[client.id] = client
        nicks[folded] = client
        registeredCount += 1
        ext.remoteUsers += 1
        maxClientsSeen = max(maxClientsSeen, registeredCount)
        monitorOnline(client)
    }

    /// Drops a remote user without telling anyone (this node is leaving the network).
    private func forgetRemoteUser(_ client: Client) {
        for channel in client.channels.values {
            channel.remove(client.id)
            if channel.members.isEmpty { channels.removeValue(forKey: channel.folded) }
        }
        client.channels.removeAll()
        if let folded = client.foldedNick, nicks[folded] === client { nicks.removeValue(forKey: folded) }
        clients.removeValue(forKey: client.id)
        registeredCount -= 1
        ext.remoteUsers -= 1
    }

    private func remoteJoin(_ client: Client, _ name: String, status: String) {
        guard IRCNames.isValidChannelName(name, maxLength: config.maxChannelLength) else { return }
        let folded = fold(name)
        if client.channels[folded] != nil { return }
        let channel: Channel
        if let existing = channels[folded] {
            channel = existing
        } else {
            channel = Channel(name: name, folded: folded, createdAt: now.seconds)
            channels[folded] = channel
        }
        var memberStatus: MemberStatus = []
        if status.contains("@") { memberStatus.insert(.op) }
        if status.contains("+") { memberStatus.insert(.voice) }
        channel.add(client, status: memberStatus)
        client.channels[folded] = channel
        let tags = userTags(client)
        var plain = Relay(IRCMessage(tags: tags, source: client.source, command: "JOIN", parameters: [channel.name]))
        var extended = Relay(IRCMessage(tags: tags, source: client.source, command: "JOIN",
                                        parameters: [channel.name, client.account ?? "*", client.realname]))
        for member in channel.members.values where member.client.node == nil {
            relay(&extended, else: &plain, to: member.client, having: .extendedJoin)
        }
    }

    /// A line a user of another node caused: a message to our members of the channel or to
    /// our user it names, or a change (MODE, TOPIC, KICK, INVITE, AWAY, ACCOUNT, SETNAME) that this
    /// node applies to its copy of the network and relays to its own users, as the origin did.
    private func remoteLine(_ line: String, from node: String) {
        guard let message = try? IRCMessage(parsing: Array(line.utf8), limits: .unlimited),
              let sender = message.source?.name, let client = remoteUser(sender, of: node) else { return }
        var relayed = Relay(message)
        let p = message.parameters
        switch message.command {
        case "PRIVMSG", "NOTICE", "TAGMSG":
            guard let target = p.first else { return }
            let needed: CapabilitySet = message.command == "TAGMSG" ? .messageTags : []
            if IRCNames.isChannel(target) {
                guard let channel = client.channels[fold(target)] else { return }
                relayToLocalMembers(&relayed, of: channel, having: needed)
            } else if let recipient = nicks[fold(target)], recipient.node == nil, recipient.registered {
                relay(&relayed, to: recipient, having: needed)
            }
        case "TOPIC":
            guard p.count == 2, let channel = channels[fold(p[0])] else { return }
            channel.topic = p[1].isEmpty ? nil : p[1]
            channel.topicSetBy = client.source.description
            channel.topicSetAt = now.seconds
            relayToLocalMembers(&relayed, of: channel)
        case "MODE":
            guard p.count >= 2, let channel = channels[fold(p[0])] else { return }
            applyRemoteModes(channel, p[1], Array(p.dropFirst(2)), setBy: client)
            relayToLocalMembers(&relayed, of: channel)
        case "KICK":
            guard p.count >= 2, let channel = channels[fold(p[0])], let target = nicks[fold(p[1])],
                  channel.members[target.id] != nil else { return }
            relayToLocalMembers(&relayed, of: channel)
            leave(target, channel)
        case "INVITE":
            guard p.count == 2, let target = nicks[fold(p[0])], let channel = channels[fold(p[1])] else { return }
            channel.invited.insert(target.id)
            if target.node == nil { relay(&relayed, to: target) }
            for member in channel.members.values where member.client.node == nil && member.client !== target
            && (!channel.inviteOnly || member.status.contains(.op)) {
                relay(&relayed, to: member.client, having: .inviteNotify)
            }
        case "AWAY":
            client.away = p.first.flatMap { $0.isEmpty ? nil : $0 }
            relayToLocalNeighbours(&relayed, of: client, having: .awayNotify)
        case "ACCOUNT":
            guard let account = p.first else { return }
            client.account = account == "*" ? nil : account
            relayToLocalNeighbours(&relayed, of: client, having: .accountNotify)
        case "SETNAME":
            guard let name = p.first else { return }
            client.realname = name
            relayToLocalNeighbours(&relayed, of: client, having: .setname)
        default:
            return
        }
    }

    /// To this node's members of `channel` (but `except`) that have `cap`.
    private func relayToLocalMembers(_ relayed: inout Relay, of channel: Channel, except: Client? = nil,
                                     having cap: CapabilitySet = []) {
        for member in channel.members.values where member.client.node == nil && member.client !== except {
            relay(&relayed, to: member.client, having: cap)
        }
    }

    private func relayToLocalNeighbours(_ relayed: inout Relay, of client: Client, having cap: CapabilitySet) {
        for other in neighbours(of: client) where other.node == nil {
            relay(&relayed, to: other, having: cap)
        }
    }

    /// Applies a channel MODE change another node accepted (already checked there).
    private func applyRemoteModes(_ channel: Channel, _ modes: String, _ parameters: [String], setBy client: Client?) {
        var args = parameters.makeIterator()
        var adding = true
        for ch in modes {
            switch ch {
            case "+": adding = true
            case "-": adding = false
            case "b":
                guard let mask = args.next() else { continue }
                if adding {
                    if !channel.bans.contains(where: { fold($0.mask) == fold(mask) }) {
                        channel.bans.append(ListEntry(mask: mask, setBy: client?.source.description ?? config.serverName, setAt: now.seconds))
                    }
                } else {
                    channel.bans.removeAll { fold($0.mask) == fold(mask) }
                }
            case "o", "v":
                guard let nick = args.next(), let target = nicks[fold(nick)], var member = channel.members[target.id] else { continue }
                let flag: MemberStatus = ch == "o" ? .op : .voice
                if adding { member.status.insert(flag) } else { member.status.remove(flag) }
                channel.setStatus(member.status, of: target.id)
            case "k":
                let key = args.next()
                channel.key = adding ? key : nil
            case "l":
                if adding {
                    guard let raw = args.next(), let limit = Int(raw) else { continue }
                    channel.limit = limit
                } else {
                    channel.limit = nil
                }
            case "i", "m", "n", "s", "t":
                _ = setFlag(channel, ch, adding)
            default:
                continue
            }
        }
    }
}
