import IRCProtocol

extension ServerCore {
    /// MODE <target> [<modestring> [<mode arguments>...]]
    func handleMode(_ client: Client, _ message: IRCMessage) {
        let target = message.parameters[0]
        if IRCNames.isChannel(target) {
            channelMode(client, target, message)
        } else {
            userMode(client, target, message)
        }
    }

    private func userMode(_ client: Client, _ nick: String, _ message: IRCMessage) {
        guard let target = self.client(named: nick) else {
            reply(client, .errNoSuchNick, nick, "No such nick/channel")
            return
        }
        guard target === client else {
            reply(client, .errUsersDontMatch, "Can't change mode for other users")
            return
        }
        guard let modestring = message[parameter: 1] else {
            reply(client, .rplUModeIs, client.modeString)
            return
        }
        var adding = true
        var added = "", removed = ""
        var unknown = false
        for ch in modestring {
            switch ch {
            case "+": adding = true
            case "-": adding = false
            case "i":
                if client.invisible != adding {
                    client.invisible = adding
                    if adding { added.append(ch) } else { removed.append(ch) }
                }
            case "w":
                if client.wallops != adding {
                    client.wallops = adding
                    if adding { added.append(ch) } else { removed.append(ch) }
                }
            case "o":
                // +o only through OPER; -o is always allowed.
                if !adding && client.oper {
                    client.oper = false
                    removed.append(ch)
                }
            default:
                unknown = true
            }
        }
        if unknown { reply(client, .errUModeUnknownFlag, "Unknown MODE flag") }
        let change = (added.isEmpty ? "" : "+" + added) + (removed.isEmpty ? "" : "-" + removed)
        if !change.isEmpty {
            send(IRCMessage(source: client.source, command: "MODE", parameters: [client.displayNick, change]), to: client)
        }
    }

    /// MODE on a channel: the modes as they are (no modestring), or a change. Each letter is
    /// handled by its own part below; what they share (taking a parameter, the MODES limit on
    /// parameter modes, the operator check said once) is `ChannelModeChange`.
    private func channelMode(_ client: Client, _ name: String, _ message: IRCMessage) {
        guard let channel = channel(named: name) else {
            reply(client, .errNoSuchChannel, name, "No such channel")
            return
        }
        let isMember = channel.members[client.id] != nil
        guard let modestring = message[parameter: 1] else {
            reply(client, .rplChannelModeIs, parameters: [channel.name] + channel.modeString(showKey: isMember))
            reply(client, .rplCreationTime, channel.name, String(channel.createdAt))
            return
        }
        var change = ChannelModeChange(client: client, channel: channel, isMember: isMember,
                                       isOp: channel.isOp(client.id), arguments: Array(message.parameters.dropFirst(2)))
        var adding = true
        for ch in modestring {
            switch ch {
            case "+": adding = true
            case "-": adding = false
            case "b": banMode(&change, adding)
            case "o", "v": memberMode(&change, ch, adding)
            case "k": keyMode(&change, adding)
            case "l": limitMode(&change, adding)
            case "i", "m", "n", "s", "t":
                guard mayChange(&change) else { continue }
                if setFlag(channel, ch, adding) { change.applied.append((adding, ch, nil)) }
            default:
                reply(client, .errUnknownMode, String(ch), "is unknown mode char to me")
            }
        }
        announce(change)
    }

    /// Whether the client may change modes here; says why not, once per MODE command.
    private func mayChange(_ change: inout ChannelModeChange) -> Bool {
        if change.isOp { return true }
        if !change.deniedOnce {
            change.deniedOnce = true
            if change.isMember {
                reply(change.client, .errChanOPrivsNeeded, change.channel.name, "You're not channel operator")
            } else {
                reply(change.client, .errNotOnChannel, change.channel.name, "You're not on that channel")
            }
        }
        return false
    }

    /// Counts one parameter mode against MODES; false past the limit (the mode is ignored).
    private func withinModeLimit(_ change: inout ChannelModeChange) -> Bool {
        guard change.parameterModes < config.maxModesPerCommand else { return false }
        change.parameterModes += 1
        return true
    }

    /// `b`: without a mask, the ban list (367/368); with one, add or remove it.
    private func banMode(_ change: inout ChannelModeChange, _ adding: Bool) {
        let channel = change.channel
        guard let mask = change.arguments.next() else {
            for ban in channel.bans {
                reply(change.client, .rplBanList, channel.name, ban.mask, ban.setBy, String(ban.setAt))
            }
            reply(change.client, .rplEndOfBanList, channel.name, "End of channel ban list")
            return
        }
        guard withinModeLimit(&change), mayChange(&change) else { return }
        let normal = normalizeMask(mask)
        if adding {
            guard !channel.bans.contains(where: { fold($0.mask) == fold(normal) }) else { return }
            guard channel.bans.count < config.maxBans else {
                reply(change.client, .errBanListFull, channel.name, "b", "Channel ban list is full")
                return
            }
            channel.bans.append(ListEntry(mask: normal, setBy: change.client.source.description, setAt: now.seconds))
        } else {
            guard let i = channel.bans.firstIndex(where: { fold($0.mask) == fold(normal) }) else { return }
            channel.bans.remove(at: i)
        }
        change.applied.append((adding, "b", normal))
    }

