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
        var args = Array(message.parameters.dropFirst(2)).makeIterator()
        var adding = true
        var applied: [(Bool, Character, String?)] = []
        var paramModes = 0
        var deniedOnce = false
        let isOp = channel.isOp(client.id)
        func needOp() -> Bool {
            if isOp { return true }
            if !deniedOnce {
                deniedOnce = true
                if isMember {
                    reply(client, .errChanOPrivsNeeded, channel.name, "You're not channel operator")
                } else {
                    reply(client, .errNotOnChannel, channel.name, "You're not on that channel")
                }
            }
            return false
        }
        for ch in modestring {
            switch ch {
            case "+": adding = true
            case "-": adding = false
            case "b":
                guard let mask = args.next() else {
                    for ban in channel.bans {
                        reply(client, .rplBanList, channel.name, ban.mask, ban.setBy, String(ban.setAt))
                    }
                    reply(client, .rplEndOfBanList, channel.name, "End of channel ban list")
                    continue
                }
                guard paramModes < config.maxModesPerCommand else { continue }
                paramModes += 1
                guard needOp() else { continue }
                let normal = normalizeMask(mask)
                if adding {
                    guard !channel.bans.contains(where: { fold($0.mask) == fold(normal) }) else { continue }
                    guard channel.bans.count < config.maxBans else {
                        reply(client, .errBanListFull, channel.name, "b", "Channel ban list is full")
                        continue
                    }
                    channel.bans.append(ListEntry(mask: normal, setBy: client.source.description, setAt: now.seconds))
                } else {
                    guard let i = channel.bans.firstIndex(where: { fold($0.mask) == fold(normal) }) else { continue }
                    channel.bans.remove(at: i)
                }
                applied.append((adding, ch, normal))
            case "o", "v":
                guard let nick = args.next() else {
                    reply(client, .errNeedMoreParams, "MODE", "Not enough parameters")
                    continue
                }
                guard paramModes < config.maxModesPerCommand else { continue }
                paramModes += 1
                guard needOp() else { continue }
                guard let target = self.client(named: nick) else {
                    reply(client, .errNoSuchNick, nick, "No such nick/channel")
                    continue
                }
                guard var member = channel.members[target.id] else {
                    reply(client, .errUserNotInChannel, target.displayNick, channel.name, "They aren't on that channel")
                    continue
                }
                let flag: MemberStatus = ch == "o" ? .op : .voice
                if member.status.contains(flag) == adding { continue }
                if adding { member.status.insert(flag) } else { member.status.remove(flag) }
                channel.members[target.id] = member
                applied.append((adding, ch, target.displayNick))
            case "k":
                if adding {
                    // "If a type B or C mode does not have a parameter when being set, the
                    // server MUST ignore that mode."
                    guard let key = args.next() else { continue }
                    guard paramModes < config.maxModesPerCommand else { continue }
                    paramModes += 1
                    guard needOp() else { continue }
                    // Keys with spaces cannot be given to JOIN: refused as the spec advises.
                    guard !key.isEmpty, key.utf8.count <= 32,
                          key.utf8.allSatisfy({ $0 > 0x20 && $0 != UInt8(ascii: ",") }) else {
                        reply(client, .errInvalidModeParam, channel.name, "k", "*", "Invalid key: no spaces or commas, at most 32 bytes")
                        continue
                    }
                    channel.key = key
                    applied.append((true, ch, key))
                } else {
                    _ = args.next()
                    guard needOp(), channel.key != nil else { continue }
                    channel.key = nil
                    applied.append((false, ch, "*"))
                }
            case "l":
                if adding {
                    guard let raw = args.next() else { continue } // ignored without its parameter
                    guard paramModes < config.maxModesPerCommand else { continue }
                    paramModes += 1
                    guard needOp() else { continue }
                    guard let limit = Int(raw), limit > 0 else {
                        reply(client, .errInvalidModeParam, channel.name, "l", raw.isEmpty ? "*" : raw, "Invalid limit")
                        continue
                    }
                    channel.limit = limit
                    applied.append((true, ch, String(limit)))
                } else {
                    guard needOp(), channel.limit != nil else { continue }
                    channel.limit = nil
                    applied.append((false, ch, nil))
                }
            case "i", "m", "n", "s", "t":
                guard needOp() else { continue }
                if setFlag(channel, ch, adding) { applied.append((adding, ch, nil)) }
            default:
                reply(client, .errUnknownMode, String(ch), "is unknown mode char to me")
            }
        }
        guard !applied.isEmpty else { return }
        var modes = ""
        var params: [String] = []
        var sign: Bool?
        for (add, ch, param) in applied {
            if sign != add {
                modes.append(add ? "+" : "-")
                sign = add
            }
            modes.append(ch)
            if let param { params.append(param) }
        }
        var change = Relay(IRCMessage(tags: userTags(client), source: client.source, command: "MODE",
                                      parameters: [channel.name, modes] + params))
        for member in channel.members.values { relay(&change, to: member.client) }
        publishLine(change)
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
