import ChatCore
import ChatUI
import PetCore
import ScreenCore
import TerminalInput
import Testing

/// The chat panel inside the pet app's reducer: `c` opens it, it owns the keyboard, Esc
/// returns to the pet, and while it is closed the pet announces messages and shows the badge.
@Suite struct ChatPanelInAppTests {
    /// The chat as the app plugs it in: under `c`.
    typealias Panels = OnePanel<ChatPanel, String>

    func app() -> AppState<Panels> {
        AppState(panels: OnePanel(ChatPanel(), id: "chat", key: "c", keyHelp: "chat"), width: 100, height: 30,
                 skin: BuiltinSkin.make(), now: 0)
    }

    func send(_ state: inout AppState<Panels>, _ events: [InputEvent]) -> [Effect<Panels>] {
        events.flatMap { reduce(&state, .input($0), now: 1) }
    }

    func tasks(_ effects: [Effect<Panels>]) -> [ChatTask] {
        effects.compactMap { if case .panelTask(let t) = $0 { t } else { nil } }
    }

    @Test func keyCOpensTheFormAndTypedQIsText() {
        var state = app()
        _ = send(&state, [.key(.char("c"))])
        #expect(state.openPanel == "chat")
        #expect(AppView.render(state, now: 1).plainText().contains("Tachikoma chat"))
        let effects = send(&state, "quinn".map { .key(.char($0)) } + [.key(.enter)])
        #expect(!effects.contains { if case .quit = $0 { true } else { false } })
        let started = tasks(effects)
        #expect(started.contains { if case .start(let s, register: false) = $0 { s.nick == "quinn" } else { false } })
        _ = send(&state, [.key(.escape)])
        #expect(state.openPanel == nil)
    }

    @Test func closedPanelMakesThePetAnnounceAndShowTheBadge() {
        var state = app()
        let session = PanelFixture.session(lines: [":togusa!t@h PRIVMSG motoko :are you there?"])
        _ = reduce(&state, .panel(ChatPanelMessage.session(session, notices: [
            .privateMessage(from: "togusa", text: "are you there?"),
        ])), now: 2)
        #expect(state.unread == 1)
        #expect(AppView.render(state, now: 2).plainText().contains("togusa: are you there?"))
    }
}
