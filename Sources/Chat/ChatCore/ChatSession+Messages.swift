import IRCProtocol

/// Messages and channel events from the server.
extension ChatSession {
    /// PRIVMSG <target> :<text> | NOTICE <target> :<text>
    mutating func handleMessage(_ m: IRCMessage, time: Double, history: Bool, out: inout [ChatAction]) {
        guard m.parameters.count >= 2 else { return }
        var target = m.parameters[0]
        var text = m.parameters[1]
        let notice = m.normalizedCommand == "NOTICE"
        let sender = m.source?.name ?? ""
        let fromMe = same(sender, nick) || (m.source == nil && !history)
        let fromServer = m.source == nil || (m.source?.user == nil && sender.contains("."))
        if let first = target.first, first != "#", first != "&", isChannel(String(target.dropFirst())) {
            target.removeFirst()
        }
        var kind: ChatLine.Kind = notice ? .notice : .message
        if text.hasPrefix("\u{1}") {
            var body = text.dropFirst()
            if body.hasSuffix("\u{1}") { body = body.dropLast() }
            let word = body.prefix { $0 != " " }.uppercased()
            if word == "ACTION" {
                kind = .action
                text = String(body.dropFirst(6).drop { $0 == " " })
            } else {
                if word == "VERSION" && !notice && !fromMe && !history {
                    out.append(.send(IRCMessage("NOTICE", sender, "\u{1}VERSION Tachikoma\u{1}")))
                }
                return
            }
        }
        let index: Int
        if isChannel(target) {
            index = ensureBuffer(target, kind: .channel)
        } else if fromMe {
            index = ensureBuffer(target, kind: .query)
        } else if fromServer || (notice && bufferIndex(sender) == nil) || phase != .online {
            index = 0
        } else {
            index = ensureBuffer(sender, kind: .query)
        }
        let msgid = m.tag("msgid")
        let highlight = !fromMe && index != 0 && (buffers[index].kind == .query || mentionsMe(text))
        var line = ChatLine(time: time, sender: sender.isEmpty ? "server" : sender, text: text, kind: kind,
                            msgid: msgid, highlight: highlight)
        if history {
            if let id = msgid, buffers[index].lines.contains(where: { $0.msgid == id }) { return }
            if recognise(target: buffers[index].name, sender: sender, text: text, kind: kind, time: time, msgid: msgid) { return }
            guard buffers[index].insertFromHistory(line) else { return }
            // Unread: newer than the read marker; with no marker known, private messages
            // (offline messages) are unread and channel backlog is not.
            let isQuery = buffers[index].kind == .query
            let newer = buffers[index].readUpTo.map { time > $0 } ?? isQuery
            if !fromMe, newer, kind != .notice {
                buffers[index].unread += 1
                if highlight { buffers[index].highlights += 1 }
                if isQuery { offlineMessages[buffers[index].name] = text }
            }
            return
        }
        if fromMe && confirmEcho(m, kind: kind, target: target, text: text, time: time, msgid: msgid) {
            flushAfterConfirmation(out: &out)
            return
        }
        if let id = msgid, buffers[index].lines.contains(where: { $0.msgid == id }) { return }
        if fromMe { line.delivery = .delivered }
        buffers[index].append(line)
        guard !fromMe, index != 0 else { return }
        if focused.map({ same($0, buffers[index].name) }) != true {
            buffers[index].unread += 1
            if highlight { buffers[index].highlights += 1 }
        }
        if buffers[index].kind == .query && !notice {
            out.append(.notify(.privateMessage(from: sender, text: text)))
        } else if highlight && buffers[index].kind == .channel {
            out.append(.notify(.highlight(from: sender, channel: buffers[index].name, text: text)))
        }
    }

