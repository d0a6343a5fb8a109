import IRCProtocol

/// Friends' presence: MONITOR when the server has it, ISON polling otherwise, and what
/// JOIN, QUIT and away-notify reveal on the way.
extension ChatSession {
    /// Whether the server supports MONITOR (ISUPPORT `MONITOR`).
    var hasMonitor: Bool { isupport["MONITOR"] != nil }

    /// After the welcome: ask for the presence of every friend.
    mutating func startPresence(out: inout [ChatAction]) {
        let names = config.friends
        guard !names.isEmpty else { return }
        if hasMonitor {
            for chunk in joinChunks(names) { out.append(.send(IRCMessage("MONITOR", "+", chunk))) }
        } else {
            pollPresence(out: &out)
        }
    }

    /// Without MONITOR: ISON every other tick.
    mutating func pollPresence(out: inout [ChatAction]) {
        guard !hasMonitor, !config.friends.isEmpty else { return }
        isonAsked = config.friends
        out.append(.send(IRCMessage(command: "ISON", parameters: [config.friends.joined(separator: " ")])))
    }

    /// 730 RPL_MONONLINE / 731 RPL_MONOFFLINE <me> :<target[!user@host]>[,...]
    mutating func monitorReply(online: Bool, _ m: IRCMessage, out: inout [ChatAction]) {
        for entry in (m.parameters.last ?? "").split(separator: ",") {
            let name = String(entry.prefix { $0 != "!" })
            sawFriend(name, online: online, out: &out)
        }
    }

    /// 303 RPL_ISON <me> :<nick>[ <nick>...]
    mutating func isonReply(_ m: IRCMessage, out: inout [ChatAction]) {
        let online = (m.parameters.last ?? "").split(separator: " ").map(String.init)
        for name in isonAsked {
            sawFriend(name, online: online.contains { same($0, name) }, out: &out)
        }
    }

    /// AWAY [:<message>] (away-notify)
    mutating func handleAway(_ m: IRCMessage) {
        guard let who = m.source?.name, let key = friendKey(who) else { return }
        friends[key] = m.parameters.isEmpty ? .online : .away
    }

    /// Records a friend's presence; announces offline → online and online → offline changes.
    mutating func sawFriend(_ name: String, online: Bool, out: inout [ChatAction]) {
        guard let key = friendKey(name) else { return }
        let before = friends[key] ?? .unknown
        if online {
            guard before != .online && before != .away else { return }
            friends[key] = .online
            if before == .offline { out.append(.notify(.friendOnline(key))) }
        } else {
            friends[key] = .offline
            if before == .online || before == .away { out.append(.notify(.friendOffline(key))) }
        }
    }

    /// The friend-list spelling of `name`, if it is a friend.
    func friendKey(_ name: String) -> String? {
        config.friends.first { same($0, name) }
    }

    mutating func addFriend(_ name: String, out: inout [ChatAction]) {
        guard friendKey(name) == nil, !name.isEmpty else { return }
        config.friends.append(name)
        friends[name] = .unknown
        out.append(.friendsChanged(config.friends))
        guard phase == .online else { return }
        if hasMonitor {
            out.append(.send(IRCMessage("MONITOR", "+", name)))
        } else {
            pollPresence(out: &out)
        }
    }

    mutating func removeFriend(_ name: String, out: inout [ChatAction]) {
        guard let key = friendKey(name) else { return }
        config.friends.removeAll { $0 == key }
        friends[key] = nil
        out.append(.friendsChanged(config.friends))
        if phase == .online && hasMonitor { out.append(.send(IRCMessage("MONITOR", "-", key))) }
    }
}
