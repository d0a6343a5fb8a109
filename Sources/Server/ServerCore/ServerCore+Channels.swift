import IRCProtocol

extension ServerCore {
    /// JOIN <channel>{,<channel>} [<key>{,<key>}] | JOIN 0
    func handleJoin(_ client: Client, _ message: IRCMessage) {
        if message.parameters[0] == "0" {
            for channel in Array(client.channels.values) {
                part(client, channel, reason: nil)
            }
            return
        }
        let names = message.parameters[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let keys = (message[parameter: 1] ?? "").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        for (i, name) in names.enumerated() {
            join(client, name: name, key: i < keys.count ? keys[i] : nil)
        }
    }

    private func join(_ client: Client, name: String, key: String?) {
        guard IRCNames.isValidChannelName(name, maxLength: config.maxChannelLength) else {
            reply(client, .errNoSuchChannel, name.isEmpty ? "*" : name, "No such channel")
            return
        }
        let folded = fold(name)
        if client.channels[folded] != nil { return }
        guard client.channels.count < config.maxChannelsPerClient else {
            reply(client, .errTooManyChannels, name, "You have joined too many channels")
            return
        }
        let channel: Channel
        var status: MemberStatus = []
        if let existing = channels[folded] {
            channel = existing
            let invited = channel.invited.contains(client.id)
            if let required = channel.key, key != required {
                reply(client, .errBadChannelKey, channel.name, "Cannot join channel (+k)")
                return
            }
            if channel.inviteOnly && !invited {
                reply(client, .errInviteOnlyChan, channel.name, "Cannot join channel (+i)")
                return
            }
            if let limit = channel.limit, channel.members.count >= limit, !invited {
                reply(client, .errChannelIsFull, channel.name, "Cannot join channel (+l)")
                return
            }
            if !invited && channel.isBanned(client, caseMapping: config.caseMapping) {
                reply(client, .errBannedFromChan, channel.name, "Cannot join channel (+b)")
                return
            }
        } else {
            channel = Channel(name: name, folded: folded, createdAt: now.seconds)
            channels[folded] = channel
            status = .op
        }
        channel.invited.remove(client.id)
        channel.add(client, status: status)
        client.channels[folded] = channel
        if let nick = client.nick { publish(.join(nick: nick, channel: channel.name, status: status.prefix(multi: true))) }
        client.lastActive = now
        let tags = userTags(client)
        var plain = Relay(IRCMessage(tags: tags, source: client.source, command: "JOIN", parameters: [channel.name]))
        var extended = Relay(IRCMessage(tags: tags, source: client.source, command: "JOIN",
                                        parameters: [channel.name, client.account ?? "*", client.realname]))
        for member in channel.members.values {
            relay(&extended, else: &plain, to: member.client, having: .extendedJoin)
        }
        if let away = client.away {
            var awayRelay = Relay(IRCMessage(tags: tags, source: client.source, command: "AWAY", parameters: [away]))
            for member in channel.members.values where member.client !== client {
                relay(&awayRelay, to: member.client, having: .awayNotify)
            }
        }
        if channel.topic != nil { sendTopic(client, channel) }
        sendMetadataAfterJoin(client, channel)
        if joinWaitsForReadMarker(client) {
            sendReadMarkerAfterJoin(client, channel, thenNames: true)
        } else {
            sendConnectionReadMarker(client, channel)
            sendNames(client, channel)
            sendReadMarkerAfterJoin(client, channel)
        }
    }

    /// The channel `name` when `client` is on it; otherwise answers 403 (no such channel)
    /// or 442 (not on it) and gives nil.
    func memberChannel(_ client: Client, named name: String) -> Channel? {
        guard let channel = channel(named: name) else {
            reply(client, .errNoSuchChannel, name, "No such channel")
            return nil
        }
        guard channel.members[client.id] != nil else {
            reply(client, .errNotOnChannel, channel.name, "You're not on that channel")
            return nil
        }
        return channel
    }

    /// PART <channel>{,<channel>} [<reason>]
    func handlePart(_ client: Client, _ message: IRCMessage) {
        let reason = message[parameter: 1].map { String($0.prefix(config.maxKickLength)) }
        for name in message.parameters[0].split(separator: ",").map(String.init) {
            guard let channel = memberChannel(client, named: name) else { continue }
            part(client, channel, reason: reason)
        }
    }

    func part(_ client: Client, _ channel: Channel, reason: String?) {
        var params = [channel.name]
        if let reason, !reason.isEmpty { params.append(reason) }
        if client.node == nil, let nick = client.nick { publish(.part(nick: nick, channel: channel.name, reason: reason)) }
        var partRelay = Relay(IRCMessage(tags: userTags(client), source: client.source, command: "PART", parameters: params))
        for member in channel.members.values { relay(&partRelay, to: member.client) }
        leave(client, channel)
    }

    func leave(_ client: Client, _ channel: Channel) {
        channel.remove(client.id)
        client.channels.removeValue(forKey: channel.folded)
        if channel.members.isEmpty { channels.removeValue(forKey: channel.folded) }
    }

    /// TOPIC <channel> [<topic>]
    func handleTopic(_ client: Client, _ message: IRCMessage) {
        let name = message.parameters[0]
        guard let channel = channel(named: name) else {
            reply(client, .errNoSuchChannel, name, "No such channel")
            return
        }
        let isMember = channel.members[client.id] != nil
        guard let text = message[parameter: 1] else {
            if channel.secret && !isMember {
                reply(client, .errNotOnChannel, channel.name, "You're not on that channel")
            } else if channel.topic == nil {
                reply(client, .rplNoTopic, channel.name, "No topic is set")
            } else {
                sendTopic(client, channel)
            }
            return
        }
        guard isMember else {
            reply(client, .errNotOnChannel, channel.name, "You're not on that channel")
            return
        }
        if channel.topicLocked && !channel.isOp(client.id) {
            reply(client, .errChanOPrivsNeeded, channel.name, "You're not channel operator")
            return
        }
        let topic = String(text.prefix(config.maxTopicLength))
        channel.topic = topic.isEmpty ? nil : topic
        channel.topicSetBy = client.source.description
        channel.topicSetAt = now.seconds
        var change = Relay(IRCMessage(tags: userTags(client), source: client.source, command: "TOPIC", parameters: [channel.name, topic]))
        for member in channel.members.values { relay(&change, to: member.client) }
        publishLine(change)
        // An event of the channel's history, played back to clients with event-playback.
        record(change, from: client, target: channel.name, text: topic, conversation: channel.folded)
    }

    func sendTopic(_ client: Client, _ channel: Channel) {
        guard let topic = channel.topic else { return }
        reply(client, .rplTopic, channel.name, topic)
        reply(client, .rplTopicWhoTime, channel.name, channel.topicSetBy, String(channel.topicSetAt))
    }

    /// NAMES [<channel>{,<channel>}]
    func handleNames(_ client: Client, _ message: IRCMessage) {
        guard let list = message[parameter: 0], !list.isEmpty else {
            reply(client, .rplEndOfNames, "*", "End of /NAMES list")
            return
        }
        let names = list.split(separator: ",").map(String.init)
        // Several channels: the names of each, then "a single RPL_ENDOFNAMES" naming the list
        // as asked (ergo's reading, which irctest checks); one channel: its own end.
        for name in names {
            if let channel = channel(named: name), !channel.secret || channel.members[client.id] != nil {
                sendNames(client, channel, end: names.count == 1)
            } else if names.count == 1 {
                reply(client, .rplEndOfNames, name, "End of /NAMES list")
            }
        }
        if names.count > 1 { reply(client, .rplEndOfNames, list, "End of /NAMES list") }
    }

    func sendNames(_ client: Client, _ channel: Channel, end: Bool = true) {
        let multi = client.caps.contains(.multiPrefix)
        let full = client.caps.contains(.userhostInNames)
        let isMember = channel.members[client.id] != nil
        let fixed = config.serverName.utf8.count + client.displayNick.utf8.count + channel.name.utf8.count + 20
        var line = ""
        for member in channel.orderedMembers {
            if !isMember && member.client.invisible { continue }
            let entry = member.status.prefix(multi: multi) + (full ? member.client.source.description : member.client.displayNick)
            if !line.isEmpty && fixed + line.utf8.count + entry.utf8.count + 1 > 510 {
                reply(client, .rplNamReply, channel.symbol, channel.name, line)
                line = ""
            }
            line += line.isEmpty ? entry : " " + entry
        }
        if !line.isEmpty { reply(client, .rplNamReply, channel.symbol, channel.name, line) }
        if end { reply(client, .rplEndOfNames, channel.name, "End of /NAMES list") }
    }

    /// LIST [<channel>{,<channel>}]
    func handleList(_ client: Client, _ message: IRCMessage) {
        reply(client, .rplListStart, "Channel", "Users  Name")
        let wanted: [Channel]
        if let list = message[parameter: 0], !list.isEmpty {
            wanted = list.split(separator: ",").compactMap { channel(named: String($0)) }
        } else {
            wanted = channels.values.sorted { $0.folded < $1.folded }
        }
        for channel in wanted where !channel.secret || channel.members[client.id] != nil {
            reply(client, .rplList, channel.name, String(channel.members.count), channel.topic ?? "")
        }
        reply(client, .rplListEnd, "End of /LIST")
    }

    /// KICK <channel>{,<channel>} <user>{,<user>} [<comment>]
    func handleKick(_ client: Client, _ message: IRCMessage) {
        // "there MUST be either one channel parameter and multiple user parameter, or as many
        // channel parameters as there are user parameters" (RFC 2812 3.2.8): each pair is one
        // KICK, in order.
        let names = message.parameters[0].split(separator: ",").map(String.init)
        let nicks = message.parameters[1].split(separator: ",").map(String.init)
        let pairs: [(String, String)]
        if names.count == 1 {
            pairs = nicks.map { (names[0], $0) }
        } else if names.count == nicks.count {
            pairs = Array(zip(names, nicks))
        } else {
            reply(client, .errNeedMoreParams, "KICK", "Give one channel, or as many channels as nicks")
            return
        }
        let comment = String((message[parameter: 2] ?? client.displayNick).prefix(config.maxKickLength))
        for (name, nick) in pairs {
            guard let channel = memberChannel(client, named: name) else { continue }
            guard channel.isOp(client.id) else {
                reply(client, .errChanOPrivsNeeded, channel.name, "You're not channel operator")
                continue
            }
            guard let target = self.client(named: nick), channel.members[target.id] != nil else {
                reply(client, .errUserNotInChannel, nick, channel.name, "They aren't on that channel")
                continue
            }
            var kick = Relay(IRCMessage(tags: userTags(client), source: client.source, command: "KICK",
                                        parameters: [channel.name, target.displayNick, comment]))
            for member in channel.members.values { relay(&kick, to: member.client) }
            publishLine(kick)
            leave(target, channel)
        }
    }

    /// INVITE <nickname> <channel>
    func handleInvite(_ client: Client, _ message: IRCMessage) {
        let nick = message.parameters[0], name = message.parameters[1]
        guard let target = self.client(named: nick) else {
            reply(client, .errNoSuchNick, nick, "No such nick/channel")
            return
        }
        guard let channel = memberChannel(client, named: name) else { return }
        if channel.inviteOnly && !channel.isOp(client.id) {
            reply(client, .errChanOPrivsNeeded, channel.name, "You're not channel operator")
            return
        }
        if channel.members[target.id] != nil {
            reply(client, .errUserOnChannel, target.displayNick, channel.name, "is already on channel")
            return
        }
        channel.invited.insert(target.id)
        reply(client, .rplInviting, target.displayNick, channel.name)
        if let away = target.away { reply(client, .rplAway, target.displayNick, away) }
        var invite = Relay(IRCMessage(tags: userTags(client), source: client.source, command: "INVITE",
                                      parameters: [target.displayNick, channel.name]))
        relay(&invite, to: target)
        for member in channel.members.values
        where member.client !== client && (!channel.inviteOnly || member.status.contains(.op)) {
            relay(&invite, to: member.client, having: .inviteNotify)
        }
        publishLine(invite)
    }
}
