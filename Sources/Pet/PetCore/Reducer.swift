import ScreenCore
import TerminalInput

/// The pet app's update function: applies one event at time `now` and returns the
/// effects the runner must carry out. Pure: no terminal, no clock, no I/O.
public func reduce<P: PanelSet>(_ state: inout AppState<P>, _ event: AppEvent<P>, now: Double) -> [Effect<P>] {
    var effects: [Effect<P>] = []
    switch event {
    case .tick:
        break
    case .resized(let w, let h):
        state.width = max(0, w)
        state.height = max(0, h)
        state.pet.clamp(maxX: state.petMaxX)
        if state.menu != nil {
            state.menu = nil
            effects.append(.mouseTracking(allMotion: false))
        }
    case .toast(let text):
        state.toasts.post(text, now: now)
    case .terminate:
        effects.append(.quit)
    case .skinLoaded(let skin):
        state.baseSkin = skin
        state.skin = state.hue != 0 ? skin.recoloured(hue: state.hue) : skin
        state.pet.clamp(maxX: state.petMaxX)
        state.toasts.post("Skin: \(skin.name)", now: now)
        effects.append(.lookChanged(skin: skin.name, hue: state.hue))
    case .panel(let message):
        let commands = state.panels.receive(message, now: now)
        effects += apply(commands, from: state.panels.panel(for: message), &state, now: now)
    case .react(let reaction):
        react(&state, reaction, now: now)
    case .unread(let n):
        state.unread = max(0, n)
    case .sharingServer(let on):
        state.sharingServer = on
    case .visit(let visitor):
        state.startVisit(visitor, now: now)
    case .visitTargets(let nicks):
        state.visitTargets = nicks
    case .quizCard(let card):
        state.receiveQuizCard(card, now: now)
    case .wordBookUnavailable(let reason):
        state.disableQuizzes(reason, now: now)
    case .input(let input):
        state.pet.noteInput(now: now)
        state.quiz.idleSince = now
        if state.menu == nil, state.openPanel == nil, let quizEffects = state.reduceQuizInput(input, now: now) {
            effects += quizEffects
        } else if state.menu != nil {
            effects += reduceMenu(&state, input, now: now)
        } else if let id = state.openPanel {
            effects += reducePanelInput(&state, id: id, input, now: now)
        } else {
            effects += reducePet(&state, input, now: now)
        }
    }
    state.advanceVisit(now: now)
    state.toasts.tick(now: now)
    effects += state.advanceQuiz(now: now)
    state.pet.setTalking(state.toasts.current != nil || state.quiz.card != nil, now: now)
    state.pet.tick(now: now, frameDurations: state.frameDurations, maxX: state.petMaxX)
    return effects
}

private func react<P: PanelSet>(_ state: inout AppState<P>, _ reaction: PetReaction, now: Double) {
    switch reaction {
    case .happy: state.pet.poke(now: now)
    case .surprised: state.pet.startle(now: now)
    }
}

/// Carries out what a panel asked for.
private func apply<P: PanelSet>(_ commands: [PanelCommand<P.Task>], from id: P.ID, _ state: inout AppState<P>,
                                now: Double) -> [Effect<P>] {
    var effects: [Effect<P>] = []
    for command in commands {
        switch command {
        case .close:
            if state.openPanel == id { effects += closePanel(&state, now: now) }
        case .toast(let text):
            state.toasts.post(text, now: now)
        case .task(let task):
            effects.append(.panelTask(task))
        case .react(let reaction):
            react(&state, reaction, now: now)
        case .unread(let n):
            state.unread = max(0, n)
        case .quit:
            effects.append(.quit)
        case .visit(let visitor):
            state.startVisit(visitor, now: now)
        }
    }
    return effects
}

