import ChatCore
import LineEditing
import ScreenCore
import TerminalInput

/// The first-use form: server (with the servers found on the local network under it), nick,
/// password, remember me, and log in / register / guest.
public struct LoginForm: Hashable, Sendable {
    /// The fields, in tab order (`found` only while the list has entries).
    public enum Field: Int, CaseIterable, Hashable, Sendable {
        case server, found, nick, password, remember, action
    }

    /// A server announced on the local network (mDNS), as the form lists it.
    public struct FoundServer: Hashable, Sendable {
        /// Its name (the announced instance name).
        public var name: String
        /// What choosing it puts in the Server field: `HOST:PORT`, or `HOST:+PORT` for TLS.
        public var address: String
        /// Whether it speaks TLS (shown with a lock).
        public var tls: Bool

        /// Makes an entry.
        public init(name: String, address: String, tls: Bool) {
            self.name = name
            self.address = address
            self.tls = tls
        }
    }

    /// The most found servers listed at once (the rest are reached by scrolling with ↑/↓).
    static let foundRows = 3

    /// What Enter does.
    public enum Action: Int, CaseIterable, Hashable, Sendable {
        case login, register, guest

        var label: String {
            switch self {
            case .login: "Log in"
            case .register: "Register"
            case .guest: "Guest"
            }
        }
    }

    /// What the form produced when submitted.
    public enum Outcome: Hashable, Sendable {
        case submit(ChatSettings, register: Bool)
        case cancel
        case invalid(String)
    }

    public var server = LineEditor()
    public var nick = LineEditor()
    public var password = LineEditor()
    public var remember = true
    public var action = Action.login
    public var focus = Field.nick
    /// Carried over from the stored settings (set in chat.toml, not in the form).
    public var trustRoots = ""
    /// chat.toml's `server_timeout`, kept through the form (no field shows it).
    public var serverTimeout = ChatConfig.defaultServerTimeout
    /// The last problem (shown under the form).
    public var message = ""
    /// Servers found on the local network, updated while the form is shown.
    public private(set) var found: [FoundServer] = []
    /// The highlighted entry of `found`.
    public private(set) var foundSelection = 0

    /// Makes the form, filled from stored settings.
    public init(_ settings: ChatSettings) {
        server.set(settings.server)
        nick.set(settings.nick)
        password.set(settings.password)
        remember = settings.remember || settings.nick.isEmpty
        trustRoots = settings.trustRoots
        serverTimeout = settings.serverTimeout
        if !settings.nick.isEmpty { focus = .password }
        message = settings.loginProblem
    }

    /// Replaces the list of found servers, keeping the highlighted one when it is still
    /// there; an emptied list gives the focus back to the Server field.
    public mutating func setFound(_ servers: [FoundServer]) {
        let chosen = found.indices.contains(foundSelection) ? found[foundSelection] : nil
        found = servers
        foundSelection = chosen.flatMap { servers.firstIndex(of: $0) } ?? 0
        if servers.isEmpty && focus == .found { focus = .server }
    }

    /// Puts the highlighted found server's address in the Server field and moves on to the
    /// nick (or the password when the nick is filled).
    mutating func chooseFound() {
        guard found.indices.contains(foundSelection) else { return }
        server.set(found[foundSelection].address)
        focus = nick.text.isEmpty ? .nick : .password
        message = "Server: \(found[foundSelection].name)"
    }

    /// The next field in tab order, `step` +1 or -1, skipping `found` while it is empty.
    private func field(after current: Field, step: Int) -> Field {
        var next = current
        repeat {
            next = Field(rawValue: (next.rawValue + step + Field.allCases.count) % Field.allCases.count)!
        } while next == .found && found.isEmpty
        return next
    }

