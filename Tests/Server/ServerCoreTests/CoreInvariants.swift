import IRCProtocol
@testable import ServerCore

/// What must hold of the core's state after every step, whatever came before (issue 17,
/// item 2): every nick maps to one client and back, connections and users agree, channel
/// membership is symmetric, nobody is in a channel they left, and nothing a failed history
/// write held back reached anybody.
extension CoreHarness {
    func violations() -> [String] {
        var found = problems
        let core = self.core
        // Users and their connections.
        for (id, client) in core.clients where client.id != id {
            found.append("clients[\(id)] holds \(client.id)")
        }
        for (id, client) in core.connections {
            if core.clients[client.id] !== client { found.append("connection \(id) speaks for \(client.id), who is not a client") }
            if !client.links.contains(where: { $0.id == id }) { found.append("connection \(id) is not among \(client.id)'s links") }
            if closed.contains(id) { found.append("connection \(id) was closed but the core still holds it") }
        }
        for client in core.clients.values {
            if client.links.isEmpty && !(core.config.alwaysOn && client.account != nil) {
                found.append("\(client.id) has no connection left")
            }
            for link in client.links where core.connections[link.id] !== client {
                found.append("\(client.id)'s link \(link.id) is not its connection")
            }
            if !client.links.isEmpty && !client.links.contains(where: { $0 === client.link }) {
                found.append("\(client.id)'s current link is not one of its links")
            }
        }
        // The sweep's parts hold exactly the connections, each in the part of its number.
        var inParts = 0
        for part in 0..<ConnectionTable.sweepParts {
            for (id, _) in core.connections.sweepPart(part) {
                inParts += 1
                if Int(id.rawValue % UInt64(ConnectionTable.sweepParts)) != part { found.append("connection \(id) swept in part \(part)") }
                if core.connections[id] == nil { found.append("sweep part \(part) holds \(id), which the core does not") }
            }
        }
        if inParts != core.connections.count { found.append("the sweep's parts hold \(inParts) connections, the core \(core.connections.count)") }
        let open = Set(slots.values)
        let held = Set(core.connections.keys)
        if open != held { found.append("open connections \(open.sorted { $0.rawValue < $1.rawValue }) but the core holds \(held.sorted { $0.rawValue < $1.rawValue })") }

        // Nicks.
        for (folded, client) in core.nicks {
            if core.clients[client.id] !== client { found.append("nick \(folded) belongs to \(client.id), who is gone") }
            if client.nick.map(core.fold) != folded { found.append("nick \(folded) maps to \(client.id) named \(client.nick ?? "nil")") }
        }
        var registered = 0
        for client in core.clients.values where client.registered {
            registered += 1
            guard let nick = client.nick else {
                found.append("\(client.id) is registered without a nick")
                continue
            }
            if core.nicks[core.fold(nick)] !== client { found.append("\(client.id)'s nick \(nick) does not map back to it") }
        }
        if registered != core.registeredCount { found.append("registeredCount \(core.registeredCount), but \(registered) are registered") }

        // Channels.
        for (folded, channel) in core.channels {
            if channel.folded != folded { found.append("channels[\(folded)] is \(channel.folded)") }
            if channel.members.isEmpty { found.append("channel \(channel.name) is kept with no members") }
            if channel.orderedMembers.count != channel.members.count { found.append("channel \(channel.name)'s order lost a member") }
            for member in channel.members.values {
                if core.clients[member.client.id] !== member.client { found.append("\(channel.name) keeps \(member.client.id), who is gone") }
                if member.client.channels[folded] !== channel { found.append("\(channel.name) lists \(member.client.id), who is not in it") }
                if !member.client.registered { found.append("\(channel.name) lists \(member.client.id), who is not registered") }
            }
        }
        for client in core.clients.values {
            for (folded, channel) in client.channels {
                if core.channels[folded] !== channel { found.append("\(client.id) is in \(channel.name), which the server forgot") }
                if channel.members[client.id] == nil { found.append("\(client.id) thinks it is in \(channel.name), which does not list it") }
            }
        }

        // History: nothing that could not be stored was relayed.
        for msgid in withheld.intersection(deliveredMsgids) {
            found.append("message \(msgid) reached someone although its history write failed")
        }
        return found
    }

    /// Once storage has answered everything: every labeled command of a connection still open
    /// was answered exactly once — one line carrying its label (a reply, the opening BATCH of
    /// a labeled-response batch, or an ACK).
    func unansweredLabels() -> [String] {
        var found: [String] = []
        for (id, labels) in labelsSent where !closed.contains(id) {
            var counts: [String: Int] = [:]
            for message in received[id] ?? [] {
                if let label = message.tag("label") { counts[label, default: 0] += 1 }
            }
            for label in labels where counts[label, default: 0] != 1 {
                found.append("\(id)'s label \(label) was answered \(counts[label, default: 0]) times")
            }
        }
        return found
    }
}
