import IRCProtocol

/// One line the user typed, from the moment it is typed until the server confirms it.
struct Outgoing: Hashable, Sendable {
    enum State: Hashable, Sendable {
        /// Not written yet (typed while disconnected, or waiting for registration).
        case queued
        /// Written; waiting for the echo (or ACK) that confirms it.
        case awaitingEcho
        /// Written, then the connection died before its echo: after the reconnect, history
        /// tells whether it arrived (then it is confirmed) or not (then it is written again).
        case unsure
    }

    var id: Int
    var target: String
    var text: String
    var action: Bool
    var state: State

    var label: String { "tk\(id)" }
}

/// One conversation whose unsure lines are being looked for in history after a reconnect.
struct Recovery: Hashable, Sendable {
    /// The target as the buffer names it.
    var target: String
    /// When recovery began (it is abandoned after `ChatSession.recoveryTimeout`).
    var started: Double
    /// `msgid=…` or `timestamp=…`: history is asked for after this.
    var anchor: String
    /// The page size asked for.
    var limit: Int
    /// The CHATHISTORY request went out on this connection (channels wait for our JOIN).
    var requested = false
    /// Messages received in the page under way, and the newest msgid among them.
    var received = 0
    var lastMsgid: String?
}

/// The outgoing queue: typed lines are shown as pending, written once, confirmed by echo or label.
///
/// Lines are written at most `maxInFlight` at a time when the server echoes them (a pasted
/// burst must not trip the server's flood limit). When the connection dies with lines written
/// but unconfirmed, and the server offers labeled-response, echo-message, message-tags, batch
/// and chathistory, those lines become `unsure`: after the next welcome the session asks
/// `CHATHISTORY AFTER` the last known message before them (page by page), recognises ours
/// (sender us, same target and text, in order, msgids not already shown), confirms those and
/// writes the others again, once, in order, before any line typed later for that target.
/// Without those capabilities they become `unconfirmed` and are never written again.
extension ChatSession {
    /// The most lines written and awaiting their echo at once.
    public static let maxInFlight = 10
    /// Seconds after which a history lookup that has not answered is given up.
    public static let recoveryTimeout = 60.0

