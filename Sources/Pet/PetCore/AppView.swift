import ScreenCore

/// Draws the app state into a screen buffer: the pet on the bottom line, its speech
/// bubble, the unread badge and the popup menu. Pure: the same state gives the same cells.
public enum AppView {
    static let bubbleStyle = Style(fg: .palette(15), bg: .palette(236))
    static let bubbleBorder = Style(fg: .palette(110), bg: .default)
    static let menuStyle = Style(fg: .palette(252), bg: .palette(235))
    static let menuBorder = Style(fg: .palette(110), bg: .palette(235))
    static let menuHighlight = Style(fg: .palette(235), bg: .palette(110), attributes: .bold)
    static let noticeStyle = Style(fg: .palette(11))

    /// The whole screen for `state`.
    public static func render(_ state: AppState<some PanelSet>, now: Double = 0) -> ScreenBuffer {
        var buf = ScreenBuffer(width: state.width, height: state.height)
        render(state, now: now, into: &buf)
        return buf
    }

    /// Draws the whole screen for `state` into `buf`, which must be blank and of the
    /// state's size (a new buffer, or one reused after `clear()`).
    public static func render(_ state: AppState<some PanelSet>, now: Double = 0, into buf: inout ScreenBuffer) {
        guard state.width > 0, state.height > 0 else { return }
        if state.tooSmall && state.openPanel == nil {
            drawNotice(state, into: &buf)
        } else {
            if !state.petHidden && !state.tooSmall {
                drawVisitor(state, now: now, into: &buf)
                drawPet(state, into: &buf)
            }
            if let id = state.openPanel, let area = state.panelArea {
                buf.fill(area)
                state.panels.render(id, into: &buf, area: area, now: now)
            }
            drawBubble(state, into: &buf)
        }
        drawBadge(state, into: &buf)
        if let menu = state.menu {
            draw(menu, into: &buf)
            if let sub = menu.submenu { draw(sub.menu, into: &buf) }
        }
    }

    static func drawPet(_ state: AppState<some PanelSet>, into buf: inout ScreenBuffer) {
        let frame = state.currentFrame
        let r = state.petRect
        for y in 0..<frame.height {
            for x in 0..<frame.width {
                guard let cell = frame[x, y] else { continue }
                buf.put(cell.grapheme, x: r.x + x, y: r.y + y, style: cell.style)
            }
        }
    }

    /// The visiting pet, clipped to the pet area, with its owner's nick under it.
    static func drawVisitor(_ state: AppState<some PanelSet>, now: Double, into buf: inout ScreenBuffer) {
        guard let (frame, r) = state.visitorFrame(now: now), let v = state.visit else { return }
        let area = state.petArea
        for y in 0..<frame.height {
            for x in 0..<frame.width {
                guard let cell = frame[x, y], area.contains(x: r.x + x, y: r.y + y) else { continue }
                buf.put(cell.grapheme, x: r.x + x, y: r.y + y, style: cell.style)
            }
        }
        let label = TextWrap.truncate(v.visitor.nick, width: max(1, r.width))
        let lx = r.x + (r.width - DisplayWidth.of(label)) / 2
        buf.text(label, x: lx, y: state.height - 1, style: Style(fg: .palette(14), attributes: .bold), clip: area)
    }

    /// Where the bubble goes: above the pet when there is room, else beside it.
    public static func bubbleRect(_ state: AppState<some PanelSet>) -> Rect? {
        guard !state.tooSmall else { return nil }
        let maxInner = max(4, min(40, state.width - 4))
        guard let lines = bubbleLines(state, width: maxInner) else { return nil }
        let inner = lines.map { DisplayWidth.of($0) }.max() ?? 0
        let w = inner + 4
        let h = lines.count + 2
        let pet = state.petRect
        var y = pet.y - h - 1
        var x = pet.x + pet.width / 2 - w / 2
        if y < 0 {
            // No room above: beside the pet, on the side with more space.
            y = max(0, state.height - h - 1)
            let rightRoom = state.width - pet.maxX
            x = rightRoom >= w + 1 ? pet.maxX + 1 : pet.x - w - 1
        }
        x = max(0, min(x, state.width - w))
        return Rect(x: x, y: y, width: min(w, state.width), height: min(h, state.height))
    }

    /// What the bubble says: the quiz card while one is up, else the current toast.
    static func bubbleLines(_ state: AppState<some PanelSet>, width: Int) -> [String]? {
        if let card = state.quiz.card { return quizLines(card, width: width).map(\.text) }
        guard let text = state.toasts.current else { return nil }
        return TextWrap.lines(text, width: width)
    }

    static func drawBubble(_ state: AppState<some PanelSet>, into buf: inout ScreenBuffer) {
        guard let r = bubbleRect(state), let lines = bubbleLines(state, width: max(1, r.width - 4)) else { return }
        buf.fill(r.inset(by: 1), with: .blank(bubbleStyle))
        buf.box(r, style: bubbleBorder, border: .rounded)
        for (i, line) in lines.enumerated() where i < r.height - 2 {
            buf.fill(Rect(x: r.x + 1, y: r.y + 1 + i, width: r.width - 2, height: 1), with: .blank(bubbleStyle))
            buf.text(line, x: r.x + 2, y: r.y + 1 + i, style: bubbleStyle, clip: r.inset(by: 1))
        }
        let pet = state.petRect
        if r.maxY < pet.y {
            // The tail points down at the pet's head.
            let tx = max(r.x + 1, min(pet.x + pet.width / 2, r.maxX - 2))
            buf.put("╲", x: tx, y: r.maxY, style: bubbleBorder)
        }
        if state.quiz.card == nil, state.toasts.pending > 0 {
            buf.text("+\(state.toasts.pending)", x: r.maxX - 4, y: r.maxY - 1, style: bubbleBorder)
        }
    }

    static func drawBadge(_ state: AppState<some PanelSet>, into buf: inout ScreenBuffer) {
        guard state.unread > 0 else { return }
        let text = " ✉ \(state.unread) "
        let w = DisplayWidth.of(text)
        buf.text(text, x: max(0, state.width - w), y: 0, style: Style(fg: .palette(16), bg: .palette(214), attributes: .bold))
    }

    static func drawNotice(_ state: AppState<some PanelSet>, into buf: inout ScreenBuffer) {
        let size = state.skin.size
        let lines = TextWrap.lines("Tachikoma needs \(size.width)x\(size.height + 1) (now \(state.width)x\(state.height))", width: state.width)
        let top = max(0, (state.height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            let x = max(0, (state.width - DisplayWidth.of(line)) / 2)
            buf.text(line, x: x, y: top + i, style: noticeStyle)
        }
    }

    static func draw(_ menu: Menu, into buf: inout ScreenBuffer) {
        let r = menu.frame
        buf.fill(r, with: .blank(menuStyle))
        buf.box(r, style: menuBorder, border: .rounded)
        let inner = r.inset(by: 1)
        for (i, item) in menu.items.enumerated() where i < inner.height {
            let style = menu.highlighted == i ? menuHighlight : menuStyle
            let row = Rect(x: inner.x, y: inner.y + i, width: inner.width, height: 1)
            buf.fill(row, with: .blank(style))
            buf.text(item.title, x: inner.x + 1, y: row.y, style: style, clip: row)
            if !item.children.isEmpty { buf.put("▸", x: inner.maxX - 2, y: row.y, style: style) }
        }
    }
}
