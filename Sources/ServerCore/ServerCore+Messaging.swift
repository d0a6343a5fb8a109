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
        var seen: Set<String> = []
        for target in targets where seen.insert(fold(target)).inserted {
            if IRCNames.isChannel(target) {
                sendToChannel(client, command, target, text, clientTags, isNotice: isNotice)
            } else {
                sendToNick(client, command, target, text, clientTags, isNotice: isNotice)
            }
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
        var relayed = Relay(IRCMessage(tags: relayTags(clientTags: clientTags), source: client.source,
                                       command: command, parameters: parameters(channel.name, command, text)))
        for member in channel.members.values where member.client !== client {
            if isTagmsg && !member.client.caps.contains(.messageTags) { continue }
            relay(&relayed, to: member.client)
        }
        if client.caps.contains(.echoMessage) { relay(&relayed, to: client) }
        record(relayed.message, target: channel.name, text: text)
    }

    private func sendToNick(_ client: Client, _ command: String, _ nick: String, _ text: String,
                            _ clientTags: [IRCTag], isNotice: Bool) {
        guard let target = self.client(named: nick), target.registered else {
            if !isNotice { reply(client, .errNoSuchNick, nick, "No such nick/channel") }
            return
        }
        var relayed = Relay(IRCMessage(tags: relayTags(clientTags: clientTags), source: client.source,
                                       command: command, parameters: parameters(target.displayNick, command, text)))
        if command != "TAGMSG" || target.caps.contains(.messageTags) {
            relay(&relayed, to: target)
        }
        if command == "PRIVMSG", let away = target.away {
            reply(client, .rplAway, target.displayNick, away)
        }
        if client.caps.contains(.echoMessage) { relay(&relayed, to: client) }
        record(relayed.message, target: target.displayNick, text: text)
    }

    private func record(_ message: IRCMessage, target: String, text: String) {
        guard storage.keepsHistory else { return }
        storage.appendHistory(HistoryEntry(msgid: message.tag("msgid") ?? "", time: now,
                                           source: message.source?.description ?? "", target: target,
                                           command: message.command, text: text))
    }
}