    /// Whether this connection lets the session find out which unconfirmed lines arrived.
    var canRecover: Bool {
        has("labeled-response") && has("echo-message") && has("message-tags") && has("batch") && hasHistory
    }
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
        if isSettled { flushQueue(out: &out) }
    }

    /// Writes queued lines once, in the order typed: with echo-message at most `maxInFlight`
    /// awaiting their echo; none for a target whose unsure lines are being looked for.
    mutating func flushQueue(out: inout [ChatAction]) {
        let paced = has("echo-message")
        var inFlight = outgoing.filter { $0.state == .awaitingEcho }.count
        for i in outgoing.indices where outgoing[i].state == .queued {
            if paced && inFlight >= ChatSession.maxInFlight { break }
            let o = outgoing[i]
            if recovery[caseMapping.fold(o.target)] != nil { continue }
            var m = IRCMessage("PRIVMSG", o.target, o.action ? "\u{1}ACTION \(o.text)\u{1}" : o.text)
            if has("labeled-response") && has("batch") { m.setTag("label", o.label) }
            out.append(.send(m))
            outgoing[i].state = .awaitingEcho
            inFlight += 1
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
            which = outgoing.firstIndex { $0.label == label && $0.state == .awaitingEcho }
        }
        if which == nil {
            which = outgoing.firstIndex {
                $0.state == .awaitingEcho && same($0.target, target) && $0.text == text && $0.action == (kind == .action)
            }
        }
        guard let w = which else { return false }
        confirmDelivered(outgoing.remove(at: w), time: time, msgid: msgid)
        return true
    }

    /// ACK with a label: the server took a labelled message without an echo.
    mutating func confirmLabel(_ m: IRCMessage, out: inout [ChatAction]) {
        guard let label = m.tag("label"), let w = outgoing.firstIndex(where: { $0.label == label && $0.state == .awaitingEcho }) else {
            return
        }
        setDelivery(localID: outgoing[w].id, .delivered)
        outgoing.remove(at: w)
        flushAfterConfirmation(out: &out)
    }

    /// An error reply carrying one of our labels: that line was refused.
    mutating func failLabel(_ m: IRCMessage, out: inout [ChatAction]) {
        guard let label = m.tag("label"), let w = outgoing.firstIndex(where: { $0.label == label && $0.state == .awaitingEcho }) else {
            return
        }
        setDelivery(localID: outgoing[w].id, .failed)
        outgoing.remove(at: w)
        flushAfterConfirmation(out: &out)
    }

    /// A line was confirmed or refused: room for more in flight.
    mutating func flushAfterConfirmation(out: inout [ChatAction]) {
        if isSettled && outgoing.contains(where: { $0.state == .queued }) { flushQueue(out: &out) }
    }

    /// The connection died: written lines without their echo may or may not have arrived.
    /// With a server that can tell (history with msgids, echoes, labels) they become `unsure`
    /// and are looked for after the reconnect; else they are not written again (that could
    /// double them) and the view marks them.
    mutating func markInFlightUnconfirmed() {
        let recoverable = canRecover
        recovery = [:]
        for i in outgoing.indices where outgoing[i].state == .awaitingEcho {
            if recoverable { outgoing[i].state = .unsure } else { setDelivery(localID: outgoing[i].id, .unconfirmed) }
        }
        outgoing.removeAll { $0.state == .awaitingEcho }
    }

    /// After the welcome: look for the unsure lines of each target in history (channels once
    /// joined), or, on a server that cannot tell, give them up as `unconfirmed`.
    mutating func startRecovery(now: Double, out: inout [ChatAction]) {
        var targets: [String] = []
        for o in outgoing where o.state == .unsure && !targets.contains(where: { same($0, o.target) }) { targets.append(o.target) }
        guard !targets.isEmpty else { return }
        guard canRecover else {
            for t in targets { giveUpRecovery(t, now: now) }
            return
        }
        let limit = min(100, Int(isupport["CHATHISTORY"] ?? isupport["draft/CHATHISTORY"] ?? "") ?? 100)
        for t in targets {
            let i = ensureBuffer(t, kind: isChannel(t) ? .channel : .query)
            let ids = Set(outgoing.filter { $0.state == .unsure && same($0.target, t) }.map(\.id))
            let lines = buffers[i].lines
            let first = lines.firstIndex { $0.localID.map(ids.contains) == true }
            let anchor: String
            if let first, let known = lines[..<first].last(where: { $0.msgid != nil })?.msgid {
                anchor = "msgid=" + known
            } else {
                // Nothing known before them: from a while before the first was typed.
                anchor = "timestamp=" + ServerTime.format((first.map { lines[$0].time } ?? now) - 600)
            }
            recovery[caseMapping.fold(t)] = Recovery(target: buffers[i].name, started: now, anchor: anchor, limit: max(1, limit))
            buffers[i].historyRequested = true
            if !isChannel(t) { requestRecovery(t, out: &out) }
        }
    }

    /// Asks for the next page of history after the recovery's anchor.
    mutating func requestRecovery(_ target: String, out: inout [ChatAction]) {
        let key = caseMapping.fold(target)
        guard var r = recovery[key] else { return }
        r.requested = true
        r.received = 0
        recovery[key] = r
        out.append(.send(IRCMessage(command: "CHATHISTORY", parameters: ["AFTER", r.target, r.anchor, String(r.limit)])))
    }

    /// A history message for a target under recovery: one of our unsure lines arrived after
    /// all? Returns whether it was (and is now confirmed, not inserted again).
    mutating func recognise(target: String, sender: String, text: String, kind: ChatLine.Kind, time: Double, msgid: String?) -> Bool {
        guard recovery[caseMapping.fold(target)]?.requested == true,
              same(sender, nick) || same(sender, config.nick),
              let w = outgoing.firstIndex(where: {
                  $0.state == .unsure && same($0.target, target) && $0.text == text && $0.action == (kind == .action)
              }) else { return false }
        confirmDelivered(outgoing.remove(at: w), time: time, msgid: msgid)
        return true
    }

    /// Counts one item of a `chathistory` batch for `target` (a full page asks for the next).
    mutating func countRecoveryItem(target: String, msgid: String?) {
        let key = caseMapping.fold(target)
        guard recovery[key]?.requested == true else { return }
        recovery[key]?.received += 1
        if let msgid { recovery[key]?.lastMsgid = msgid }
    }

    /// A `chathistory` batch ended: a full page asks for the next one; otherwise the unsure
    /// lines not found did not arrive and are written again, in order.
    mutating func recoveryBatchEnded(target: String, now: Double, out: inout [ChatAction]) {
        let key = caseMapping.fold(target)
        guard let r = recovery[key], r.requested else { return }
        if r.received >= r.limit, let last = r.lastMsgid {
            recovery[key]?.anchor = "msgid=" + last
            requestRecovery(r.target, out: &out)
            return
        }
        recovery[key] = nil
        var again = 0
        for i in outgoing.indices where outgoing[i].state == .unsure && same(outgoing[i].target, r.target) {
            outgoing[i].state = .queued
            again += 1
        }
        if again > 0 {
            info("\(again) line\(again == 1 ? "" : "s") to \(r.target) did not arrive before the disconnect; sending again.", now: now)
        }
        flushQueue(out: &out)
    }

    /// History cannot tell about `target`: its unsure lines stay unconfirmed (never doubled),
    /// and what was typed after them goes out.
    mutating func giveUpRecovery(_ target: String, now: Double) {
        recovery[caseMapping.fold(target)] = nil
        for o in outgoing where o.state == .unsure && same(o.target, target) { setDelivery(localID: o.id, .unconfirmed) }
        let cm = caseMapping
        outgoing.removeAll { $0.state == .unsure && cm.equal($0.target, target) }
    }

    /// FAIL CHATHISTORY, or no answer in time: give up the lookups under way.
    mutating func abandonRecoveries(now: Double, timedOutOnly: Bool, out: inout [ChatAction]) {
        let stale = recovery.values.filter { $0.requested && (!timedOutOnly || now - $0.started >= ChatSession.recoveryTimeout) }
            + recovery.values.filter { !$0.requested && timedOutOnly && now - $0.started >= ChatSession.recoveryTimeout }
        guard !stale.isEmpty else { return }
        for r in stale {
            info("Could not check in history whether the last lines to \(r.target) arrived; they are marked unconfirmed.",
                 kind: .error, now: now)
            giveUpRecovery(r.target, now: now)
        }
        flushAfterConfirmation(out: &out)
    }

    /// Marks the line of a pending message delivered, with the server's time and msgid.
    private mutating func confirmDelivered(_ pending: Outgoing, time: Double, msgid: String?) {
        for b in buffers.indices {
            if let l = buffers[b].lines.lastIndex(where: { $0.localID == pending.id }) {
                buffers[b].lines[l].delivery = .delivered
                buffers[b].lines[l].time = time
                buffers[b].lines[l].msgid = msgid
                return
            }
        }
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
