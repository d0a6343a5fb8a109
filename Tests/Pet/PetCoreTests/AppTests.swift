import ScreenCore
import TerminalInput
import Testing
@testable import PetCore

/// A tiny panel to check the seam: echoes typed characters, closes on Esc, asks for a task on Enter.
struct EchoPanel: Panel {
    var title = "Echo"
    var text = ""
    var received: [String] = []

    mutating func handle(_ input: InputEvent, area: Rect, now: Double) -> [PanelCommand<String>] {
        switch input {
        case .key(.escape, _): return [.close]
        case .key(.enter, _): return [.task(text)]
        case .key(.char(let c), _):
            text.append(c)
            return []
        default: return []
        }
    }

    mutating func receive(_ message: String, now: Double) -> [PanelCommand<String>] {
        received.append(message)
        return [.toast("from bob: \(message)"), .unread(received.count)]
    }

    func render(into buffer: inout ScreenBuffer, area: Rect, now: Double) {
        buffer.box(area)
        buffer.text("echo: " + text, x: area.x + 1, y: area.y + 1, clip: area.inset(by: 1))
    }
}

/// Two echo panels plugged in where the app plugs its chat and translator (the menu's first
/// two items, keys c and t); messages go to the first.
struct EchoPanels: PanelSet {
    var chat = EchoPanel(title: "Chat")
    var translate = EchoPanel(title: "Translate 英译中")

    var entries: [PanelEntry<String>] {
        [PanelEntry(id: "chat", title: chat.title, key: "c", keyHelp: "chat"),
         PanelEntry(id: "translate", title: translate.title, key: "t", keyHelp: "translate")]
    }

    func panel(for message: String) -> String { "chat" }

    mutating func handle(_ id: String, _ input: InputEvent, area: Rect, now: Double) -> [PanelCommand<String>] {
        id == "chat" ? chat.handle(input, area: area, now: now) : translate.handle(input, area: area, now: now)
    }

    mutating func receive(_ message: String, now: Double) -> [PanelCommand<String>] {
        chat.receive(message, now: now)
    }

    mutating func setOpen(_ id: String, _ open: Bool, now: Double) -> [PanelCommand<String>] {
        id == "chat" ? chat.setOpen(open, now: now) : translate.setOpen(open, now: now)
    }

    func render(_ id: String, into buffer: inout ScreenBuffer, area: Rect, now: Double) {
        (id == "chat" ? chat : translate).render(into: &buffer, area: area, now: now)
    }

    func nextDeadline(_ id: String) -> Double? { nil }
}

@Suite struct AppTests {
    typealias Panels = EchoPanels

    func app(width: Int = 80, height: Int = 24) -> AppState<Panels> {
        AppState(panels: EchoPanels(), width: width, height: height, skin: BuiltinSkin.make(), skins: ["tachikoma", "builtin"],
                 now: 0)
    }

    func press(_ s: inout AppState<Panels>, _ e: InputEvent, at now: Double = 1) -> [Effect<Panels>] {
        reduce(&s, .input(e), now: now)
    }

    /// Issue 15: a pet that changes its skin tells the chat, so friends see the new look
    /// (it used to publish only the skin it started with).
    @Test func anotherSkinIsAnnouncedAsANewLook() {
        var s = app()
        s.hue = 40
        var skin = BuiltinSkin.make()
        skin.name = "tank"
        let effects = reduce(&s, .skinLoaded(skin), now: 1)
        #expect(effects.contains { if case .lookChanged(skin: "tank", hue: 40) = $0 { true } else { false } }, "\(effects)")
    }

    @Test func petStandsOnTheBottomLine() {
        let s = app()
        let screen = AppView.render(s).plainText(trimTrailing: false).split(separator: "\n")
        #expect(screen.count == 24)
        #expect(screen[23].contains("o    o"))
        #expect(screen[20].contains(".-==-."))
    }

