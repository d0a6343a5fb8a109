import IRCProtocol

/// What the user asks for.
extension ChatSession {
    mutating func perform(_ intent: ChatIntent, now: Double, out: inout [ChatAction]) {
        switch intent {
        case .say(let target, let text, let action):
            say(target: target, text: text, action: action, now: now, out: &out)
        case .join(let channel):
            let i = ensureBuffer(channel, kind: .channel)
            if !config.channels.contains(where: { same($0, channel) }) { config.channels.append(channel) }
            if phase == .online { out.append(.send(IRCMessage("JOIN", buffers[i].name))) }
        case .part(let channel, let reason):
            let cm = caseMapping
            config.channels.removeAll { cm.equal($0, channel) }
            if phase == .online { out.append(.send(IRCMessage(command: "PART", parameters: reason.isEmpty ? [channel] : [channel, reason]))) }
        case .query(let name):
            _ = ensureBuffer(name, kind: .query)
        case .close(let name):
            guard let i = bufferIndex(name) else { return }
            if buffers[i].kind == .channel {
                let cm = caseMapping
                config.channels.removeAll { cm.equal($0, name) }
                if phase == .online && buffers[i].joined { out.append(.send(IRCMessage("PART", buffers[i].name))) }
            }
            let cm = caseMapping
            outgoing.removeAll { cm.equal($0.target, name) && $0.state == .queued }
            buffers.remove(at: i)
            if let f = focused, same(f, name) { focused = nil }
        case .nick(let new):
            if phase == .online {
                out.append(.send(IRCMessage("NICK", new)))
            } else {
                nick = new
            }
            config.nick = new
        case .topic(let channel, let text):
            if phase == .online {
                out.append(.send(IRCMessage(command: "TOPIC", parameters: text.map { [channel, $0] } ?? [channel])))
            } else if let i = bufferIndex(channel) {
                info("Topic of \(channel): \(buffers[i].topic)", now: now)
            }
        case .addFriend(let name):
            addFriend(name, out: &out)
        case .removeFriend(let name):
            removeFriend(name, out: &out)
        case .markRead(let name):
            if let i = bufferIndex(name) { markRead(bufferAt: i, out: &out) } else if name == buffers[0].name { buffers[0].unread = 0 }
        case .focus(let name):
            if let old = focused, let i = bufferIndex(old) { markRead(bufferAt: i, out: &out) }
            focused = name
            if let name, let i = bufferIndex(name) {
                markRead(bufferAt: i, out: &out)
                if phase == .online { requestHistory(bufferAt: i, out: &out) }
            }
        case .raw(let line):
            if phase == .online, let m = try? IRCMessage(parsing: line, limits: .fromClient), (try? m.validate()) != nil {
                out.append(.send(m))
            } else {
                info("Cannot send that line now.", kind: .error, now: now)
            }
        case .visit(let nick):
            visit(nick, now: now, out: &out)
        case .look(let look):
            changeLook(look, out: &out)
        case .quit(let reason):
            if connection != nil {
                connection?.afterClose = .stayDown
                out.append(.send(IRCMessage("QUIT", reason)))
                out.append(.disconnect)
            } else {
                stage = .disconnected(reconnecting: false)
            }
        case .connect:
            if case .disconnected = stage {
                stage = .connecting
                out.append(.connect)
            }
        case .reconfigure(let new):
            config = new
            endpointIndex = 0
            nick = new.nick
            account = nil
            loginMechanism = nil
            for f in new.friends where friends[f] == nil { friends[f] = .unknown }
        }
    }
}
