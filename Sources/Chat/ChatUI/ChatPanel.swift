import ChatCore
import IRCProtocol
import LineEditing
import PetCore
import ScreenCore
import TerminalInput

/// The chat panel: the login form on first use, then buffers, friends, the message view and
/// the input line. A pure value: input and session updates in, panel commands out; the app's
/// chat wiring runs the connection (`ChatTask`) and posts `ChatPanelMessage`s back.
public struct ChatPanel: Panel {
    public let title = "Chat"

    /// What is remembered (server, nick, friends…).
    public internal(set) var settings: ChatSettings
    /// The login form, while it is shown.
    public internal(set) var form: LoginForm?
    /// The latest session state from the connection, once started.
    public internal(set) var session: ChatSession?
    /// The name of the buffer on screen (the server buffer is `""`).
    public internal(set) var active = "#tachikoma"
    /// The input line.
    public internal(set) var editor = LineEditor()
    /// A one-line message shown in the title bar (usage, errors).
    public internal(set) var status = ""
    /// Whether the panel is on screen.
    public internal(set) var isOpen = false
    /// Lines of a multi-line paste waiting for confirmation.
    public internal(set) var pendingPaste: [String]?

    /// The room a new connection lands in once it is joined, until the person picks a
    /// buffer themselves (so a slow or reordered JOIN still ends in the room, never on the
    /// server buffer).
    var landing: String?
    /// The buffer of the latest private message or mention the pet announced while the panel
    /// was closed: opening the panel shows it.
    var announced: String?
    var scroll: [String: Int] = [:]
    var markers: [String: Double] = [:]
    var completion: Completion?
    var messageRows = 10
    let utcOffset: Int
    /// Servers found on the local network, kept for a form opened later.
    var found: [LoginForm.FoundServer] = []
    /// Whether a `ChatTask.discover` is out (one at a time).
    var discovering = false
    /// The status line written for the last lost connection (cleared once connected again).
    var lostStatus: String?
    /// Dictionary glosses shown in the message view, by buffer name (see `ChatPanel+Gloss`).
    var glosses: [String: [Gloss]] = [:]
    /// The word book's words (lower case), underlined where others write them.
    public internal(set) var bookWords: Set<String> = []

    /// Makes the panel; `utcOffset` (seconds east of UTC) gives local time stamps.
    public init(settings: ChatSettings = ChatSettings(), utcOffset: Int = 0) {
        self.settings = settings
        self.utcOffset = utcOffset
    }

    // MARK: Panel

    public mutating func setOpen(_ open: Bool, now: Double) -> [PanelCommand<ChatTask>] {
        isOpen = open
        if !open {
            return session == nil ? [] : [.task(ChatTask.intent(.focus(nil)))]
        }
        // A remembered login is connecting: its first update may not be here yet.
        if session == nil && form == nil && !settings.autoConnects { form = makeForm(settings) }
        guard let s = session, form == nil else { return [.unread(0)] + discoverIfNeeded() }
        // Opening the panel after the pet announced something shows that: the buffer of the
        // latest unread private message or mention.
        if let news = announced, let i = s.bufferIndex(news), s.buffers[i].unread > 0 {
            active = s.buffers[i].name
            landing = nil
            status = ""
        }
        announced = nil
        return focus(active) + [.unread(0)]
    }

    public mutating func receive(_ message: ChatPanelMessage, now: Double) -> [PanelCommand<ChatTask>] {
        switch message {
        case .settingsLoaded(let loaded):
            settings = loaded
            if loaded.autoConnects {
                form = nil
                land(in: loaded.channels.first)
            } else if form == nil && session == nil {
                form = makeForm(loaded)
            }
            return []
        case .gloss(let buffer, let anchor, let lines):
            addGloss(Gloss(anchor: anchor, lines: lines), to: buffer)
            return []
        case .wordBook(let words):
            bookWords = words
            return []
        case .discovered(let servers):
            discovering = false
            found = servers
            form?.setFound(servers)
            return discoverIfNeeded()
        case .failure(let text):
            status = text
            return isOpen ? [] : [.toast("Chat: \(text)")]
        case .session(let s, let notices):
            return update(s, notices: notices)
        }
    }