    /// Handles a key; returns an outcome when the form is done.
    public mutating func handle(_ input: InputEvent, friends: [String], channels: [String], area: Rect? = nil) -> Outcome? {
        switch input {
        case .paste(let text):
            editFocused { $0.insert(text) }
        case .key(let key, let mods):
            switch key {
            case .escape: return .cancel
            case .down where focus == .found && foundSelection < found.count - 1: foundSelection += 1
            case .up where focus == .found && foundSelection > 0: foundSelection -= 1
            case .enter where focus == .found, .char(" ") where focus == .found: chooseFound()
            case .tab, .down: focus = field(after: focus, step: 1)
            case .backTab, .up: focus = field(after: focus, step: -1)
            case .enter: return submit(friends: friends, channels: channels)
            case .left where focus == .action: action = Action(rawValue: (action.rawValue + 2) % 3)!
            case .right where focus == .action: action = Action(rawValue: (action.rawValue + 1) % 3)!
            case .char(" ") where focus == .remember: remember.toggle()
            case .char(" ") where focus == .action: action = Action(rawValue: (action.rawValue + 1) % 3)!
            default: editFocused { _ = $0.edit(key, mods) }
            }
        case .mouse(let m):
            guard m.action == .press, m.button == .left, let area, let box = box(in: area) else { break }
            return click(x: m.x, y: m.y, box: box, friends: friends, channels: channels)
        }
        return nil
    }

    private mutating func editFocused(_ edit: (inout LineEditor) -> Void) {
        switch focus {
        case .server: edit(&server)
        case .nick: edit(&nick)
        case .password: edit(&password)
        default: break
        }
    }

    mutating func submit(friends: [String], channels: [String]) -> Outcome {
        let n = nick.text.trimmingCharacters(in: " ")
        guard !n.isEmpty, n.first != "#", !n.contains(" "), !n.contains(":"), n.first?.isNumber == false else {
            message = "Choose a nick: letters and digits, no spaces."
            focus = .nick
            return .invalid(message)
        }
        let pw = action == .guest ? "" : password.text
        if action == .register && pw.isEmpty {
            message = "Registering needs a password."
            focus = .password
            return .invalid(message)
        }
        var settings = ChatSettings(server: server.text, nick: n, password: pw, remember: remember, friends: friends,
                                    channels: channels)
        settings.trustRoots = trustRoots
        settings.serverTimeout = serverTimeout
        guard settings.hostAndPort != nil else {
            message = "Server: host or host:port, several with commas."
            focus = .server
            return .invalid(message)
        }
        message = ""
        return .submit(settings, register: action == .register)
    }

    /// How many rows the found servers take under the Server field.
    var foundRowCount: Int { min(found.count, Self.foundRows) }

    /// The first found server shown (the list scrolls to keep the highlighted one in view).
    var foundTop: Int { max(0, min(foundSelection - Self.foundRows + 1, found.count - Self.foundRows)) }

    /// Where the form's box goes in `area`, or nil when the area is too small for it.
    func box(in area: Rect) -> Rect? {
        let width = min(area.width, 52)
        let extra = foundRowCount
        let box = Rect(x: area.x + max(0, (area.width - width) / 2), y: area.y + 1, width: width,
                       height: min(area.height - 1, 12 + extra))
        return box.width >= 20 && box.height >= 9 + extra ? box : nil
    }

    /// The row (offset from the box's top) of each part: fields below the Server row move
    /// down by the found servers' rows.
    func rowOffset(_ field: Field) -> Int {
        switch field {
        case .server: 2
        case .found: 3
        case .nick: 3 + foundRowCount
        case .password: 4 + foundRowCount
        case .remember: 5 + foundRowCount
        case .action: 6 + foundRowCount
        }
    }

    static let labelWidth = 10

    /// A button's action and the columns it covers on its row.
    struct ButtonSpan {
        var action: Action
        var first: Int
        var last: Int
    }

    /// The buttons' columns on their row: each action with its first and last column.
    static func buttonSpans(box: Rect) -> [ButtonSpan] {
        var x = box.x + 2 + labelWidth
        return Action.allCases.map { a in
            let width = DisplayWidth.of(" \(a.label) ")
            defer { x += width + 1 }
            return ButtonSpan(action: a, first: x, last: x + width - 1)
        }
    }

    /// A left click at (x, y): a field takes the focus, the check box toggles, a button
    /// chooses its action and goes.
    mutating func click(x: Int, y: Int, box: Rect, friends: [String], channels: [String]) -> Outcome? {
        let row = y - box.y
        if row >= rowOffset(.found) && row < rowOffset(.found) + foundRowCount {
            focus = .found
            foundSelection = foundTop + row - rowOffset(.found)
            chooseFound()
            return nil
        }
        switch row {
        case rowOffset(.server): focus = .server
        case rowOffset(.nick): focus = .nick
        case rowOffset(.password): focus = .password
        case rowOffset(.remember):
            focus = .remember
            remember.toggle()
        case rowOffset(.action):
            guard let hit = LoginForm.buttonSpans(box: box).first(where: { x >= $0.first && x <= $0.last }) else { return nil }
            focus = .action
            action = hit.action
            return submit(friends: friends, channels: channels)
        default:
            break
        }
        return nil
    }