    /// `o` and `v`: a member's status.
    private func memberMode(_ change: inout ChannelModeChange, _ ch: Character, _ adding: Bool) {
        guard let nick = change.arguments.next() else {
            reply(change.client, .errNeedMoreParams, "MODE", "Not enough parameters")
            return
        }
        guard withinModeLimit(&change), mayChange(&change) else { return }
        guard let target = self.client(named: nick) else {
            reply(change.client, .errNoSuchNick, nick, "No such nick/channel")
            return
        }
        guard var member = change.channel.members[target.id] else {
            reply(change.client, .errUserNotInChannel, target.displayNick, change.channel.name, "They aren't on that channel")
            return
        }
        let flag: MemberStatus = ch == "o" ? .op : .voice
        if member.status.contains(flag) == adding { return }
        if adding { member.status.insert(flag) } else { member.status.remove(flag) }
        change.channel.setStatus(member.status, of: target.id)
        change.applied.append((adding, ch, target.displayNick))
    }

    /// `k`: the channel key.
    private func keyMode(_ change: inout ChannelModeChange, _ adding: Bool) {
        guard adding else {
            _ = change.arguments.next()
            guard mayChange(&change), change.channel.key != nil else { return }
            change.channel.key = nil
            change.applied.append((false, "k", "*"))
            return
        }
        // "If a type B or C mode does not have a parameter when being set, the server MUST
        // ignore that mode."
        guard let key = change.arguments.next(), withinModeLimit(&change), mayChange(&change) else { return }
        // Keys with spaces cannot be given to JOIN: refused as the spec advises.
        guard !key.isEmpty, key.utf8.count <= 32, key.utf8.allSatisfy({ $0 > 0x20 && $0 != UInt8(ascii: ",") }) else {
            reply(change.client, .errInvalidModeParam, change.channel.name, "k", "*", "Invalid key: no spaces or commas, at most 32 bytes")
            return
        }
        change.channel.key = key
        change.applied.append((true, "k", key))
    }

    /// `l`: the member limit.
    private func limitMode(_ change: inout ChannelModeChange, _ adding: Bool) {
        guard adding else {
            guard mayChange(&change), change.channel.limit != nil else { return }
            change.channel.limit = nil
            change.applied.append((false, "l", nil))
            return
        }
        guard let raw = change.arguments.next(), withinModeLimit(&change), mayChange(&change) else { return }
        guard let limit = Int(raw), limit > 0 else {
            reply(change.client, .errInvalidModeParam, change.channel.name, "l", raw.isEmpty ? "*" : raw, "Invalid limit")
            return
        }
        change.channel.limit = limit
        change.applied.append((true, "l", String(limit)))
    }

    /// Tells the members what changed, in one MODE line (and the other nodes, in a cluster).
    private func announce(_ change: ChannelModeChange) {
        guard !change.applied.isEmpty else { return }
        var modes = ""
        var params: [String] = []
        var sign: Bool?
        for (add, ch, param) in change.applied {
            if sign != add {
                modes.append(add ? "+" : "-")
                sign = add
            }
            modes.append(ch)
            if let param { params.append(param) }
        }
        var relay = Relay(IRCMessage(tags: userTags(change.client), source: change.client.source, command: "MODE",
                                     parameters: [change.channel.name, modes] + params))
        for member in change.channel.members.values { self.relay(&relay, to: member.client) }
        publishLine(relay)
    }

    func setFlag(_ channel: Channel, _ ch: Character, _ on: Bool) -> Bool {
        switch ch {
        case "i": if channel.inviteOnly == on { return false }; channel.inviteOnly = on
        case "m": if channel.moderated == on { return false }; channel.moderated = on
        case "n": if channel.noExternal == on { return false }; channel.noExternal = on
        case "s": if channel.secret == on { return false }; channel.secret = on
        case "t": if channel.topicLocked == on { return false }; channel.topicLocked = on
        default: return false
        }
        return true
    }

    /// Completes a ban mask to `nick!user@host` form (`bob` → `bob!*@*`).
    func normalizeMask(_ mask: String) -> String {
        var nick = mask, user = "*", host = "*"
        if let at = mask.firstIndex(of: "@") {
            host = String(mask[mask.index(after: at)...])
            nick = String(mask[..<at])
        }
        if let bang = nick.firstIndex(of: "!") {
            user = String(nick[nick.index(after: bang)...])
            nick = String(nick[..<bang])
        }
        return "\(nick.isEmpty ? "*" : nick)!\(user.isEmpty ? "*" : user)@\(host.isEmpty ? "*" : host)"
    }
}

/// One channel MODE command being applied: who asks, where, the parameters left, and what
/// has changed so far.
private struct ChannelModeChange {
    let client: Client
    let channel: Channel
    let isMember: Bool
    let isOp: Bool
    var arguments: IndexingIterator<[String]>
    /// Changes made, in order: added or removed, the letter, its parameter.
    var applied: [(Bool, Character, String?)] = []
    /// Parameter modes counted against MODES.
    var parameterModes = 0
    /// Whether the client was already told it may not change modes.
    var deniedOnce = false

    init(client: Client, channel: Channel, isMember: Bool, isOp: Bool, arguments: [String]) {
        self.client = client
        self.channel = channel
        self.isMember = isMember
        self.isOp = isOp
        self.arguments = arguments.makeIterator()
    }
}
