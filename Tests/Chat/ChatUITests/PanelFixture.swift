import ChatCore
import ChatUI
import PetCore
import ScreenCore
import TerminalInput

/// Builds sessions from recorded server lines and renders panels to text.
enum PanelFixture {
    static let t0 = ServerTime.parse("2026-11-22T09:30:00.000Z")!

    /// A session registered as `me` on a modern server, fed `lines`.
    static func session(me: String = "motoko", friends: [String] = ["batou", "togusa"], lines: [String]) -> ChatSession {
        var s = ChatSession(config: ChatConfig(nick: me, friends: friends), seed: 1)
        var now = t0
        func feed(_ e: ChatEvent) {
            now += 1
            _ = s.handle(e, now: now)
        }
        feed(.intent(.connect))
        feed(.connected)
        for l in [":s CAP * LS :echo-message server-time batch labeled-response message-tags",
                  ":s CAP me ACK :echo-message server-time batch labeled-response message-tags",
                  ":s 001 \(me) :Welcome", ":s 005 \(me) MONITOR=100 :ok", ":s 376 \(me) :End"] + lines {
            feed(.line(l))
        }
        return s
    }

    static func panel(_ s: ChatSession, open: Bool = true) -> ChatPanel {
        var p = ChatPanel(settings: ChatSettings(nick: s.config.nick, remember: true, friends: s.config.friends))
        _ = p.receive(ChatPanelMessage.settingsLoaded(ChatSettings(nick: s.config.nick, remember: true, friends: s.config.friends)), now: t0)
        _ = p.receive(ChatPanelMessage.session(s, notices: []), now: t0)
        if open { _ = p.setOpen(true, now: t0) }
        return p
    }

    static func render(_ p: ChatPanel, width: Int = 64, height: Int = 12) -> String {
        var b = ScreenBuffer(width: width, height: height)
        p.render(into: &b, area: Rect(x: 0, y: 0, width: width, height: height), now: t0)
        return b.plainText()
    }

    static func tasks(_ commands: [PanelCommand<ChatTask>]) -> [ChatTask] {
        commands.compactMap { if case .task(let t) = $0 { t } else { nil } }
    }
}

extension ChatPanel {
    mutating func type(_ text: String) {
        for c in text { _ = handle(.key(.char(c)), area: Rect(x: 0, y: 0, width: 64, height: 12), now: 0) }
    }

    @discardableResult
    mutating func press(_ key: Key, _ mods: Modifiers = []) -> [PanelCommand<ChatTask>] {
        handle(.key(key, mods), area: Rect(x: 0, y: 0, width: 64, height: 12), now: 0)
    }
}