/// Opens a panel (closing another one first).
private func openPanel<P: PanelSet>(_ state: inout AppState<P>, id: P.ID, now: Double) -> [Effect<P>] {
    var effects: [Effect<P>] = []
    if let other = state.openPanel, other != id { effects += closePanel(&state, now: now) }
    if state.openPanel == id { return effects }
    state.openPanel = id
    state.pet.clamp(maxX: state.petMaxX)
    let commands = state.panels.setOpen(id, true, now: now)
    return effects + apply(commands, from: id, &state, now: now)
}

private func closePanel<P: PanelSet>(_ state: inout AppState<P>, now: Double) -> [Effect<P>] {
    guard let id = state.openPanel else { return [] }
    state.openPanel = nil
    let commands = state.panels.setOpen(id, false, now: now)
    return apply(commands, from: id, &state, now: now)
}

/// Input while a panel is open: it has the keyboard; the mouse acts where it points.
private func reducePanelInput<P: PanelSet>(_ state: inout AppState<P>, id: P.ID, _ input: InputEvent, now: Double) -> [Effect<P>] {
    guard let area = state.panelArea else { return [] }
    switch input {
    case .key(.ctrl("z"), _):
        return [.suspend]
    case .key(.function(2), _):
        let r = state.petRect
        return openMenu(&state, at: r.x + r.width / 2, r.y, keyboard: true)
    case .mouse(let m) where !area.contains(x: m.x, y: m.y):
        return reducePetMouse(&state, m, now: now)
    default:
        let commands = state.panels.handle(id, input, area: area, now: now)
        return apply(commands, from: id, &state, now: now)
    }
}

/// Input while no menu is open: keys and mouse act on the pet.
private func reducePet<P: PanelSet>(_ state: inout AppState<P>, _ input: InputEvent, now: Double) -> [Effect<P>] {
    switch input {
    case .key(.char("q"), []), .key(.ctrl("c"), _):
        return [.quit]
    case .key(.ctrl("z"), _):
        return [.suspend]
    case .key(.char("m"), []), .key(.function(2), _):
        let r = state.petRect
        return openMenu(&state, at: r.x + r.width / 2, r.y, keyboard: true)
    case .key(.enter, _), .key(.char(" "), []):
        state.pet.poke(now: now)
    case .key(.left, _), .key(.char("h"), []):
        state.pet.nudge(by: -2, maxX: state.petMaxX, now: now)
    case .key(.right, _), .key(.char("l"), []):
        state.pet.nudge(by: 2, maxX: state.petMaxX, now: now)
    case .key(.char("z"), []):
        return choose(&state, .quiet, now: now)
    case .key(.char("s"), []):
        return choose(&state, .screenshot, now: now)
    case .key(.char("?"), []):
        let panelKeys = state.panels.entries.compactMap { entry in entry.key.map { "\($0) \(entry.keyHelp)" } }
        let keys = ["m menu", "Enter pet", "←/→ move", "z quiet", "s screenshot"] + panelKeys + ["q quit"]
        state.toasts.post("Keys: " + keys.joined(separator: " · "), now: now)
    case .key(.escape, _):
        state.toasts.dismiss(now: now)
    case .mouse(let m):
        return reducePetMouse(&state, m, now: now)
    case .key(.char(let c), []):
        // A panel's own key opens it.
        if let index = state.panels.entries.firstIndex(where: { $0.key == c }) {
            return choose(&state, .panel(index), now: now)
        }
    default:
        break
    }
    return []
}

private func reducePetMouse<P: PanelSet>(_ state: inout AppState<P>, _ m: MouseEvent, now: Double) -> [Effect<P>] {
    switch (m.action, m.button) {
    case (.press, .right):
        return openMenu(&state, at: m.x, m.y, keyboard: false)
    case (.press, .left):
        if state.petRect.contains(x: m.x, y: m.y) {
            state.press = (m.x, m.y, false)
        } else if let bubble = AppView.bubbleRect(state), bubble.contains(x: m.x, y: m.y) {
            state.toasts.dismiss(now: now)
        }
    case (.drag, .left):
        guard var press = state.press else { break }
        if !press.dragged {
            press.dragged = true
            state.pet.beginDrag(pointerX: press.x, now: now)
        }
        state.press = press
        state.pet.drag(pointerX: m.x, rowsAboveGround: press.y - m.y, maxX: state.petMaxX)
    case (.release, _):
        guard let press = state.press else { break }
        state.press = nil
        if press.dragged {
            state.pet.endDrag(now: now)
        } else {
            state.pet.poke(now: now)
        }
    default:
        break
    }
    return []
}