    mutating func update(_ s: ChatSession, notices: [ChatNotice]) -> [PanelCommand<ChatTask>] {
        let previousFriends = session?.config.friends
        // Only a buffer that went away (closed, or gone with a new session) sends the person
        // elsewhere: one they just opened (a member click, /query) is not in the updates that
        // left the chat loop before the request was handled, and stays shown until it comes.
        let vanished = active != "" && session?.bufferIndex(active) != nil && s.bufferIndex(active) == nil
        session = s
        var out: [PanelCommand<ChatTask>] = []
        if let previousFriends, previousFriends != s.config.friends {
            settings.friends = s.config.friends
            out.append(.task(ChatTask.save(settings)))
        }
        if vanished && !s.isChannel(active) {
            active = s.buffers.count > 1 ? s.buffers[1].name : ""
        }
        if let room = landing, let i = s.bufferIndex(room), s.buffers[i].kind == .channel, s.buffers[i].joined {
            landing = nil
            if active.isEmpty || s.caseMapping.equal(active, room) || s.bufferIndex(active) == nil {
                active = s.buffers[i].name
                if isOpen { out += focus(active) }
            }
        }
        for notice in notices {
            switch notice {
            case .privateMessage(let from, let text) where !isOpen:
                announced = from
                out.append(.toast("\(from): \(TextWrap.truncate(MessageFormat.strip(text), width: 40))"))
                out.append(.visit(visitor(from, s)))
            case .highlight(let from, let channel, let text) where !isOpen:
                announced = channel
                out.append(.toast("\(from) in \(channel): \(TextWrap.truncate(MessageFormat.strip(text), width: 36))"))
            case .friendOnline(let name):
                out.append(.react(.happy))
                if !isOpen {
                    out.append(.toast("\(name) is online"))
                    out.append(.visit(visitor(name, s)))
                }
            case .visit(let from, let look):
                out.append(.visit(Visitor(nick: from, skin: look?.skin, hue: look?.hue)))
            case .authenticationFailed(let why):
                status = "Login failed: \(why)"
                if !isOpen { out.append(.toast("Chat login failed: \(why)")) }
            case .accountRegistered(let name):
                status = "Account \(name) created."
            case .scramKeysLearned(let keys) where settings.remember:
                // Remember the keys, not the password (an old file's password goes now).
                settings.scramKeys = keys
                settings.isAccount = true
                settings.password = ""
                out.append(.task(ChatTask.save(settings)))
            case .passwordNeeded(let why):
                status = why
                var asking = settings
                asking.loginProblem = why
                form = makeForm(asking)
                if !isOpen { out.append(.toast("Chat: \(why)")) }
            case .connectionLost(let reason):
                // Said where the person looks (before the welcome, "Connecting…" is all
                // they see), the reason first: the status line is narrow.
                status = reason.prefix(1).uppercased() + reason.dropFirst() + "; reconnecting…"
                lostStatus = status
                if !isOpen { out.append(.toast("Chat: \(TextWrap.truncate(reason, width: 40))")) }
            case .serverGarbage:
                status = "The server sends garbage; ignored"
                lostStatus = status
            case .registered:
                if status.hasPrefix("Connecting") || status == lostStatus { status = "" }
                if isOpen { out += focus(active) }
            default:
                break
            }
        }
        out.append(.unread(isOpen ? 0 : badgeCount))
        return out
    }

    /// `nick`'s pet as its metadata describes it (the builtin look when unknown).
    func visitor(_ nick: String, _ s: ChatSession) -> Visitor {
        let look = s.look(of: nick)
        return Visitor(nick: nick, skin: look?.skin, hue: look?.hue)
    }

    /// A login form with the servers found so far.
    func makeForm(_ settings: ChatSettings) -> LoginForm {
        var form = LoginForm(settings)
        form.setFound(found)
        return form
    }

    /// Asks for a look at the local network while the form is on screen and none is out.
    mutating func discoverIfNeeded() -> [PanelCommand<ChatTask>] {
        guard isOpen, form != nil, !discovering else { return [] }
        discovering = true
        return [.task(ChatTask.discover)]
    }

    /// Unread private messages plus highlights, for the pet's badge.
    public var badgeCount: Int {
        guard let s = session else { return 0 }
        return s.buffers.reduce(0) { $0 + ($1.kind == .query ? $1.unread : $1.highlights) }
    }

