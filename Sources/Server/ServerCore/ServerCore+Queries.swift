import IRCProtocol

extension ServerCore {
    /// MOTD [<target>]
    func handleMotd(_ client: Client, _ message: IRCMessage) {
        sendMotd(client)
    }

    func sendMotd(_ client: Client) {
        guard !config.motd.isEmpty else {
            reply(client, .errNoMotd, "MOTD File is missing")
            return
        }
        reply(client, .rplMotdStart, "- \(config.serverName) Message of the day - ")
        for line in config.motd { reply(client, .rplMotd, "- " + line) }
        reply(client, .rplEndOfMotd, "End of /MOTD command.")
    }

    /// LUSERS
    func handleLusers(_ client: Client, _ message: IRCMessage) {
        sendLusers(client)
    }

    func sendLusers(_ client: Client) {
        var users = 0, invisible = 0, opers = 0, unknown = 0, local = 0
        var nodes: Set<String> = []
        for c in clients.values {
            if !c.registered {
                unknown += 1
                continue
            }
            users += 1
            if c.invisible { invisible += 1 }
            if c.oper { opers += 1 }
            if let node = c.node { nodes.insert(node) } else { local += 1 }
        }
        // Cluster mode: the network is this node and every node one of its users is on.
        let servers = nodes.count + 1
        reply(client, .rplLUserClient, "There are \(users - invisible) users and \(invisible) invisible on \(servers) servers")
        reply(client, .rplLUserOp, String(opers), "operator(s) online")
        reply(client, .rplLUserUnknown, String(unknown), "unknown connection(s)")
        reply(client, .rplLUserChannels, String(channels.count), "channels formed")
        reply(client, .rplLUserMe, "I have \(local) clients and \(servers - 1) servers")
        reply(client, .rplLocalUsers, String(local), String(maxLocalSeen), "Current local users \(local), max \(maxLocalSeen)")
        reply(client, .rplGlobalUsers, String(users), String(maxClientsSeen), "Current global users \(users), max \(maxClientsSeen)")
    }

    /// VERSION [<target>]
    func handleVersion(_ client: Client, _ message: IRCMessage) {
        reply(client, .rplVersion, config.version, config.serverName, "Tachikoma IRC server (SwiftNIO)")
        sendISupport(client)
    }

    /// TIME [<server>]
    func handleTime(_ client: Client, _ message: IRCMessage) {
        reply(client, .rplTime, config.serverName, now.iso8601)
    }

    /// ADMIN [<target>]
    func handleAdmin(_ client: Client, _ message: IRCMessage) {
        reply(client, .rplAdminMe, config.serverName, "Administrative info")
        reply(client, .rplAdminLoc1, config.serverInfo)
        reply(client, .rplAdminLoc2, config.networkName)
        reply(client, .rplAdminEmail, "admin@\(config.serverName)")
    }

    /// INFO [<target>]
    ///
    /// "the server will respond with zero or more RPL_INFO replies, followed by one
    /// RPL_ENDOFINFO numeric."
    func handleInfo(_ client: Client, _ message: IRCMessage) {
        for line in ["\(config.serverName): Tachikoma IRC server \(config.version)", "Swift 6, SwiftNIO; storage in SQLite",
                     config.serverInfo] where !line.isEmpty {
            reply(client, .rplInfo, line)
        }
        reply(client, .rplEndOfInfo, "End of INFO list")
    }

    /// ISON <nickname>{ <nickname>}
    func handleIson(_ client: Client, _ message: IRCMessage) {
        let online = message.parameters.flatMap { $0.split(separator: " ") }
            .compactMap { self.client(named: String($0)) }
            .filter(\.registered)
            .map(\.displayNick)
        reply(client, .rplIsOn, online.joined(separator: " "))
    }

    /// USERHOST <nickname>{ <nickname>}
    func handleUserhost(_ client: Client, _ message: IRCMessage) {
        let entries = message.parameters.flatMap { $0.split(separator: " ") }.prefix(5)
            .compactMap { self.client(named: String($0)) }
            .filter(\.registered)
            .map { c in "\(c.displayNick)\(c.oper ? "*" : "")=\(c.away == nil ? "+" : "-")\(c.user ?? "*")@\(c.host)" }
        reply(client, .rplUserHost, entries.joined(separator: " "))
    }

    /// WHOIS [<target>] <nick>
    func handleWhois(_ client: Client, _ message: IRCMessage) {
        guard let raw = message.parameters.last, !raw.isEmpty else {
            reply(client, .errNoNicknameGiven, "No nickname given")
            return
        }
        let nick = String(raw.split(separator: ",").first ?? Substring(raw))
        guard let target = self.client(named: nick), target.registered else {
            reply(client, .errNoSuchNick, nick, "No such nick/channel")
            reply(client, .rplEndOfWhois, nick, "End of /WHOIS list")
            return
        }
        let n = target.displayNick
        reply(client, .rplWhoisUser, n, target.user ?? "*", target.host, "*", target.realname)
        let multi = client.caps.contains(.multiPrefix)
        let visible = target.channels.values
            .filter { !$0.secret || $0.members[client.id] != nil || client === target }
            .sorted { $0.folded < $1.folded }
            .map { ($0.status(of: target.id)?.prefix(multi: multi) ?? "") + $0.name }
        if !visible.isEmpty { reply(client, .rplWhoisChannels, n, visible.joined(separator: " ")) }
        reply(client, .rplWhoisServer, n, config.serverName, config.serverInfo)
        if target.oper { reply(client, .rplWhoisOperator, n, "is an IRC operator") }
        if target.secure { reply(client, .rplWhoisSecure, n, "is using a secure connection") }
        if let account = target.account { reply(client, .rplWhoisAccount, n, account, "is logged in as") }
        if let away = target.away { reply(client, .rplAway, n, away) }
        if client === target || client.oper {
            reply(client, .rplWhoisHost, n, "is connecting from *@\(target.host) \(target.ip)")
            reply(client, .rplWhoisModes, n, "is using modes \(target.modeString)")
        }
        let idle = max(0, now.seconds - target.lastActive.seconds)
        reply(client, .rplWhoisIdle, n, String(idle), String(target.connectedAt.seconds), "seconds idle, signon time")
        reply(client, .rplEndOfWhois, n, "End of /WHOIS list")
    }

    /// WHOWAS <nick> [<count>]
    func handleWhowas(_ client: Client, _ message: IRCMessage) {
        guard let nick = message[parameter: 0], !nick.isEmpty else {
            reply(client, .errNoNicknameGiven, "No nickname given")
            return
        }
        let count = Int(message[parameter: 1] ?? "").flatMap { $0 > 0 ? $0 : nil } ?? Int.max
        let folded = fold(nick)
        let entries = whowas.reversed().filter { $0.folded == folded }.prefix(count)
        if entries.isEmpty {
            reply(client, .errWasNoSuchNick, nick, "There was no such nickname")
        }
        for e in entries {
            reply(client, .rplWhoWasUser, e.nick, e.user, e.host, "*", e.realname)
            reply(client, .rplWhoisServer, e.nick, config.serverName, "\(e.at)")
        }
        reply(client, .rplEndOfWhoWas, nick, "End of WHOWAS")
    }
}
