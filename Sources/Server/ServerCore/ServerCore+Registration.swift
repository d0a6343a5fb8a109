import IRCProtocol

extension ServerCore {
    /// PASS <password>
    func handlePass(_ client: Client, _ message: IRCMessage) {
        if client.registered {
            reply(client, .errAlreadyRegistered, "You may not reregister")
            return
        }
        client.password = message.parameters[0]
    }

    /// NICK <nickname>
    func handleNick(_ client: Client, _ message: IRCMessage) {
        client.sentNick = true
        guard let nick = message[parameter: 0], !nick.isEmpty else {
            reply(client, .errNoNicknameGiven, "No nickname given")
            return
        }
        guard IRCNames.isValidNickname(nick, maxLength: config.maxNickLength) else {
            reply(client, .errErroneusNickname, nick, "Erroneous nickname")
            return
        }
        let folded = fold(nick)
        if let holder = nicks[folded], holder !== client {
            // A connection still registering may ask for the nick of a user logged in to an
            // account: whether it may join that user (multiclient, always-on) is known once it
            // has logged in, so the answer waits for the end of registration.
            if !client.registered && mayJoinLater(holder) {
                if let old = client.foldedNick, nicks[old] === client { nicks.removeValue(forKey: old) }
                client.nick = nick
                client.foldedNick = folded
                client.refreshSource()
                completeRegistrationIfReady(client)
                return
            }
            reply(client, .errNicknameInUse, nick, "Nickname is already in use")
            return
        }
        if nick == client.nick { return }
        if client.registered && nickReserved(nick, for: client) {
            reply(client, .errNicknameInUse, nick, "Nickname is reserved by a registered account; log in to use it")
            return
        }
        guard client.registered else {
            if let old = client.foldedNick, nicks[old] === client { nicks.removeValue(forKey: old) }
            client.nick = nick
            client.foldedNick = folded
            nicks[folded] = client
            client.refreshSource()
            completeRegistrationIfReady(client)
            return
        }
        if mustClaim(client, folded: folded) {
            claimNick(client, nick: nick, registering: false)
            return
        }
        let from = client.displayNick
        changeNick(client, to: nick)
        publish(.nick(from: from, to: nick))
    }

    /// A registered user takes `nick` (free, checked): everyone sharing a channel hears it.
    func changeNick(_ client: Client, to nick: String) {
        let folded = fold(nick)
        var change = Relay(IRCMessage(tags: userTags(client), source: client.source, command: "NICK", parameters: [nick]))
        rememberWhowas(client)
        if let old = client.foldedNick, nicks[old] === client { nicks.removeValue(forKey: old) }
        client.nick = nick
        client.foldedNick = folded
        nicks[folded] = client
        client.refreshSource()
        relay(&change, to: client)
        for other in neighbours(of: client) { relay(&change, to: other) }
        // A nick that only changes case stays the same MONITOR target: nothing to report
        // (ergo; irctest testNickChange).
        if let old = change.message.source?.name, fold(old) != folded {
            monitorOffline(old)
            monitorOnline(client)
        }
    }

    /// USER <username> <mode> <unused> <realname>
    func handleUser(_ client: Client, _ message: IRCMessage) {
        if client.registered {
            reply(client, .errAlreadyRegistered, "You may not reregister")
            return
        }
        let user = message.parameters[0]
        // An empty realname is refused too: the spec is silent, ergo answers 461.
        guard !user.isEmpty, user.utf8.allSatisfy({ $0 > 0x20 && $0 != UInt8(ascii: "@") }), !message.parameters[3].isEmpty else {
            reply(client, .errNeedMoreParams, "USER", "Not enough parameters")
            return
        }
        client.user = String(user.prefix(config.maxUserLength))
        client.realname = String(message.parameters[3].prefix(config.maxRealnameLength))
        client.refreshSource()
        completeRegistrationIfReady(client)
    }

