import ChatCore
import IRCProtocol
import LineEditing
import PetCore

/// Slash commands and plain lines typed in the input.
extension ChatPanel {
    /// The commands Tab completes and /help lists.
    static let commands = ["/join", "/part", "/msg", "/query", "/me", "/nick", "/topic", "/friend", "/tr", "/close", "/quit",
                           "/logout", "/quote", "/help"]

    /// Carries out one submitted line.
    mutating func command(_ line: String) -> [PanelCommand<ChatTask>] {
        let trimmed = line.trimmingCharacters(in: " ")
        guard !trimmed.isEmpty else { return [] }
        guard trimmed.hasPrefix("/"), !trimmed.hasPrefix("//") else {
            return say(trimmed.hasPrefix("//") ? String(trimmed.dropFirst()) : trimmed, action: false)
        }
        let parts = trimmed.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
        let name = parts[0].lowercased()
        let arg1 = parts.count > 1 ? parts[1] : nil
        let rest = parts.count > 2 ? parts[2] : nil
        let afterName = parts.count > 1 ? String(trimmed.dropFirst(parts[0].count + 1)).trimmingCharacters(in: " ") : ""
        status = ""
        func intent(_ i: ChatIntent) -> PanelCommand<ChatTask> { .task(ChatTask.intent(i)) }
        switch name {
        case "/join", "/j":
            guard var channel = arg1 else { return usage("/join #channel") }
            if !(session?.isChannel(channel) ?? channel.hasPrefix("#")) { channel = "#" + channel }
            return [intent(.join(channel))] + switchTo(channel)
        case "/part", "/leave":
            var channel = active
            var reason = afterName
            if let a = arg1, session?.isChannel(a) ?? a.hasPrefix("#") {
                channel = a
                reason = rest ?? ""
            }
            guard session?.isChannel(channel) ?? channel.hasPrefix("#") else { return usage("/part #channel [reason]") }
            return [intent(.part(channel, reason: reason))]
        case "/msg":
            guard let target = arg1, let text = rest else { return usage("/msg nick text") }
            return [intent(.say(target: target, text: text, action: false))]
        case "/query", "/q":
            guard let target = arg1 else { return usage("/query nick [text]") }
            var out = [intent(.query(target))]
            if let text = rest { out.append(intent(.say(target: target, text: text, action: false))) }
            return out + switchTo(target)
        case "/me":
            guard !afterName.isEmpty else { return usage("/me does something") }
            return say(afterName, action: true)
        case "/nick":
            guard let n = arg1 else { return usage("/nick newnick") }
            return [intent(.nick(n))]
        case "/topic":
            guard session?.isChannel(active) ?? active.hasPrefix("#") else { return usage("/topic works in a channel") }
            return [intent(.topic(channel: active, text: afterName.isEmpty ? nil : afterName))]
        case "/friend", "/friends":
            switch (arg1?.lowercased(), rest) {
            case ("add"?, let n?): return [intent(.addFriend(n))]
            case ("del"?, let n?), ("remove"?, let n?), ("rm"?, let n?): return [intent(.removeFriend(n))]
            default:
                let list = settings.friends.isEmpty ? "none yet" : settings.friends.joined(separator: ", ")
                status = "Friends: \(list). /friend add|del NICK"
                return []
            }
        case "/tr", "/translate":
            return afterName.isEmpty ? glossLatest() : [.task(ChatTask.gloss(buffer: active, anchor: nil, text: afterName))]
        case "/close", "/wc":
            let target = arg1 ?? active
            guard !target.isEmpty else { return usage("The server buffer stays open") }
            var out = [intent(.close(target))]
            if session.map({ $0.caseMapping.equal(target, active) }) ?? (target == active) { out += switchBuffer(by: -1) }
            return out
        case "/quit", "/exit":
            return [intent(.quit(reason: afterName.isEmpty ? "Tachikoma out" : afterName)), .quit]
        case "/logout":
            var fresh = ChatSettings(server: settings.server, nick: settings.nick, friends: settings.friends, channels: settings.channels)
            fresh.serverTimeout = settings.serverTimeout
            form = makeForm(fresh)
            session = nil
            return [.task(ChatTask.logout)] + discoverIfNeeded()
        case "/quote", "/raw":
            guard !afterName.isEmpty else { return usage("/quote RAW IRC LINE") }
            return [intent(.raw(afterName))]
        case "/help":
            status = "Commands: " + ChatPanel.commands.joined(separator: " ") + " · Ctrl-N/P buffers · Esc close"
            return []
        default:
            status = "Unknown command \(name); /help lists them"
            return []
        }
    }

    mutating func usage(_ text: String) -> [PanelCommand<ChatTask>] {
        status = "Usage: \(text)"
        return []
    }

    /// Sends text to the active buffer.
    mutating func say(_ text: String, action: Bool) -> [PanelCommand<ChatTask>] {
        guard !active.isEmpty else {
            status = "This is the server buffer: /join a channel or switch with Ctrl-N"
            return []
        }
        scroll[active] = 0
        return [.task(ChatTask.intent(.say(target: active, text: text, action: action)))]
    }

    /// Tab: complete the word before the cursor (commands at the start, else nicks, most
    /// recent speakers first); repeated Tabs cycle through the candidates.
    mutating func complete() {
        if var c = completion, !c.candidates.isEmpty {
            c.index = (c.index + 1) % c.candidates.count
            editor.replace(from: c.start, with: c.text(at: c.index))
            completion = c
            return
        }
        let (start, word) = editor.wordBeforeCursor
        guard !word.isEmpty else { return }
        var candidates: [String]
        var suffix = " "
        if start == 0 && word.hasPrefix("/") {
            candidates = ChatPanel.commands.filter { $0.hasPrefix(word.lowercased()) }
        } else {
            candidates = nickCandidates().filter { $0.lowercased().hasPrefix(word.lowercased()) }
            if start == 0 { suffix = ": " }
        }
        guard !candidates.isEmpty else { return }
        let c = Completion(start: start, candidates: candidates, suffix: suffix, index: 0)
        editor.replace(from: start, with: c.text(at: 0))
        completion = c
    }

    /// Nicks of the active buffer: recent speakers first, then the other members, then friends.
    func nickCandidates() -> [String] {
        guard let s = session else { return settings.friends }
        var out: [String] = []
        var seen = Set<String>()
        func add(_ n: String) {
            let key = s.caseMapping.fold(n)
            guard !s.caseMapping.equal(n, s.nick), seen.insert(key).inserted else { return }
            out.append(n)
        }
        if let i = s.bufferIndex(active) {
            s.buffers[i].recentSpeakers.forEach(add)
            s.buffers[i].members.keys.sorted { $0.lowercased() < $1.lowercased() }.forEach(add)
            if s.buffers[i].kind == .query { add(s.buffers[i].name) }
        }
        s.config.friends.forEach(add)
        return out
    }
}

/// The state of a run of Tab presses.
struct Completion: Hashable, Sendable {
    var start: Int
    var candidates: [String]
    var suffix: String
    var index: Int

    func text(at i: Int) -> String { candidates[i] + suffix }
}