    public mutating func handle(_ input: InputEvent, area: Rect, now: Double) -> [PanelCommand<ChatTask>] {
        if var f = form {
            let outcome = f.handle(input, friends: settings.friends, channels: settings.channels, area: area)
            form = f
            switch outcome {
            case .cancel?:
                return [.close]
            case .submit(let chosen, let register)?:
                settings = chosen
                form = nil
                land(in: chosen.channels.first)
                status = "Connecting to \(chosen.server)…"
                return [.task(ChatTask.save(chosen)), .task(ChatTask.start(chosen, register: register))]
            default:
                return []
            }
        }
        if case .key(.tab, _) = input {} else { completion = nil }
        if let lines = pendingPaste {
            switch input {
            case .key(.enter, _):
                pendingPaste = nil
                return lines.flatMap { say($0, action: false) }
            case .key(.escape, _):
                pendingPaste = nil
                return []
            default:
                return []
            }
        }
        switch input {
        case .paste(let text):
            let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).map(String.init)
                .filter { !$0.trimmingCharacters(in: " ").isEmpty }
            if lines.count > 1 {
                pendingPaste = lines
            } else {
                editor.insert(lines.first ?? "")
            }
        case .mouse(let m):
            return mouse(m, area: area)
        case .key(let key, let mods):
            return self.key(key, mods, area: area)
        }
        return []
    }

    mutating func key(_ key: Key, _ mods: Modifiers, area: Rect) -> [PanelCommand<ChatTask>] {
        switch key {
        case .escape: return [.close]
        case .enter:
            let line = editor.submit()
            return command(line)
        case .pageUp: scrollBy(max(1, messageRows - 1))
        case .pageDown: scrollBy(-max(1, messageRows - 1))
        case .ctrl("n"): return switchBuffer(by: 1)
        case .ctrl("p"): return switchBuffer(by: -1)
        case .right where mods.contains(.alt): return switchBuffer(by: 1)
        case .char("t") where mods.contains(.alt), .char("T") where mods.contains(.alt): return glossLatest()
        case .left where mods.contains(.alt): return switchBuffer(by: -1)
        case .tab: complete()
        case .up: editor.historyUp()
        case .down: editor.historyDown()
        default: _ = editor.edit(key, mods)
        }
        return []
    }

    mutating func mouse(_ m: MouseEvent, area: Rect) -> [PanelCommand<ChatTask>] {
        switch m.action {
        case .wheelUp: scrollBy(3)
        case .wheelDown: scrollBy(-3)
        case .press where m.button == .left:
            let layout = Layout(area: area, statusLine: !status.isEmpty)
            if let side = layout.sidebar, side.contains(x: m.x, y: m.y) {
                return clickSidebar(row: m.y - side.y, height: side.height)
            }
            if layout.messages.contains(x: m.x, y: m.y) {
                return clickMessage(x: m.x - layout.messages.x, y: m.y, in: layout.messages)
            }
        default:
            break
        }
        return []
    }

    mutating func scrollBy(_ rows: Int) {
        scroll[active] = max(0, (scroll[active] ?? 0) + rows)
    }

    /// Shows buffer `name` and tells the session the user is reading it.
    mutating func switchTo(_ name: String) -> [PanelCommand<ChatTask>] {
        landing = nil
        status = ""
        guard name != active else { return [] }
        active = name
        return focus(name)
    }

    /// Shows `room` now and again once it is joined (see `landing`).
    mutating func land(in room: String?) {
        active = room ?? ""
        landing = room
    }

    mutating func focus(_ name: String) -> [PanelCommand<ChatTask>] {
        if let s = session, let i = s.bufferIndex(name) {
            markers[name] = s.buffers[i].unread > 0 ? s.buffers[i].readUpTo ?? 0 : nil
        }
        scroll[name] = 0
        return [.task(ChatTask.intent(.focus(name.isEmpty ? nil : name)))]
    }

    mutating func switchBuffer(by step: Int) -> [PanelCommand<ChatTask>] {
        guard let s = session, !s.buffers.isEmpty else { return [] }
        let names = s.buffers.map { $0.kind == .server ? "" : $0.name }
        let current = names.firstIndex { s.caseMapping.equal($0, active) } ?? 0
        let next = (current + step + names.count) % names.count
        return switchTo(names[next])
    }
}
