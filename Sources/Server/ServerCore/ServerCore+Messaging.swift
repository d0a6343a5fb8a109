import IRCProtocol

extension ServerCore {
    /// PRIVMSG <target>{,<target>} <text to be sent>
    /// NOTICE <target>{,<target>} <text to be sent>
    /// TAGMSG <target>{,<target>}
    ///
    /// NOTICE never causes an error reply, as the protocol requires of servers too.
    func handleMessage(_ client: Client, _ message: IRCMessage) {
        let command = message.normalizedCommand
        let isNotice = command == "NOTICE"
        let isTagmsg = command == "TAGMSG"
        ext.messagesReceived &+= 1
        guard let list = message[parameter: 0], !list.isEmpty else {
            if !isNotice { reply(client, .errNoRecipient, "No recipient given (\(command))") }
            return
        }
        var text = ""
        if !isTagmsg {
            guard let t = message[parameter: 1], !t.isEmpty else {
                if !isNotice { reply(client, .errNoTextToSend, "No text to send") }
                return
            }
            text = t
        }
        let targets = list.split(separator: ",").map(String.init)
        if targets.count > config.maxTargets {
            if !isNotice { reply(client, .errTooManyTargets, list, "Too many targets") }
            return
        }
        let clientTags = client.caps.contains(.messageTags) ? message.tags.filter(\.isClientOnly) : []
        if isTagmsg && clientTags.isEmpty && !client.caps.contains(.messageTags) { return }
        if !isTagmsg { client.lastActive = now }
        if targets.count == 1 {
            send(client, command, to: targets[0], text, clientTags, isNotice: isNotice)
            return
        }
        var seen: Set<String> = []
        for target in targets where seen.insert(fold(target)).inserted {
            send(client, command, to: target, text, clientTags, isNotice: isNotice)
        }
    }

    private func send(_ client: Client, _ command: String, to target: String, _ text: String,
                      _ clientTags: [IRCTag], isNotice: Bool) {
        if IRCNames.isChannel(target) {
            sendToChannel(client, command, target, text, clientTags, isNotice: isNotice)
        } else {
            sendToNick(client, command, target, text, clientTags, isNotice: isNotice)
        }
    }

    private func parameters(_ target: String, _ command: String, _ text: String) -> [String] {
        command == "TAGMSG" ? [target] : [target, text]
    }

    private func sendToChannel(_ client: Client, _ command: String, _ name: String, _ text: String,
                               _ clientTags: [IRCTag], isNotice: Bool) {
        guard let channel = channel(named: name) else {
            if !isNotice { reply(client, .errNoSuchNick, name, "No such nick/channel") }
            return
        }
        let status = channel.status(of: client.id)
        let privileged = status.map { !$0.isEmpty } ?? false
        let blocked = (status == nil && channel.noExternal)
            || (channel.moderated && !privileged)
            || (!privileged && channel.isBanned(client, caseMapping: config.caseMapping))
        if blocked {
            if !isNotice { reply(client, .errCannotSendToChan, channel.name, "Cannot send to channel") }
            return
        }
        let isTagmsg = command == "TAGMSG"
        var relayed = Relay(IRCMessage(tags: messageTags(client, clientTags), source: client.source,
                                       command: command, parameters: parameters(channel.name, command, text)))
        let needed: CapabilitySet = isTagmsg ? .messageTags : []
        if !channelMessagesGoThroughCluster {
            // The sender's own connections are skipped here (`relayToSelf` below), so no
            // connection reached here is the one a labeled response is being gathered for.
            let sender = client.id
            for entry in channel.roster where entry.owner != sender && entry.caps.isSuperset(of: needed) {
                outbox.deliver(relayed.payload(profile: entry.profile, in: &outbox), to: entry.link)
            }
        }
        // (With members on other nodes, ours get it back from the cluster in commit order,
        // with everyone else's: see `ownChannelMessage`.)
        relayToSelf(&relayed, client, having: needed)
        if channelMessagesGoThroughCluster { publishLine(relayed) }
        record(relayed, from: client, target: channel.name, text: text, conversation: channel.folded)
    }

    private func sendToNick(_ client: Client, _ command: String, _ nick: String, _ text: String,
                            _ clientTags: [IRCTag], isNotice: Bool) {
        guard let target = self.client(named: nick), target.registered else {
            if command != "TAGMSG" && features.history && ext.registeredAccounts.contains(fold(nick)) {
                sendOffline(client, command, nick, text, clientTags)
                return
            }
            if !isNotice { reply(client, .errNoSuchNick, nick, "No such nick/channel") }
            return
        }
        let kept = keepsPrivate(client, toNick: target.displayNick)
        // Tags are made only when something reads them: a connection on either side that
        // negotiated server-time, message-tags or account-tag, the history, another node.
        let tagsRead = kept || target.node != nil || target.links.contains { $0.tagProfile != 0 }
            || client.links.contains { $0.tagProfile != 0 }
        var relayed = Relay(IRCMessage(tags: tagsRead ? messageTags(client, clientTags) : [], source: client.source,
                                       command: command, parameters: parameters(target.displayNick, command, text)))
        let needed: CapabilitySet = command == "TAGMSG" ? .messageTags : []
        if target === client && client.caps.contains(.echoMessage) {
            // To oneself with echo-message, the echo is the (labeled) response and the
            // delivery is not part of it (as ergo; irctest testLabeledPrivmsgResponsesToSelf).
            relayOutsideLabel(&relayed, to: target, having: needed)
        } else {
            relay(&relayed, to: target, having: needed)
        }
        publishMessage(relayed, to: target)
        if command == "PRIVMSG", let away = target.away {
            reply(client, .rplAway, target.displayNick, away)
        }
        if target === client {
            if client.caps.contains(.echoMessage) { echo(&relayed, to: client) }
        } else {
            relayToSelf(&relayed, client)
        }
        if kept {
            record(relayed, from: client, target: target.displayNick, text: text,
                   conversation: Self.privateConversation(participantKey(client), participantKey(target)))
        }
    }

    /// A message to a registered account that is not online: stored for its next login
    /// (it finds it through CHATHISTORY TARGETS), echoed to the sender, no error.
    private func sendOffline(_ client: Client, _ command: String, _ nick: String, _ text: String, _ clientTags: [IRCTag]) {
        var relayed = Relay(IRCMessage(tags: messageTags(client, clientTags), source: client.source,
                                       command: command, parameters: [nick, text]))
        relayToSelf(&relayed, client)
        record(relayed, from: client, target: nick, text: text,
               conversation: Self.privateConversation(participantKey(client), fold(nick)))
    }

    /// `time`, `msgid`, `account` when logged in (account-tag), then the client tags.
    private func messageTags(_ client: Client, _ clientTags: [IRCTag]) -> [IRCTag] {
        userTags(client, clientTags: clientTags)
    }

    /// The tags of any message a user causes (PRIVMSG, JOIN, INVITE, NICK, QUIT…): `time`,
    /// `msgid`, and `account` when the user is logged in — account-tag: "the server MUST add
    /// this tag to any message sent by a client which is logged into an account".
    func userTags(_ client: Client, clientTags: [IRCTag] = []) -> [IRCTag] {
        guard let account = client.account else { return relayTags(clientTags: clientTags) }
        return relayTags(clientTags: [IRCTag(key: "account", value: account)] + clientTags)
    }
}