private func openMenu<P: PanelSet>(_ state: inout AppState<P>, at x: Int, _ y: Int, keyboard: Bool) -> [Effect<P>] {
    let items = Menu.main(panels: state.panels.entries.map(\.title), skins: state.skins, current: state.skin.name,
                          quiet: state.pet.quiet, sharing: state.sharingServer, friends: state.visitTargets)
    state.menu = Menu(items: items, at: x, y, screen: Rect(x: 0, y: 0, width: state.width, height: state.height),
                      highlighted: keyboard ? 0 : nil)
    if !keyboard { state.menu?.openingPress = Menu.Cell(x: x, y: y) }
    state.press = nil
    return [.mouseTracking(allMotion: true)]
}

private func closeMenu<P: PanelSet>(_ state: inout AppState<P>) -> [Effect<P>] {
    state.menu = nil
    return [.mouseTracking(allMotion: false)]
}

/// Input while the menu is open: it has the keyboard and the mouse.
private func reduceMenu<P: PanelSet>(_ state: inout AppState<P>, _ input: InputEvent, now: Double) -> [Effect<P>] {
    guard var menu = state.menu else { return [] }
    // The submenu, when open, takes input first.
    if let sub = menu.submenu { return reduceSubmenu(&state, &menu, sub, input, now: now) }
    let effects: [Effect<P>]?
    switch input {
    case .key(let key, let modifiers): effects = menuKey(&state, &menu, key, modifiers, now: now)
    case .mouse(let m): effects = menuMouse(&state, &menu, m, now: now)
    default: effects = nil
    }
    if let effects { return effects }
    state.menu = menu
    return []
}

/// Input while a submenu is open: keys move in it or leave it, the mouse picks from it or
/// goes back to the parent menu.
private func reduceSubmenu<P: PanelSet>(_ state: inout AppState<P>, _ menu: inout Menu, _ sub: Menu.SubmenuBox, _ input: InputEvent,
                           now: Double) -> [Effect<P>] {
    var inner = sub.menu
    switch input {
    case .key(.up, _), .key(.char("k"), []):
        inner.move(-1)
    case .key(.down, _), .key(.char("j"), []):
        inner.move(1)
    case .key(.left, _), .key(.escape, _), .key(.char("h"), []):
        menu.submenu = nil
        state.menu = menu
        return []
    case .key(.enter, _), .key(.right, _), .key(.char("l"), []):
        if let i = inner.highlighted { return closeMenu(&state) + choose(&state, inner.items[i].action, now: now) }
    case .mouse(let m):
        if let i = inner.itemIndex(atX: m.x, y: m.y) {
            inner.highlighted = i
            if m.action == .press || m.action == .release && m.button == .left {
                return closeMenu(&state) + choose(&state, inner.items[i].action, now: now)
            }
        } else if menu.frame.contains(x: m.x, y: m.y) {
            menu.submenu = nil
            state.menu = menu
            return reduceMenu(&state, input, now: now)
        } else if m.action == .press {
            return closeMenu(&state)
        }
    default:
        break
    }
    menu.submenu = Menu.SubmenuBox(menu: inner, parentIndex: sub.parentIndex)
    state.menu = menu
    return []
}