    /// CAP LS [version] | CAP LIST | CAP REQ :<caps> | CAP END
    func handleCap(_ client: Client, _ message: IRCMessage) {
        let sub = message.parameters[0].uppercased()
        switch sub {
        case "LS":
            if !client.registered { client.capNegotiating = true }
            let version = Int(message[parameter: 1] ?? "") ?? 0
            client.capVersion = max(client.capVersion, version)
            if client.capVersion >= 302 { client.caps.insert(.capNotify) }
            send(capMessage(client, "LS", capList(withValues: client.capVersion >= 302)), to: client)
        case "LIST":
            send(capMessage(client, "LIST", client.caps.wireNames.joined(separator: " ")), to: client)
        case "REQ":
            if !client.registered { client.capNegotiating = true }
            let requested = message[parameter: 1] ?? ""
            var add: CapabilitySet = []
            var remove: CapabilitySet = []
            var ok = true
            for word in requested.split(separator: " ") {
                let removing = word.hasPrefix("-")
                guard let cap = CapabilitySet.named(String(removing ? word.dropFirst() : word)), offeredCaps.contains(cap) else {
                    ok = false
                    break
                }
                if removing { remove.insert(cap) } else { add.insert(cap) }
            }
            if ok && !requested.split(separator: " ").isEmpty {
                client.caps.formUnion(add)
                client.caps.subtract(remove)
                send(capMessage(client, "ACK", requested), to: client)
            } else {
                send(capMessage(client, "NAK", requested), to: client)
            }
        case "END":
            guard !client.registered else { return }
            client.capNegotiating = false
            completeRegistrationIfReady(client)
        default:
            reply(client, .errInvalidCapCmd, message.parameters[0], "Invalid CAP command")
        }
    }

    private func capMessage(_ client: Client, _ sub: String, _ list: String) -> IRCMessage {
        IRCMessage(source: serverSource, command: "CAP", parameters: [client.displayNick, sub, list])
    }

    /// PING <token>
    func handlePing(_ client: Client, _ message: IRCMessage) {
        send(IRCMessage(source: serverSource, command: "PONG", parameters: [config.serverName, message.parameters[0]]), to: client)
    }

    /// PONG [<server>] <token>
    func handlePong(_ client: Client, _ message: IRCMessage) {
        // Receiving any line already reset the ping timer.
    }

    /// QUIT [<reason>]
    func handleQuit(_ client: Client, _ message: IRCMessage) {
        let reason = "Quit: " + String((message[parameter: 0] ?? "").prefix(config.maxKickLength))
        closeLink(client, error: reason, quitReason: reason)
    }

    func completeRegistrationIfReady(_ client: Client) {
        guard !client.registered, !client.capNegotiating, client.nick != nil, client.user != nil else { return }
        // A password being checked (SASL) or an account being created holds registration.
        if client.sasl?.verifying == true || client.awaitingStorage { return }
        if client.sasl != nil {
            // sasl-3.1: registration completed during an exchange aborts it (906).
            client.sasl = nil
            reply(client, .errSASLAborted, "SASL authentication aborted")
        }
        if let password = config.password, !constantTimeEqual(client.password ?? "", password) {
            reply(client, .errPasswdMismatch, "Password incorrect")
            closeLink(client, error: "Bad password", quitReason: "Bad password")
            return
        }
        if let nick = client.nick, nickReserved(nick, for: client) {
            reply(client, .errNicknameInUse, nick, "Nickname is reserved by a registered account; log in to use it")
            if let folded = client.foldedNick, nicks[folded] === client { nicks.removeValue(forKey: folded) }
            client.nick = nil
            client.foldedNick = nil
            client.refreshSource()
            return
        }
        if let folded = client.foldedNick, let holder = nicks[folded], holder !== client {
            if mayJoin(client, holder) {
                attach(client, to: holder)
            } else {
                let nick = client.displayNick
                client.nick = nil
                client.foldedNick = nil
                client.refreshSource()
                reply(client, .errNicknameInUse, nick, "Nickname is already in use")
            }
            return
        }
        if config.alwaysOn, let account = client.account,
           let waiting = clients.values.first(where: { $0.links.isEmpty && $0.node == nil && $0.account == account }) {
            // An always-on user with no connection: the account's connection picks it up,
            // whatever nick it asked for.
            attach(client, to: waiting)
            return
        }
        if let folded = client.foldedNick, let nick = client.nick, mustClaim(client, folded: folded) {
            // Cluster mode: the nick is the network's once the database says so.
            claimNick(client, nick: nick, registering: true)
            return
        }
        if let folded = client.foldedNick, nicks[folded] == nil { nicks[folded] = client }
        client.registered = true
        registeredCount += 1
        maxClientsSeen = max(maxClientsSeen, registeredCount)
        maxLocalSeen = max(maxLocalSeen, registeredCount - ext.remoteUsers)
        client.lastActive = now
        publishUser(client)
        sendWelcome(client)
        monitorOnline(client)
    }

    /// Whether a connection still registering that asks for `holder`'s nick may wait to see
    /// if it can join it (it holds an account, and multiclient or always-on is on).
    private func mayJoinLater(_ holder: Client) -> Bool {
        holder.registered && holder.node == nil && holder.account != nil && (config.multiclient || config.alwaysOn)
    }

