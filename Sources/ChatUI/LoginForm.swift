import LineEditing
import ScreenCore
import TerminalInput

/// The first-use form: server, nick, password, remember me, and log in / register / guest.
public struct LoginForm: Hashable, Sendable {
    /// The fields, in tab order.
    public enum Field: Int, CaseIterable, Hashable, Sendable {
        case server, nick, password, remember, action
    }

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
    /// The last problem (shown under the form).
    public var message = ""

    /// Makes the form, filled from stored settings.
    public init(_ settings: ChatSettings) {
        server.set(settings.server)
        nick.set(settings.nick)
        password.set(settings.password)
        remember = settings.remember || settings.nick.isEmpty
        trustRoots = settings.trustRoots
        if !settings.nick.isEmpty { focus = .password }
        message = settings.loginProblem
    }

    /// Handles a key; returns an outcome when the form is done.
    public mutating func handle(_ input: InputEvent, friends: [String], channels: [String], area: Rect? = nil) -> Outcome? {
        switch input {
        case .paste(let text):
            editFocused { $0.insert(text) }
        case .key(let key, let mods):
            switch key {
            case .escape: return .cancel
            case .tab, .down: focus = Field(rawValue: (focus.rawValue + 1) % Field.allCases.count)!
            case .backTab, .up: focus = Field(rawValue: (focus.rawValue + Field.allCases.count - 1) % Field.allCases.count)!
            case .enter: return submit(friends: friends, channels: channels)
            case .left where focus == .action: action = Action(rawValue: (action.rawValue + 2) % 3)!
            case .right where focus == .action: action = Action(rawValue: (action.rawValue + 1) % 3)!
            case .char(" ") where focus == .remember: remember.toggle()
            case .char(" ") where focus == .action: action = Action(rawValue: (action.rawValue + 1) % 3)!
            default: editFocused { _ = $0.edit(key, mods) }
            }
        case .mouse(let m):
            guard m.action == .press, m.button == .left, let area, let box = LoginForm.box(in: area) else { break }
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
        guard settings.hostAndPort != nil else {
            message = "Server must be host or host:port."
            focus = .server
            return .invalid(message)
        }
        message = ""
        return .submit(settings, register: action == .register)
    }

    /// Where the form's box goes in `area`, or nil when the area is too small for it.
    static func box(in area: Rect) -> Rect? {
        let width = min(area.width, 52)
        let box = Rect(x: area.x + max(0, (area.width - width) / 2), y: area.y + 1, width: width, height: min(area.height - 1, 12))
        return box.width >= 20 && box.height >= 9 ? box : nil
    }

    static let labelWidth = 10

    /// The buttons' columns on their row: each action with its first and last column.
    static func buttonSpans(box: Rect) -> [(Action, Int, Int)] {
        var x = box.x + 2 + labelWidth
        return Action.allCases.map { a in
            let width = DisplayWidth.of(" \(a.label) ")
            defer { x += width + 1 }
            return (a, x, x + width - 1)
        }
    }

    /// A left click at (x, y): a field takes the focus, the check box toggles, a button
    /// chooses its action and goes.
    mutating func click(x: Int, y: Int, box: Rect, friends: [String], channels: [String]) -> Outcome? {
        switch y - box.y {
        case 2: focus = .server
        case 3: focus = .nick
        case 4: focus = .password
        case 5:
            focus = .remember
            remember.toggle()
        case 6:
            guard let hit = LoginForm.buttonSpans(box: box).first(where: { x >= $0.1 && x <= $0.2 }) else { return nil }
            focus = .action
            action = hit.0
            return submit(friends: friends, channels: channels)
        default:
            break
        }
        return nil
    }

    /// Draws the form in `area`.
    public func render(into buffer: inout ScreenBuffer, area: Rect) {
        guard let box = LoginForm.box(in: area) else {
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
        row(box.y + 2, "Server", .server, s.text, cursor: s.cursorColumn)
        let n = nick.visible(width: fieldWidth)
        row(box.y + 3, "Nick", .nick, n.text, cursor: n.cursorColumn)
        let masked = String(repeating: "•", count: min(password.characters.count, fieldWidth - 1))
        row(box.y + 4, "Password", .password, masked, cursor: min(password.cursor, fieldWidth - 1))
        row(box.y + 5, "", .remember, (remember ? "[x]" : "[ ]") + " remember me", cursor: nil)
        for (a, x, _) in LoginForm.buttonSpans(box: box) {
            let chosen = a == action
            let style = Style(attributes: chosen ? (focus == .action ? [.reverse, .bold] : .reverse) : [])
            _ = buffer.text(" \(a.label) ", x: x, y: box.y + 6, style: style, clip: box)
        }
        _ = buffer.text(TextWrap.truncate(message, width: box.width - 4), x: box.x + 2, y: box.y + 8,
                        style: Style(fg: .palette(1)), clip: box)
        _ = buffer.text(TextWrap.truncate("Tab next · Enter go · Esc close", width: box.width - 4), x: box.x + 2,
                        y: box.maxY - 2, style: Style(attributes: .dim), clip: box)
    }
}