/// A key in the menu; nil when it only moved the highlight (the caller keeps the menu).
private func menuKey<P: PanelSet>(_ state: inout AppState<P>, _ menu: inout Menu, _ key: Key, _ modifiers: Modifiers, now: Double) -> [Effect<P>]? {
    let screen = Rect(x: 0, y: 0, width: state.width, height: state.height)
    switch (key, modifiers) {
    case (.up, _), (.char("k"), []):
        menu.move(-1)
    case (.down, _), (.char("j"), []):
        menu.move(1)
    case (.escape, _), (.char("q"), []), (.char("m"), []), (.function(2), _):
        return closeMenu(&state)
    case (.ctrl("c"), _):
        return [.quit]
    case (.enter, _), (.right, _), (.char("l"), []), (.char(" "), []):
        guard let i = menu.highlighted else {
            menu.highlighted = 0
            return nil
        }
        if menu.items[i].action == .submenu {
            menu.openSubmenu(screen: screen)
        } else {
            return closeMenu(&state) + choose(&state, menu.items[i].action, now: now)
        }
    default:
        break
    }
    return nil
}

/// The mouse in the menu: hovering highlights (and opens a submenu), a click or the release
/// of a drag chooses, a press outside closes it or, with the right button, opens it there.
/// Nil when the menu stays.
private func menuMouse<P: PanelSet>(_ state: inout AppState<P>, _ menu: inout Menu, _ m: MouseEvent, now: Double) -> [Effect<P>]? {
    let screen = Rect(x: 0, y: 0, width: state.width, height: state.height)
    let hit = menu.itemIndex(atX: m.x, y: m.y)
    if let origin = menu.openingPress {
        if origin != Menu.Cell(x: m.x, y: m.y) {
            menu.openingPress = nil
        } else if m.action == .release && m.button == .right {
            // The end of the right-click that opened the menu: nothing chosen.
            menu.openingPress = nil
            state.menu = menu
            return []
        }
    }
    switch m.action {
    case .move, .drag:
        if let hit {
            menu.highlighted = hit
            if menu.items[hit].action == .submenu { menu.openSubmenu(screen: screen) }
        }
    case .press where m.button == .right && hit == nil && !menu.frame.contains(x: m.x, y: m.y):
        return openMenu(&state, at: m.x, m.y, keyboard: false)
    case .press, .release:
        guard m.button == .left || m.button == .right else { break }
        if let hit {
            menu.highlighted = hit
            if menu.items[hit].action == .submenu {
                menu.openSubmenu(screen: screen)
            } else if m.action == .release || m.button == .left {
                return closeMenu(&state) + choose(&state, menu.items[hit].action, now: now)
            }
        } else if m.action == .press && !menu.frame.contains(x: m.x, y: m.y) {
            return closeMenu(&state)
        }
    default:
        break
    }
    return nil
}

/// Carries out a menu choice (also reached by shortcut keys).
private func choose<P: PanelSet>(_ state: inout AppState<P>, _ action: MenuAction, now: Double) -> [Effect<P>] {
    switch action {
    case .quit:
        return [.quit]
    case .quiet:
        state.pet.quiet.toggle()
        state.toasts.post(state.pet.quiet ? "Quiet mode on: I'll keep still." : "Quiet mode off!", now: now)
    case .about:
        state.toasts.post("Tachikoma \(state.version): a terminal pet that chats. Right-click or m for the menu; ? for keys. Dictionary: ECDICT (MIT, © Linwei), CMUdict (BSD), pypinyin (MIT); `tachikoma translate --license`.", now: now)
    case .screenshot:
        return [.screenshot]
    case .panel(let index):
        let entries = state.panels.entries
        guard entries.indices.contains(index) else { break }
        return openPanel(&state, id: entries[index].id, now: now)
    case .skin(let name):
        return [.loadSkin(name)]
    case .shareServer:
        return [.shareServer(!state.sharingServer)]
    case .visit(let nick):
        state.toasts.post("Off to see \(nick)!", now: now)
        return [.sendVisit(nick)]
    case .submenu:
        break
    }
    return []
}