    @Test func rightClickOpensTheMenuAtThePointer() {
        var s = app()
        let effects = press(&s, .mouse(MouseEvent(action: .press, button: .right, x: 12, y: 3)))
        #expect(s.menu?.frame.x == 12)
        #expect(s.menu?.frame.y == 3)
        #expect(effects.contains { if case .mouseTracking(true) = $0 { true } else { false } })
        let lines = AppView.render(s).plainText().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[4].contains("Chat"))
        #expect(Array(lines[3])[12] == "╭")
    }

    @Test func menuIsClampedInsideSmallScreens() {
        var s = app(width: 30, height: 12)
        _ = press(&s, .mouse(MouseEvent(action: .press, button: .right, x: 29, y: 11)))
        let f = try! #require(s.menu?.frame)
        #expect(f.maxX <= 30 && f.maxY <= 12 && f.x >= 0 && f.y >= 0)
    }

    /// Near the bottom-right corner the menu opens above and left of the pointer, so the
    /// pointer rests on an item: letting go of the right button that opened it must not
    /// choose that item (it chose Quit or About by accident); moving, then releasing, does.
    @Test func releasingTheOpeningRightClickChoosesNothing() {
        var s = app(width: 30, height: 12)
        _ = press(&s, .mouse(MouseEvent(action: .press, button: .right, x: 22, y: 10)))
        let menu = try! #require(s.menu)
        let under = try! #require(menu.itemIndex(atX: 22, y: 10), "the pointer is on an item")
        let effects = press(&s, .mouse(MouseEvent(action: .release, button: .right, x: 22, y: 10)))
        #expect(s.menu != nil, "still open")
        #expect(effects.isEmpty, "\(effects)")
        // A press-drag-release still chooses.
        _ = press(&s, .mouse(MouseEvent(action: .press, button: .right, x: 22, y: 10)))
        _ = press(&s, .mouse(MouseEvent(action: .drag, button: .right, x: 21, y: 10)))
        let chosen = press(&s, .mouse(MouseEvent(action: .release, button: .right, x: 21, y: 10)))
        #expect(s.menu == nil)
        #expect(chosen.contains { if case .quit = $0 { true } else { false } } == (menu.items[under].action == .quit), "\(chosen)")
    }

    /// "Share my server on this network" asks the app to share; once the app says the server
    /// is shared, the same item reads "Stop sharing my server" and asks to stop.
    @Test func shareServerItemTogglesWithWhatTheAppReports() {
        var s = app()
        _ = press(&s, .key(.char("m")))
        let items = try! #require(s.menu?.items)
        let share = try! #require(items.firstIndex { $0.title == "Share my server on this network" })
        for _ in 0..<share { _ = press(&s, .key(.down)) }
        let effects = press(&s, .key(.enter))
        #expect(effects.contains { if case .shareServer(true) = $0 { true } else { false } }, "\(effects)")
        _ = reduce(&s, .sharingServer(true), now: 2)
        _ = press(&s, .key(.char("m")), at: 3)
        let again = try! #require(s.menu?.items)
        #expect(again[share].title == "Stop sharing my server")
        for _ in 0..<share { _ = press(&s, .key(.down), at: 3) }
        #expect(press(&s, .key(.enter), at: 3).contains { if case .shareServer(false) = $0 { true } else { false } })
    }

    @Test func keyboardMenuNavigatesAndChooses() {
        var s = app()
        _ = press(&s, .key(.char("m")))
        #expect(s.menu?.highlighted == 0)
        _ = press(&s, .key(.char("j")))
        _ = press(&s, .key(.down))
        #expect(s.menu?.highlighted == 2)
        let effects = press(&s, .key(.enter))
        #expect(s.menu == nil)
        #expect(effects.contains { if case .screenshot = $0 { true } else { false } })
    }

    @Test func skinSubmenuListsSkinsAndChoosesOne() {
        var s = app()
        _ = press(&s, .key(.function(2)))
        for _ in 0..<3 { _ = press(&s, .key(.down)) }
        _ = press(&s, .key(.enter))
        #expect(s.menu?.submenu?.menu.items.map(\.title) == ["  tachikoma", "• builtin"])
        let effects = press(&s, .key(.enter), at: 2)
        #expect(s.menu == nil)
        #expect(effects.contains { if case .loadSkin("tachikoma") = $0 { true } else { false } })
    }

    @Test func escapeAndOutsideClickCloseTheMenu() {
        var s = app()
        _ = press(&s, .key(.char("m")))
        _ = press(&s, .key(.escape))
        #expect(s.menu == nil)
        _ = press(&s, .mouse(MouseEvent(action: .press, button: .right, x: 5, y: 5)))
        _ = press(&s, .mouse(MouseEvent(action: .press, button: .left, x: 70, y: 1)))
        #expect(s.menu == nil)
    }

    /// A key no panel is plugged in under does nothing (PetCore names no tool of its own).
    @Test func keysOfPanelsNotPluggedInDoNothing() {
        var s = AppState(width: 80, height: 24, skin: BuiltinSkin.make(), now: 0)
        let effects = reduce(&s, .input(.key(.char("c"))), now: 1)
        #expect(effects.isEmpty && s.openPanel == nil && s.menu == nil)
    }

    @Test func quitKeys() {
        var s = app()
        #expect(press(&s, .key(.char("q"))).contains { if case .quit = $0 { true } else { false } })
        #expect(press(&s, .key(.ctrl("c"))).contains { if case .quit = $0 { true } else { false } })
        #expect(reduce(&s, .terminate, now: 1).contains { if case .quit = $0 { true } else { false } })
    }

    @Test func toastsQueueWrapAndExpire() {
        var s = app()
        _ = reduce(&s, .toast("first message"), now: 0)
        _ = reduce(&s, .toast("第二条消息，很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长"), now: 0)
        #expect(s.toasts.current == "first message")
        #expect(s.pet.animation == .talk)
        let screen = AppView.render(s).plainText()
        #expect(screen.contains("first message"))
        #expect(screen.contains("+1"))
        _ = reduce(&s, .tick, now: 10)
        #expect(s.toasts.current?.hasPrefix("第二条") == true)
        let wrapped = AppView.render(s).plainText().split(separator: "\n").filter { $0.contains("很") }
        #expect(wrapped.count >= 2)
        for line in wrapped { #expect(DisplayWidth.of(line) <= 80) }
        _ = reduce(&s, .tick, now: 30)
        #expect(s.toasts.current == nil)
        #expect(s.pet.animation != .talk)
    }

    @Test func toastFloodIsBounded() {
        var s = app()
        for i in 0..<1000 { _ = reduce(&s, .toast("t\(i)"), now: 0) }
        #expect(s.toasts.pending <= ToastQueue.capacity)
    }

    @Test func tinyScreensShowANoticeAndNeverCrash() {
        for (w, h) in [(0, 0), (1, 1), (5, 2), (9, 4), (20, 3)] {
            var s = app(width: w, height: h)
            _ = reduce(&s, .toast("hello there"), now: 0)
            _ = press(&s, .mouse(MouseEvent(action: .press, button: .right, x: 0, y: 0)))
            let buf = AppView.render(s)
            #expect(buf.width == w && buf.height == h)
        }
        let s = app(width: 20, height: 3)
        #expect(AppView.render(s).plainText().contains("needs"))
    }

    @Test func clickOnThePetIsAPokeAndDragMovesIt() {
        var s = app()
        let r = s.petRect
        _ = press(&s, .mouse(MouseEvent(action: .press, button: .left, x: r.x + 2, y: r.y + 1)))
        _ = press(&s, .mouse(MouseEvent(action: .release, button: .left, x: r.x + 2, y: r.y + 1)))
        #expect(s.pet.animation == .happy)
        _ = press(&s, .mouse(MouseEvent(action: .press, button: .left, x: r.x + 2, y: r.y + 1)), at: 5)
        _ = press(&s, .mouse(MouseEvent(action: .drag, button: .left, x: r.x + 12, y: r.y - 2)), at: 5.1)
        #expect(s.petRect.x == r.x + 10)
        #expect(s.petRect.y == r.y - 3)
        _ = press(&s, .mouse(MouseEvent(action: .release, button: .left, x: r.x + 12, y: r.y - 2)), at: 5.2)
        #expect(s.petRect.y == r.y)
    }

    @Test func panelsOpenTakeInputRunTasksAndKeepStateWhenClosed() {
        var s = app(width: 100, height: 30)
        _ = press(&s, .key(.char("c")))
        #expect(s.openPanel == "chat")
        // The pet lives to the right of the panel.
        #expect(s.petRect.x >= s.panelArea!.maxX)
        _ = press(&s, .key(.char("h")))
        _ = press(&s, .key(.char("i")))
        let effects = press(&s, .key(.enter))
        guard case .panelTask(let task)? = effects.first else {
            Issue.record("expected a panel task, got \(effects)")
            return
        }
        #expect(task == "hi")
        #expect(AppView.render(s).plainText().contains("echo: hi"))
        _ = press(&s, .key(.escape))
        #expect(s.openPanel == nil)
        // A result while closed reaches the panel and it talks through the pet.
        _ = reduce(&s, .panel("hello"), now: 3)
        #expect(s.unread == 1)
        #expect(s.toasts.current == "from bob: hello")
        #expect(s.panels.chat.received == ["hello"])
    }

    @Test func quietModeStopsAnimationButKeepsReactions() {
        var s = app()
        _ = press(&s, .key(.char("z")))
        #expect(s.pet.quiet)
        _ = reduce(&s, .tick, now: 20)  // toast gone
        _ = press(&s, .key(.enter), at: 21)
        #expect(s.pet.animation == .happy)
    }
}
