import IRCProtocol

extension ServerCore {
    /// WHO [<mask> [o | %<fields>[,<token>]]]
    ///
    /// With `%fields` (WHOX) the replies are RPL_WHOSPCRPL (354) holding the requested
    /// fields in the order `t c u i h s n f d l a o r`.
    func handleWho(_ client: Client, _ message: IRCMessage) {
        let mask = message[parameter: 0].flatMap { $0.isEmpty ? nil : $0 } ?? "*"
        var whox: (fields: Set<Character>, token: String?)?
        var opersOnly = false
        if let options = message[parameter: 1] {
            if options.hasPrefix("%") {
                let body = options.dropFirst()
                let parts = body.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
                whox = (Set(parts.first ?? ""), parts.count > 1 ? String(parts[1]) : nil)
            } else {
                opersOnly = options.contains("o")
            }
        }
        var rows: [(Client, Channel?)] = []
        if IRCNames.isChannel(mask) {
            if let channel = channel(named: mask) {
                let isMember = channel.members[client.id] != nil
                if isMember || !channel.secret {
                    for member in channel.orderedMembers where isMember || !member.client.invisible {
                        rows.append((member.client, channel))
                    }
                }
            }
        } else if !mask.contains("*") && !mask.contains("?"), let target = self.client(named: mask), target.registered {
            rows.append((target, nil))
        } else {
            let matchAll = mask == "*" || mask == "0"
            for other in clients.values where other.registered {
                guard other === client || !other.invisible || sharesChannel(client, other) else { continue }
                if matchAll || matchesWho(mask, other) { rows.append((other, nil)) }
            }
        }
        for (target, channel) in rows where !opersOnly || target.oper {
            if let whox {
                sendWhox(client, target, channel, whox.fields, whox.token)
            } else {
                reply(client, .rplWhoReply, channel?.name ?? "*", target.user ?? "*", target.host, config.serverName,
                      target.displayNick, whoFlags(client, target, channel), "0 \(target.realname)")
            }
        }
        reply(client, .rplEndOfWho, mask, "End of WHO list")
    }

    private func whoFlags(_ client: Client, _ target: Client, _ channel: Channel?) -> String {
        var flags = target.away == nil ? "H" : "G"
        if target.oper { flags += "*" }
        if let channel, let status = channel.status(of: target.id) {
            flags += status.prefix(multi: client.caps.contains(.multiPrefix))
        }
        return flags
    }

    private func sendWhox(_ client: Client, _ target: Client, _ channel: Channel?, _ fields: Set<Character>, _ token: String?) {
        var params: [String] = []
        for field in "tcuihsnfdlaor" where fields.contains(field) {
            switch field {
            case "t": params.append(token ?? "0")
            case "c": params.append(channel?.name ?? "*")
            case "u": params.append(target.user ?? "*")
            case "i": params.append(client.oper || client === target ? target.host : "255.255.255.255")
            case "h": params.append(target.host)
            case "s": params.append(config.serverName)
            case "n": params.append(target.displayNick)
            case "f": params.append(whoFlags(client, target, channel))
            case "d": params.append("0")
            case "l": params.append(String(max(0, now.seconds - target.lastActive.seconds)))
            case "a": params.append(target.account ?? "0")
            case "o": params.append("n/a")
            case "r": params.append(target.realname)
            default: break
            }
        }
        reply(client, .rplWhoSpcRpl, parameters: params)
    }

    private func matchesWho(_ mask: String, _ target: Client) -> Bool {
        let cm = config.caseMapping
        return IRCNames.matches(mask: mask, target.displayNick, caseMapping: cm)
            || IRCNames.matches(mask: mask, target.user ?? "", caseMapping: cm)
            || IRCNames.matches(mask: mask, target.host, caseMapping: cm)
            || IRCNames.matches(mask: mask, target.realname, caseMapping: cm)
            || IRCNames.matches(mask: mask, config.serverName, caseMapping: cm)
    }

    func sharesChannel(_ a: Client, _ b: Client) -> Bool {
        let (small, other) = a.channels.count <= b.channels.count ? (a, b) : (b, a)
        return small.channels.keys.contains { other.channels[$0] != nil }
    }
}
