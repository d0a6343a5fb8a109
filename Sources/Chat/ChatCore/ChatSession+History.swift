import IRCProtocol

/// Batches, CHATHISTORY (on join and for offline messages via TARGETS) and read markers.
extension ChatSession {
    /// Whether the server enabled chat history.
    var hasHistory: Bool { has("draft/chathistory") || has("chathistory") }

    /// BATCH +<ref> <type> [<params>...] | BATCH -<ref>
    mutating func handleBatch(_ m: IRCMessage, now: Double, out: inout [ChatAction]) {
        guard let ref = m[parameter: 0], ref.count > 1 else { return }
        let name = String(ref.dropFirst())
        if ref.hasPrefix("+") {
            batches[name] = Batch(type: m[parameter: 1] ?? "", parameters: Array(m.parameters.dropFirst(2)))
        } else if let batch = batches[name], batch.type.hasSuffix("chathistory-targets") {
            batches[name] = nil
            for target in historyTargets {
                let i = ensureBuffer(target, kind: isChannel(target) ? .channel : .query)
                // Ask for the read marker first, so the history that follows counts unread right.
                if has("draft/read-marker") && buffers[i].kind == .query && !buffers[i].historyRequested {
                    out.append(.send(IRCMessage("MARKREAD", buffers[i].name)))
                }
                requestHistory(bufferAt: i, out: &out)
            }
            historyTargets = []
        } else {
            if let batch = batches.removeValue(forKey: name), batch.type == "chathistory", let target = batch.parameters.first {
                recoveryBatchEnded(target: target, now: now, out: &out)
            }
            guard batches.values.allSatisfy({ $0.type != "chathistory" }) else { return }
            for (from, text) in offlineMessages.sorted(by: { $0.key < $1.key }) {
                out.append(.notify(.privateMessage(from: from, text: text)))
            }
            offlineMessages = [:]
        }
    }

    /// A message inside a batch; returns whether it was fully handled here.
    mutating func receiveInBatch(_ m: IRCMessage, batch: Batch, time: Double, out: inout [ChatAction]) -> Bool {
        switch batch.type {
        case "chathistory":
            if let target = batch.parameters.first { countRecoveryItem(target: target, msgid: m.tag("msgid")) }
            if m.normalizedCommand == "PRIVMSG" || m.normalizedCommand == "NOTICE" {
                handleMessage(m, time: time, history: true, out: &out)
            }
            return true
        case "draft/chathistory-targets", "chathistory-targets":
            if m.normalizedCommand == "CHATHISTORY", m[parameter: 0] == "TARGETS", let target = m[parameter: 1] {
                historyTargets.append(target)
            }
            return true
        default:
            return false
        }
    }

    /// After login: ask which conversations had messages since we were last here.
    mutating func requestHistoryTargets(now: Double, out: inout [ChatAction]) {
        guard hasHistory else { return }
        let newest = buffers.flatMap { $0.lines.filter { $0.msgid != nil }.map(\.time) }.max()
        let since = newest ?? now - 7 * 86400
        out.append(.send(IRCMessage(command: "CHATHISTORY", parameters: [
            "TARGETS", "timestamp=" + ServerTime.format(since), "timestamp=" + ServerTime.format(now + 60), "50",
        ])))
    }

    /// Asks for the latest history of a buffer, once per connection.
    mutating func requestHistory(bufferAt i: Int, out: inout [ChatAction]) {
        guard hasHistory, !buffers[i].historyRequested, buffers[i].kind != .server else { return }
        buffers[i].historyRequested = true
        let limit = min(100, Int(isupport["CHATHISTORY"] ?? isupport["draft/CHATHISTORY"] ?? "") ?? 100)
        let anchor = buffers[i].lines.last(where: { $0.msgid != nil })?.msgid.map { "msgid=" + $0 } ?? "*"
        out.append(.send(IRCMessage(command: "CHATHISTORY", parameters: ["LATEST", buffers[i].name, anchor, String(max(1, limit))])))
    }

    /// MARKREAD <target> timestamp=<time>|*
    mutating func handleMarkRead(_ m: IRCMessage) {
        guard let target = m[parameter: 0], let i = bufferIndex(target),
              let stamp = m[parameter: 1], stamp.hasPrefix("timestamp="),
              let t = ServerTime.parse(String(stamp.dropFirst(10))) else { return }
        if let old = buffers[i].readUpTo, old >= t { return }
        buffers[i].readUpTo = t
        let newer = buffers[i].lines.filter { $0.time > t && ($0.kind == .message || $0.kind == .action) && !same($0.sender, nick) }
        buffers[i].unread = newer.count
        buffers[i].highlights = newer.filter(\.highlight).count
    }

    /// The user has read buffer `i`: clear its counts and tell the server (read-marker).
    mutating func markRead(bufferAt i: Int, out: inout [ChatAction]) {
        buffers[i].unread = 0
        buffers[i].highlights = 0
        guard let last = buffers[i].lines.last?.time else { return }
        if let old = buffers[i].readUpTo, old >= last { return }
        buffers[i].readUpTo = last
        if has("draft/read-marker") && phase == .online && buffers[i].kind != .server {
            out.append(.send(IRCMessage("MARKREAD", buffers[i].name, "timestamp=" + ServerTime.format(last))))
        }
    }
}
