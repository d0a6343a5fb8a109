import ScreenCore
import TerminalInput
import Testing
@testable import PetCore

/// A friend's pet visiting (issue 15, item 1): it walks in from the far edge, both greet, it
/// stays, walks out; quiet mode and `visits = false` refuse it; looks the pet cannot draw
/// fall back to the builtin skin; the menu's Visit ▸ sends ours.
extension ScreenBuffer {
    /// Row `y` as plain text.
    func rowText(_ y: Int) -> String {
        let rows = plainText(trimTrailing: false).split(separator: "\n", omittingEmptySubsequences: false)
        return y < rows.count ? String(rows[y]) : ""
    }
}

@Suite struct VisitorTests {
    func app(width: Int = 100, height: Int = 24) -> AppState<NoPanels> {
        AppState(width: width, height: height, skin: BuiltinSkin.make(), skins: ["builtin"], now: 0)
    }

    /// Ticks until `condition` holds (bounded), returning the time reached.
    func run(_ state: inout AppState<NoPanels>, from start: Double, until condition: (AppState<NoPanels>) -> Bool, limit: Double = 120) -> Double? {
        var now = start
        while now < start + limit {
            now += 0.05
            _ = reduce(&state, .tick, now: now)
            if condition(state) { return now }
        }
        return nil
    }

    @Test func aVisitWalksInGreetsStaysAndLeaves() throws {
        var state = app()
        _ = reduce(&state, .visit(Visitor(nick: "batou", skin: "unknown-skin", hue: 120)), now: 1)
        let visit = try #require(state.visit)
        #expect(visit.phase == .arriving)
        #expect(visit.x < 0 || visit.x >= state.petArea.width, "it starts off screen")
        #expect(state.nextDeadline() != nil, "a visit keeps the clock running")

        let met = try #require(run(&state, from: 1) { $0.visit?.phase == .greeting })
        #expect(state.toasts.current == "batou's pet came to visit!")
        let gap = abs((state.visit!.x + state.skin.size.width / 2) - (state.pet.x + state.skin.size.width / 2))
        #expect(gap <= state.skin.size.width + 3, "they meet side by side")

        // While it is there, its owner's nick is on the bottom line, under it.
        let screen = AppView.render(state, now: met + 0.5)
        #expect(screen.rowText(state.height - 1).contains("batou"), "\(screen.rowText(state.height - 1))")

        let left = try #require(run(&state, from: met) { $0.visit == nil })
        #expect(left - met >= VisitState.stay, "it stays a while")
        #expect(!AppView.render(state, now: left).rowText(state.height - 1).contains("batou"))
    }

    @Test func quietModeAndVisitsOffRefuseVisitors() {
        var quiet = app()
        quiet.pet.quiet = true
        _ = reduce(&quiet, .visit(Visitor(nick: "a")), now: 1)
        #expect(quiet.visit?.visitor.nick == nil)
        var off = app()
        off.visitsAllowed = false
        _ = reduce(&off, .visit(Visitor(nick: "a")), now: 1)
        #expect(off.visit?.visitor.nick == nil)
        var tiny = app(width: 14, height: 8)
        _ = reduce(&tiny, .visit(Visitor(nick: "a")), now: 1)
        #expect(tiny.visit?.visitor.nick == nil, "no room for two pets")
        var busy = app()
        _ = reduce(&busy, .visit(Visitor(nick: "first")), now: 1)
        _ = reduce(&busy, .visit(Visitor(nick: "second")), now: 1.1)
        #expect(busy.visit?.visitor.nick == "first", "one visitor at a time")
    }

    @Test func aHueTurnsColoursAndHostileLooksFallBack() {
        let skin = BuiltinSkin.make()
        let same = skin.recoloured(hue: 0)
        #expect(same.sprite(.idle) == skin.sprite(.idle), "hue 0 changes nothing")
        let turned = skin.recoloured(hue: 180)
        #expect(turned.sprite(.idle) != skin.sprite(.idle), "colours change")
        #expect(turned.sprite(.idle).frames[0].cells.map { $0?.grapheme } == skin.sprite(.idle).frames[0].cells.map { $0?.grapheme },
                "the drawing does not")
        #expect(RGB(200, 0, 0).turned(by: 120) == RGB(0, 200, 0))
        #expect(RGB(90, 90, 90).turned(by: 77) == RGB(90, 90, 90), "greys stay grey")
        // Out-of-range hues wrap; unknown skins are drawn as the builtin one.
        #expect(Visitor(nick: "x", hue: 725).hue == 5 && Visitor(nick: "x", hue: -30).hue == 330)
        var state = app()
        _ = reduce(&state, .visit(Visitor(nick: String(repeating: "n", count: 500), skin: "../../etc/passwd", hue: nil)), now: 1)
        #expect(state.visit?.visitor.nick.count == 30)
        #expect(state.visit?.skin.sprite(.walk) == BuiltinSkin.make().sprite(.walk), "the builtin look")
    }

    @Test func theMenuSendsOurPetToAFriend() throws {
        var state = app()
        _ = reduce(&state, .visitTargets(["batou", "togusa"]), now: 1)
        _ = reduce(&state, .input(.key(.char("m"), [])), now: 2)
        let menu = try #require(state.menu)
        let visit = try #require(menu.items.firstIndex { $0.title == "Visit" })
        #expect(menu.items[visit].children.map(\.title) == ["batou", "togusa"])
        var effects: [Effect<NoPanels>] = []
        for _ in 0..<visit { effects += reduce(&state, .input(.key(.down, [])), now: 3) }
        effects += reduce(&state, .input(.key(.enter, [])), now: 3)
        effects += reduce(&state, .input(.key(.down, [])), now: 3)
        effects += reduce(&state, .input(.key(.enter, [])), now: 3)
        #expect(effects.contains { if case .sendVisit("togusa") = $0 { true } else { false } }, "\(effects)")
        var none = app()
        _ = reduce(&none, .input(.key(.char("m"), [])), now: 2)
        #expect(none.menu?.items.contains { $0.title == "Visit" } == false, "no friends, no Visit item")
    }
}
