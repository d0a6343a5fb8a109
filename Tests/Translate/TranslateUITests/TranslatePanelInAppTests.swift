import PetCore
import ScreenCore
import TerminalInput
import Testing
@testable import TranslateUI
import Translator

/// The panel inside the pet app's reducer: opened by the key and the menu, it owns the
/// keyboard while open (a typed `q` is text, not Quit), asks for lookups as panel tasks,
/// and Esc gives the keyboard back to the pet.
@Suite struct TranslatePanelInAppTests {
    /// The translator as the app plugs it in: under `t`.
    typealias Panels = OnePanel<TranslatePanel, String>

    func app(width: Int = 100, height: Int = 30) -> AppState<Panels> {
        AppState(panels: OnePanel(TranslatePanel(), id: "translate", key: "t", keyHelp: "translate"), width: width,
                 height: height, skin: BuiltinSkin.make(), now: 0)
    }

    func send(_ state: inout AppState<Panels>, _ events: [InputEvent]) -> [Effect<Panels>] {
        events.flatMap { reduce(&state, .input($0), now: 1) }
    }

    func tasks(_ effects: [Effect<Panels>]) -> [TranslateTask] {
        effects.compactMap { effect in
            if case .panelTask(let task) = effect { return task }
            return nil
        }
    }

    func quits(_ effects: [Effect<Panels>]) -> Bool {
        effects.contains { if case .quit = $0 { true } else { false } }
    }

    @Test func keyTOpensItAndTypedLettersAreTextNotCommands() throws {
        var state = app()
        _ = send(&state, [.key(.char("t"))])
        #expect(state.openPanel == "translate")
        let effects = send(&state, "quit".map { .key(.char($0)) } + [.key(.enter)])
        #expect(!quits(effects))
        #expect(tasks(effects).map(\.query) == ["quit"])
        let screen = AppView.render(state, now: 1).plainText()
        #expect(screen.contains("Translate 英译中"))
        #expect(screen.contains("› quit"))
        // The answer arrives through the app's event and is drawn.
        let task = try #require(tasks(effects).first)
        _ = reduce(&state, .panel(TranslateMessage.onlinePending(request: task.request, service: "LibreTranslate")), now: 2)
        #expect(AppView.render(state, now: 2).plainText().contains("asking LibreTranslate online"))
        // Esc closes; now q is the pet's Quit again.
        _ = send(&state, [.key(.escape)])
        #expect(state.openPanel == nil)
        #expect(quits(send(&state, [.key(.char("q"))])))
    }

    @Test func theMenuItemOpensIt() {
        var state = app()
        _ = send(&state, [.key(.char("m"))])
        let index = state.menu?.items.firstIndex { $0.title.hasPrefix("Translate") }
        #expect(index != nil)
        for _ in 0..<(index ?? 0) { _ = send(&state, [.key(.down)]) }
        _ = send(&state, [.key(.enter)])
        #expect(state.menu == nil)
        #expect(state.openPanel == "translate")
    }

    @Test func theWheelOverThePanelScrollsItAndThePetStaysBeside() throws {
        var state = app(width: 100, height: 16)
        _ = send(&state, [.key(.char("t"))])
        let query = Array(repeating: "the cat", count: 20).joined(separator: " ")
        let task = try #require(tasks(send(&state, [.paste(query), .key(.enter)])).first)
        let area = try #require(state.panelArea)
        #expect(area.width <= 100 - state.skin.size.width)
        #expect(!state.petHidden)
        // A gloss of 40 words: longer than the view.
        let gloss = try TinyDictionary.translator().translate(task.query)
        _ = reduce(&state, .panel(TranslateMessage.offline(request: task.request, gloss)), now: 2)
        _ = send(&state, [.mouse(MouseEvent(action: .wheelDown, button: .none, x: 5, y: 8))])
        #expect(state.panels.base.scroll == 3)
        // The wheel over the pet's strip is not the panel's.
        _ = send(&state, [.mouse(MouseEvent(action: .wheelDown, button: .none, x: area.maxX + 2, y: 8))])
        #expect(state.panels.base.scroll == 3)
    }
}
