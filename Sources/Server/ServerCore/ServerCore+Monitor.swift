import IRCProtocol

/// MONITOR (presence of friends) and extended-monitor.
extension ServerCore {
    /// MONITOR + <target>{,<target>} | MONITOR - <target>{,<target>} | MONITOR C | MONITOR L | MONITOR S
    func handleMonitor(_ client: Client, _ message: IRCMessage) {
        let sub = message.parameters[0]
        switch sub {
        case "+":
            guard let list = message[parameter: 1] else {
                reply(client, .errNeedMoreParams, "MONITOR", "Not enough parameters")
                return
            }
            var online: [String] = [], offline: [String] = []
            let targets = list.split(separator: ",").map(String.init).filter { !$0.isEmpty }
            for (i, target) in targets.enumerated() {
                let folded = fold(target)
                if !client.monitoring.contains(folded) {
                    guard client.monitoring.count < config.maxMonitor else {
                        reply(client, .errMonListFull, String(config.maxMonitor), targets[i...].joined(separator: ","),
                              "Monitor list is full.")
                        break
                    }
                    guard IRCNames.isValidNickname(target, maxLength: config.maxNickLength) else { continue }
                    client.monitoring.insert(folded)
                    ext.watchers[folded, default: []].insert(client.id)
                }
                if let other = self.client(named: target), other.registered {
                    online.append(other.source.description)
                } else {
                    offline.append(target)
                }
            }
            sendMonitorList(client, .rplMonOnline, online)
            sendMonitorList(client, .rplMonOffline, offline)
        case "-":
            guard let list = message[parameter: 1] else {
                reply(client, .errNeedMoreParams, "MONITOR", "Not enough parameters")
                return
            }
            for target in list.split(separator: ",") { unwatch(client, fold(String(target))) }
        case "C", "c":
            for folded in client.monitoring { unwatch(client, folded) }
        case "L", "l":
            var names: [String] = []
            for folded in client.monitoring.sorted() {
                names.append(self.client(named: folded)?.displayNick ?? folded)
            }
            sendMonitorList(client, .rplMonList, names)
            reply(client, .rplEndOfMonList, "End of MONITOR list")
        case "S", "s":
            var online: [String] = [], offline: [String] = []
            for folded in client.monitoring.sorted() {
                if let other = self.client(named: folded), other.registered {
                    online.append(other.source.description)
                } else {
                    offline.append(folded)
                }
            }
            sendMonitorList(client, .rplMonOnline, online)
            sendMonitorList(client, .rplMonOffline, offline)
        default:
            reply(client, .errUnknownCommand, "MONITOR", "Unknown MONITOR subcommand")
        }
    }

    private func unwatch(_ client: Client, _ folded: String) {
        client.monitoring.remove(folded)
        ext.watchers[folded]?.remove(client.id)
        if ext.watchers[folded]?.isEmpty == true { ext.watchers.removeValue(forKey: folded) }
    }

    /// Sends `numeric` with comma-joined `items`, split so that every line stays short.
    private func sendMonitorList(_ client: Client, _ numeric: Numeric, _ items: [String]) {
        var line = ""
        for item in items {
            if !line.isEmpty && line.utf8.count + item.utf8.count > 400 {
                reply(client, numeric, line)
                line = ""
            }
            line += line.isEmpty ? item : "," + item
        }
        if !line.isEmpty { reply(client, numeric, line) }
    }

    /// Tells watchers of `client`'s nick that it came online (730).
    func monitorOnline(_ client: Client) {
        guard let folded = client.foldedNick, let ids = ext.watchers[folded] else { return }
        for id in ids {
            guard let watcher = clients[id] else { continue }
            reply(watcher, .rplMonOnline, client.source.description)
        }
    }

    /// Tells watchers of `nick` that it went offline (731).
    func monitorOffline(_ nick: String) {
        guard let ids = ext.watchers[fold(nick)] else { return }
        for id in ids {
            guard let watcher = clients[id] else { continue }
            reply(watcher, .rplMonOffline, nick)
        }
    }

    /// Forgets the MONITOR list of a departing client.
    func dropMonitors(_ client: Client) {
        for folded in client.monitoring { unwatch(client, folded) }
    }

    /// Watchers of `client` with extended-monitor and `cap`, who share no channel with it.
    func extendedWatchers(of client: Client, needing cap: CapabilitySet) -> [Client] {
        guard let folded = client.foldedNick, let ids = ext.watchers[folded] else { return [] }
        return ids.compactMap { id in
            guard let w = clients[id], w !== client, w.links.contains(where: { $0.caps.isSuperset(of: cap.union(.extendedMonitor)) }) else { return nil }
            return w.channels.keys.contains(where: { client.channels[$0] != nil }) ? nil : w
        }
    }
}