    /// Whether `client`, at the end of its registration, joins `holder` as one more
    /// connection of the same user: both logged in to the same account, and multiclient on
    /// (or the holder an always-on user without connections).
    private func mayJoin(_ client: Client, _ holder: Client) -> Bool {
        guard holder.registered, holder.node == nil, let mine = client.account, let theirs = holder.account, fold(mine) == fold(theirs) else { return false }
        return config.multiclient || (config.alwaysOn && holder.links.isEmpty)
    }

    /// Makes `newcomer`'s connection one more of `user`: the newcomer gets the welcome as
    /// `user`, then a JOIN, topic, names and read marker of each of its channels; nobody else
    /// hears of it.
    private func attach(_ newcomer: Client, to user: Client) {
        let link = newcomer.link
        clients.removeValue(forKey: newcomer.id)
        if let folded = newcomer.foldedNick, nicks[folded] === newcomer { nicks.removeValue(forKey: folded) }
        newcomer.links = []
        user.links.append(link)
        user.link = link
        connections[link.id] = user
        actor = user
        sendWelcome(user)
        for channel in user.channels.values.sorted(by: { $0.folded < $1.folded }) {
            let tags = userTags(user)
            var plain = Relay(IRCMessage(tags: tags, source: user.source, command: "JOIN", parameters: [channel.name]))
            var extended = Relay(IRCMessage(tags: tags, source: user.source, command: "JOIN",
                                            parameters: [channel.name, user.account ?? "*", user.realname]))
            if user.caps.contains(.extendedJoin) { echo(&extended, to: user) } else { echo(&plain, to: user) }
            if channel.topic != nil { sendTopic(user, channel) }
            sendNames(user, channel)
            sendReadMarkerAfterJoin(user, channel)
        }
    }

    /// 001–004, ISUPPORT, LUSERS and the MOTD.
    private func sendWelcome(_ client: Client) {
        reply(client, .rplWelcome, "Welcome to the \(config.networkName) Network, \(client.source.description)")
        reply(client, .rplYourHost, "Your host is \(config.serverName), running version \(config.version)")
        reply(client, .rplCreated, "This server was created \(createdAt.iso8601)")
        reply(client, .rplMyInfo, config.serverName, config.version, "iow", "biklmnost", "bklov")
        sendISupport(client)
        sendLusers(client)
        sendMotd(client)
        sendOwnMetadata(client)
    }

    /// The ISUPPORT tokens; each one describes what the server really does.
    var isupportTokens: [String] {
        let c = config
        return [
            "AWAYLEN=\(c.maxAwayLength)", "CASEMAPPING=\(c.caseMapping.rawValue)", "CHANLIMIT=#&:\(c.maxChannelsPerClient)",
            "CHANMODES=b,k,l,imnst", "CHANNELLEN=\(c.maxChannelLength)", "CHANTYPES=#&",
            "KICKLEN=\(c.maxKickLength)", "MAXLIST=b:\(c.maxBans)", "MODES=\(c.maxModesPerCommand)",
            "NAMELEN=\(c.maxRealnameLength)", "NETWORK=\(c.networkName)", "NICKLEN=\(c.maxNickLength)",
            "PREFIX=(ov)@+", "TARGMAX=PRIVMSG:\(c.maxTargets),NOTICE:\(c.maxTargets),TAGMSG:\(c.maxTargets),JOIN:,PART:,KICK:,WHOIS:1,NAMES:,LIST:",
            "TOPICLEN=\(c.maxTopicLength)", "USERLEN=\(c.maxUserLength)", "UTF8ONLY", "WHOX", "MONITOR=\(c.maxMonitor)",
        ] + (features.history ? ["CHATHISTORY=\(c.maxHistoryLimit)", "MSGREFTYPES=msgid,timestamp"] : [])
    }

    func sendISupport(_ client: Client) {
        let tokens = isupportTokens
        var i = 0
        while i < tokens.count {
            let chunk = Array(tokens[i..<min(i + 12, tokens.count)])
            reply(client, .rplISupport, parameters: chunk + ["are supported by this server"])
            i += 12
        }
    }

    func rememberWhowas(_ client: Client) {
        guard let nick = client.nick, let folded = client.foldedNick else { return }
        whowas.append(WhowasEntry(nick: nick, folded: folded, user: client.user ?? "*", host: client.host,
                                  realname: client.realname, at: now.seconds))
        if whowas.count > config.whowasHistory { whowas.removeFirst(whowas.count - config.whowasHistory) }
    }
}

/// Compares secrets without an early exit, so timing does not leak how much matched.
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    var diff = UInt8(x.count == y.count ? 0 : 1)
    for i in 0..<max(x.count, y.count) {
        diff |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
    }
    return diff == 0
}
