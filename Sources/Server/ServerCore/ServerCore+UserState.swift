import IRCProtocol

extension ServerCore {
    /// AWAY [<text>]
    func handleAway(_ client: Client, _ message: IRCMessage) {
        let text = message[parameter: 0].map { String($0.prefix(config.maxAwayLength)) } ?? ""
        client.away = text.isEmpty ? nil : text
        if text.isEmpty {
            reply(client, .rplUnAway, "You are no longer marked as being away")
        } else {
            reply(client, .rplNowAway, "You have been marked as being away")
        }
        var notice = Relay(IRCMessage(tags: userTags(client), source: client.source, command: "AWAY",
                                      parameters: text.isEmpty ? [] : [text]))
        for other in neighbours(of: client) {
            relay(&notice, to: other, having: .awayNotify)
        }
        for watcher in extendedWatchers(of: client, needing: .awayNotify) {
            relay(&notice, to: watcher, having: [.extendedMonitor, .awayNotify])
        }
        publishLine(notice)
    }

    /// SETNAME <realname>
    func handleSetname(_ client: Client, _ message: IRCMessage) {
        let name = message.parameters[0]
        guard client.caps.contains(.setname) else {
            fail(client, command: "SETNAME", code: "CANNOT_CHANGE_REALNAME", description: "Negotiate the setname capability first")
            return
        }
        guard !name.isEmpty, name.utf8.count <= config.maxRealnameLength else {
            fail(client, command: "SETNAME", code: "INVALID_REALNAME", description: "Realname is not valid")
            return
        }
        client.realname = name
        var change = Relay(IRCMessage(tags: userTags(client), source: client.source, command: "SETNAME", parameters: [name]))
        relay(&change, to: client)
        for other in neighbours(of: client) {
            relay(&change, to: other, having: .setname)
        }
        // extended-monitor: watchers with setname hear it as if they shared a channel.
        for watcher in extendedWatchers(of: client, needing: .setname) {
            relay(&change, to: watcher, having: [.extendedMonitor, .setname])
        }
        publishLine(change)
    }

    /// OPER <name> <password>
    func handleOper(_ client: Client, _ message: IRCMessage) {
        let name = message.parameters[0], password = message.parameters[1]
        guard let block = config.operators.first(where: { $0.name == name }) else {
            reply(client, .errPasswdMismatch, "Password incorrect")
            return
        }
        guard constantTimeEqual(password, block.password) else {
            reply(client, .errPasswdMismatch, "Password incorrect")
            return
        }
        guard IRCNames.matches(mask: block.hostMask, client.source.description, caseMapping: config.caseMapping) else {
            reply(client, .errNoOperHost, "No O-lines for your host")
            return
        }
        if !client.oper {
            client.oper = true
            send(IRCMessage(source: client.source, command: "MODE", parameters: [client.displayNick, "+o"]), to: client)
        }
        reply(client, .rplYoureOper, "You are now an IRC operator")
    }

    /// KILL <nickname> <comment>
    func handleKill(_ client: Client, _ message: IRCMessage) {
        guard client.oper else {
            reply(client, .errNoPrivileges, "Permission Denied- You're not an IRC operator")
            return
        }
        let nick = message.parameters[0]
        guard let target = self.client(named: nick) else {
            reply(client, .errNoSuchNick, nick, "No such nick/channel")
            return
        }
        let comment = String(message.parameters[1].prefix(config.maxKickLength))
        let reason = "Killed (\(client.displayNick) (\(comment)))"
        send(IRCMessage(source: client.source, command: "KILL", parameters: [target.displayNick, comment]), to: target)
        closeUser(target, error: reason, quitReason: reason)
    }
}