    /// Whether `text` mentions our nick as a word.
    func mentionsMe(_ text: String) -> Bool {
        let me = Array(caseMapping.fold(nick).utf8)
        let t = Array(caseMapping.fold(text).utf8)
        guard !me.isEmpty, t.count >= me.count else { return false }
        func isNickByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b == 0x2D
                || (b >= 0x5B && b <= 0x60) || (b >= 0x7B && b <= 0x7D)
        }
        var i = 0
        while i + me.count <= t.count {
            if t[i..<(i + me.count)].elementsEqual(me) {
                let before = i == 0 || !isNickByte(t[i - 1])
                let after = i + me.count == t.count || !isNickByte(t[i + me.count])
                if before && after { return true }
            }
            i += 1
        }
        return false
    }

    /// JOIN <channel> [<account> :<realname>]
    mutating func handleJoin(_ m: IRCMessage, time: Double, out: inout [ChatAction]) {
        guard let channel = m[parameter: 0], let who = m.source?.name else { return }
        let i = ensureBuffer(channel, kind: .channel)
        buffers[i].members[who] = buffers[i].members[who] ?? ""
        if same(who, nick) {
            buffers[i].joined = true
            if !config.channels.contains(where: { same($0, channel) }) { config.channels.append(channel) }
            if recovery[caseMapping.fold(channel)]?.requested == false {
                requestRecovery(channel, out: &out)
            } else {
                requestHistory(bufferAt: i, out: &out)
            }
        } else {
            buffers[i].append(ChatLine(time: time, sender: who, text: "\(who) joined \(channel)", kind: .event))
            sawFriend(who, online: true, out: &out)
        }
    }

    /// PART <channel> [:<reason>]
    mutating func handlePart(_ m: IRCMessage, time: Double) {
        guard let channel = m[parameter: 0], let who = m.source?.name, let i = bufferIndex(channel) else { return }
        buffers[i].members[who] = nil
        if same(who, nick) {
            buffers[i].joined = false
            buffers[i].members = [:]
        }
        let reason = m.parameters.count > 1 ? " (\(m.parameters[1]))" : ""
        buffers[i].append(ChatLine(time: time, sender: who, text: "\(who) left \(channel)\(reason)", kind: .event))
    }

    /// KICK <channel> <nick> [:<reason>]
    mutating func handleKick(_ m: IRCMessage, time: Double) {
        guard m.parameters.count >= 2, let i = bufferIndex(m.parameters[0]) else { return }
        let victim = m.parameters[1]
        buffers[i].members[victim] = nil
        if same(victim, nick) {
            buffers[i].joined = false
            let cm = caseMapping
            config.channels.removeAll { cm.equal($0, m.parameters[0]) }
        }
        let by = m.source?.name ?? "server"
        buffers[i].append(ChatLine(time: time, sender: by, text: "\(by) kicked \(victim) (\(m.parameters.last ?? ""))", kind: .event))
    }

    /// QUIT [:<reason>]
    mutating func handleQuit(_ m: IRCMessage, time: Double, out: inout [ChatAction]) {
        guard let who = m.source?.name else { return }
        for i in buffers.indices where buffers[i].members[who] != nil || (buffers[i].kind == .query && same(buffers[i].name, who)) {
            buffers[i].members[who] = nil
            buffers[i].append(ChatLine(time: time, sender: who, text: "\(who) quit (\(m[parameter: 0] ?? ""))", kind: .event))
        }
        sawFriend(who, online: false, out: &out)
    }

    /// NICK <newnick>
    mutating func handleNick(_ m: IRCMessage, time: Double) {
        guard let old = m.source?.name, let new = m[parameter: 0] else { return }
        if same(old, nick) { nick = new }
        for i in buffers.indices {
            if let prefix = buffers[i].members[old] {
                buffers[i].members[old] = nil
                buffers[i].members[new] = prefix
                buffers[i].append(ChatLine(time: time, sender: old, text: "\(old) is now known as \(new)", kind: .event))
            } else if buffers[i].kind == .query && same(buffers[i].name, old) {
                buffers[i].name = new
                buffers[i].append(ChatLine(time: time, sender: old, text: "\(old) is now known as \(new)", kind: .event))
            }
        }
    }

    /// TOPIC <channel> :<topic>
    mutating func handleTopic(_ m: IRCMessage, time: Double) {
        guard m.parameters.count >= 2, let i = bufferIndex(m.parameters[0]) else { return }
        buffers[i].topic = m.parameters[1]
        let by = m.source?.name ?? "server"
        buffers[i].append(ChatLine(time: time, sender: by, text: "\(by) set the topic: \(m.parameters[1])", kind: .event))
    }

    /// 353 RPL_NAMREPLY <me> <symbol> <channel> :<[prefix]nick ...>
    mutating func namesReply(_ m: IRCMessage) {
        guard m.parameters.count >= 4 else { return }
        let i = ensureBuffer(m.parameters[2], kind: .channel)
        let prefixes = Set(prefixSymbols)
        for entry in m.parameters[3].split(separator: " ") {
            let symbols = entry.prefix { prefixes.contains($0) }
            var name = entry.dropFirst(symbols.count)
            if let bang = name.firstIndex(of: "!") { name = name[..<bang] }
            buffers[i].members[String(name)] = String(symbols)
        }
    }

    /// The membership prefix symbols (`@+` …) from ISUPPORT PREFIX.
    var prefixSymbols: String {
        guard let p = isupport["PREFIX"], let close = p.firstIndex(of: ")") else { return "~&@%+" }
        return String(p[p.index(after: close)...])
    }
}