    /// Draws the form in `area`.
    public func render(into buffer: inout ScreenBuffer, area: Rect) {
        guard let box = box(in: area) else {
            _ = buffer.text(TextWrap.truncate("Chat: enlarge the pane to log in", width: area.width), x: area.x, y: area.y, clip: area)
            return
        }
        buffer.box(box, border: .rounded)
        _ = buffer.text(" Tachikoma chat ", x: box.x + 2, y: box.y, style: Style(attributes: .bold), clip: box)
        let labelWidth = LoginForm.labelWidth
        let fieldWidth = box.width - labelWidth - 4
        func row(_ y: Int, _ label: String, _ field: Field, _ value: String, cursor: Int?) {
            let focused = focus == field
            _ = buffer.text(label, x: box.x + 2, y: y, style: Style(attributes: focused ? .bold : []), clip: box)
            let style = Style(attributes: focused ? .underline : [])
            buffer.fill(Rect(x: box.x + 2 + labelWidth, y: y, width: fieldWidth, height: 1), with: .blank(style))
            _ = buffer.text(value, x: box.x + 2 + labelWidth, y: y, style: style, clip: box)
            if focused, let cursor {
                let x = box.x + 2 + labelWidth + cursor
                if x < box.maxX - 1 {
                    let cell = buffer[x, y]
                    _ = buffer.put(cell.isContinuation ? " " : cell.grapheme, x: x, y: y, style: Style(attributes: .reverse), clip: box)
                }
            }
        }
        let s = server.visible(width: fieldWidth)
        row(box.y + rowOffset(.server), "Server", .server, s.text, cursor: s.cursorColumn)
        renderFound(into: &buffer, box: box, x: box.x + 2 + labelWidth, width: fieldWidth)
        let n = nick.visible(width: fieldWidth)
        row(box.y + rowOffset(.nick), "Nick", .nick, n.text, cursor: n.cursorColumn)
        let masked = String(repeating: "•", count: min(password.characters.count, fieldWidth - 1))
        row(box.y + rowOffset(.password), "Password", .password, masked, cursor: min(password.cursor, fieldWidth - 1))
        row(box.y + rowOffset(.remember), "", .remember, (remember ? "[x]" : "[ ]") + " remember me", cursor: nil)
        for span in LoginForm.buttonSpans(box: box) {
            let a = span.action
            let chosen = a == action
            let style = Style(attributes: chosen ? (focus == .action ? [.reverse, .bold] : .reverse) : [])
            _ = buffer.text(" \(a.label) ", x: span.first, y: box.y + rowOffset(.action), style: style, clip: box)
        }
        _ = buffer.text(TextWrap.truncate(message, width: box.width - 4), x: box.x + 2, y: box.y + rowOffset(.action) + 2,
                        style: Style(fg: .palette(1)), clip: box)
        _ = buffer.text(TextWrap.truncate("Tab next · Enter go · Esc close", width: box.width - 4), x: box.x + 2,
                        y: box.maxY - 2, style: Style(attributes: .dim), clip: box)
    }

    /// The found servers under the Server field: `🔒` for TLS, the name, the address; the
    /// highlighted one in reverse video while the list has the focus.
    private func renderFound(into buffer: inout ScreenBuffer, box: Rect, x: Int, width: Int) {
        let top = foundTop
        for row in 0..<foundRowCount {
            let index = top + row
            let entry = found[index]
            let y = box.y + rowOffset(.found) + row
            let selected = focus == .found && index == foundSelection
            let style = Style(attributes: selected ? .reverse : .dim)
            let more = (row == 0 && top > 0) ? "↑" : (row == foundRowCount - 1 && index < found.count - 1) ? "↓" : " "
            let text = more + (entry.tls ? "🔒" : "  ") + entry.name + "  " + entry.address.filter { $0 != "+" }
            if row == 0 {
                _ = buffer.text("On LAN", x: box.x + 2, y: y, style: Style(attributes: focus == .found ? .bold : .dim), clip: box)
            }
            buffer.fill(Rect(x: x, y: y, width: width, height: 1), with: .blank(style))
            _ = buffer.text(TextWrap.truncate(text, width: width), x: x, y: y, style: style, clip: box)
        }
    }
}
