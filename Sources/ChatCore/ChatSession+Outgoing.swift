import IRCProtocol

/// One line the user typed, from the moment it is typed until the server confirms it.
struct Outgoing: Hashable, Sendable {
    enum State: Hashable, Sendable {
        /// Not written yet (typed while disconnected, or waiting for registration).
        case queued
        /// Written; waiting for the echo (or ACK) that confirms it.
        case awaitingEcho
    }

    var id: Int
    var target: String
    var text: String
    var action: Bool
    var state: State

    var label: String { "tk\(id)" }
}

/// The outgoing queue: typed lines are shown as pending, written once, confirmed by echo or label.
extension ChatSession {
    /// The most bytes of text per PRIVMSG, leaving room for the source the server prepends.
    static func textBudget(target: String) -> Int { max(60, 400 - target.utf8.count) }

    /// Queues `text` for `target` (split into lines that fit), shows it pending, sends if online.
    mutating func say(target: String, text: String, action: Bool, now: Double, out: inout [ChatAction]) {
        let isChan = isChannel(target)
        let index = ensureBuffer(target, kind: isChan ? .channel : .query)
        let name = buffers[index].name
        for piece in ChatSession.split(text, maxBytes: ChatSession.textBudget(target: name)) {
            let id = nextLocalID
            nextLocalID += 1
            outgoing.append(Outgoing(id: id, target: name, text: piece, action: action, state: .queued))
            buffers[index].append(ChatLine(time: now, sender: nick, text: piece, kind: action ? .action : .message,
                                           delivery: .pending, localID: id))
        }
        if phase == .online && welcomeDone { flushQueue(out: &out) }
    }

    /// Writes every queued line once, in the order typed.
    mutating func flushQueue(out: inout [ChatAction]) {
        for i in outgoing.indices where outgoing[i].state == .queued {
            let o = outgoing[i]
            var m = IRCMessage("PRIVMSG", o.target, o.action ? "\u{1}ACTION \(o.text)\u{1}" : o.text)
            if has("labeled-response") && has("batch") { m.setTag("label", o.label) }
            out.append(.send(m))
            outgoing[i].state = .awaitingEcho
        }
        if !has("echo-message") {
            for o in outgoing { setDelivery(localID: o.id, .sent) }
            outgoing.removeAll()
        }
    }

    /// Our own PRIVMSG came back (echo-message): confirm the matching pending line.
    mutating func confirmEcho(_ m: IRCMessage, kind: ChatLine.Kind, target: String, text: String, time: Double, msgid: String?) -> Bool {
        var which: Int?
        if let label = m.tag("label") {
            which = outgoing.firstIndex { $0.label == label }
        }
        if which == nil {
            which = outgoing.firstIndex {
                $0.state == .awaitingEcho && same($0.target, target) && $0.text == text && $0.action == (kind == .action)
            }
        }
        guard let w = which else { return false }
        let id = outgoing[w].id
        outgoing.remove(at: w)
        for b in buffers.indices {
            if let l = buffers[b].lines.lastIndex(where: { $0.localID == id }) {
                buffers[b].lines[l].delivery = .delivered
                buffers[b].lines[l].time = time
                buffers[b].lines[l].msgid = msgid
                return true
            }
        }
        return true
    }

    /// ACK with a label: the server took a labelled message without an echo.
    mutating func confirmLabel(_ m: IRCMessage) {
        guard let label = m.tag("label"), let w = outgoing.firstIndex(where: { $0.label == label }) else { return }
        setDelivery(localID: outgoing[w].id, .delivered)
        outgoing.remove(at: w)
    }

    /// An error reply carrying one of our labels: that line was refused.
    mutating func failLabel(_ m: IRCMessage) {
        guard let label = m.tag("label"), let w = outgoing.firstIndex(where: { $0.label == label }) else { return }
        setDelivery(localID: outgoing[w].id, .failed)
        outgoing.remove(at: w)
    }

    /// The connection died: written lines without their echo may or may not have arrived.
    /// They are not written again (that could double them); the view marks them.
    mutating func markInFlightUnconfirmed() {
        for o in outgoing where o.state == .awaitingEcho { setDelivery(localID: o.id, .unconfirmed) }
        outgoing.removeAll { $0.state == .awaitingEcho }
    }

    mutating func setDelivery(localID: Int, _ delivery: ChatLine.Delivery) {
        for b in buffers.indices {
            if let l = buffers[b].lines.lastIndex(where: { $0.localID == localID }) {
                buffers[b].lines[l].delivery = delivery
                return
            }
        }
    }

    /// Splits text into pieces of at most `maxBytes` UTF-8 bytes, at character boundaries,
    /// preferring spaces; line breaks become separate pieces and empty pieces are dropped.
    public static func split(_ text: String, maxBytes: Int) -> [String] {
        var pieces: [String] = []
        for raw in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            var current = ""
            var lastSpace: String.Index?
            for ch in raw {
                if current.utf8.count + String(ch).utf8.count > maxBytes {
                    if let sp = lastSpace, sp > current.startIndex {
                        pieces.append(String(current[..<sp]))
                        current = String(current[current.index(after: sp)...])
                    } else {
                        pieces.append(current)
                        current = ""
                    }
                    lastSpace = nil
                }
                if ch == " " { lastSpace = current.endIndex }
                current.append(ch)
            }
            if !current.trimmingSpaces.isEmpty { pieces.append(current) }
        }
        return pieces.filter { !$0.isEmpty }
    }
}

extension String {
    var trimmingSpaces: Substring {
        let s = drop { $0 == " " }
        return s.dropLast(s.reversed().prefix { $0 == " " }.count)
    }
}
