import ChatCore
import IRCProtocol
import LineEditing
import PetCore
import ScreenCore

/// Drawing the panel.
extension ChatPanel {
    public func render(into buffer: inout ScreenBuffer, area: Rect, now: Double) {
        guard area.width >= 10, area.height >= 3 else { return }
        if let form {
            form.render(into: &buffer, area: area)
            return
        }
        let layout = Layout(area: area, statusLine: !status.isEmpty)
        renderTitle(into: &buffer, layout.title)
        if let r = layout.status {
            _ = buffer.text(TextWrap.truncate(status, width: r.width), x: r.x, y: r.y, style: Style(fg: .palette(3)), clip: r)
        }
        if let side = layout.sidebar {
            renderSidebar(into: &buffer, side)
            for y in side.y..<side.maxY { _ = buffer.put("│", x: side.maxX, y: y, style: Style(attributes: .dim), clip: area) }
        }
        renderMessages(into: &buffer, layout.messages)
        renderInput(into: &buffer, layout.input)
    }

    /// The display name of the active buffer.
    var activeTitle: String { active.isEmpty ? (session?.config.host ?? settings.server) : active }

    func renderTitle(into buffer: inout ScreenBuffer, _ r: Rect) {
        let bar = Style(attributes: .reverse)
        buffer.fill(r, with: .blank(bar))
        var left = " " + activeTitle
        if let s = session, let i = s.bufferIndex(active), !s.buffers[i].topic.isEmpty {
            left += " — " + MessageFormat.strip(s.buffers[i].topic)
        }
        var right: String
        switch session?.phase {
        case .online?: right = "● " + (session?.nick ?? "")
        case .registering?, .connecting?: right = "◌ connecting"
        case .disconnected(true)?: right = "○ offline, retrying"
        case .disconnected(false)?: right = "○ offline"
        case nil: right = "○ not connected"
        }
        if let p = session?.pendingCount, p > 0 { right = "\(p) pending · " + right }
        right += " "
        let rw = DisplayWidth.of(right)
        _ = buffer.text(TextWrap.truncate(left, width: max(0, r.width - rw - 1)), x: r.x, y: r.y, style: bar, clip: r)
        _ = buffer.text(right, x: r.maxX - rw, y: r.y, style: bar, clip: r)
    }

    func renderSidebar(into buffer: inout ScreenBuffer, _ r: Rect) {
        guard let s = session else { return }
        for (offset, row) in sidebarRows(height: r.height).enumerated() {
            let y = r.y + offset
            switch row {
            case .buffer(let index):
                let b = s.buffers[index]
                let name = b.kind == .server ? "server" : b.name
                let isActive = b.kind == .server ? active.isEmpty : s.caseMapping.equal(b.name, active)
                let count = b.unread > 0 ? " \(b.unread)" : ""
                var style = Style()
                if b.highlights > 0 || (b.kind == .query && b.unread > 0) { style = Style(fg: .palette(3), attributes: .bold) }
                else if b.unread > 0 { style.attributes.insert(.bold) }
                if b.kind == .channel && !b.joined { style.attributes.insert(.dim) }
                if isActive { style.attributes.insert(.reverse) }
                // The active row also carries a mark that reads without colour or attributes.
                let mark = isActive ? "▸" : " "
                let label = TextWrap.truncate(name, width: r.width - DisplayWidth.of(count) - 2)
                let padded = mark + label + String(repeating: " ", count: max(0, r.width - 1 - DisplayWidth.of(label) - DisplayWidth.of(count))) + count
                _ = buffer.text(padded, x: r.x, y: y, style: style, clip: r)
            case .heading(let text):
                _ = buffer.text(TextWrap.truncate(text, width: r.width), x: r.x, y: y, style: Style(attributes: [.dim, .underline]), clip: r)
            case .friend(let f):
                let presence = s.friends[f] ?? .unknown
                let (mark, style): (String, Style) = switch presence {
                case .online: ("●", Style(fg: .palette(2)))
                case .away: ("◐", Style(fg: .palette(3)))
                case .offline, .unknown: ("○", Style(attributes: .dim))
                }
                let after = buffer.text(mark + " ", x: r.x, y: y, style: style, clip: r)
                _ = buffer.text(TextWrap.truncate(f, width: r.maxX - after), x: after, y: y,
                                style: presence == .online || presence == .away ? .plain : Style(attributes: .dim), clip: r)
            case .member(let nick, let prefix):
                let mark = prefix.isEmpty ? " " : String(prefix.prefix(1))
                let after = buffer.text(mark, x: r.x, y: y, style: Style(fg: .palette(2), attributes: .bold), clip: r)
                _ = buffer.text(TextWrap.truncate(nick, width: r.maxX - after), x: after, y: y,
                                style: Style(fg: MessageFormat.color(for: nick)), clip: r)
            case .more(let count):
                _ = buffer.text(TextWrap.truncate(" +\(count) more", width: r.width), x: r.x, y: y, style: Style(attributes: .dim), clip: r)
            case .blank:
                break
            }
        }
    }

    /// The rows of the active buffer with the unread marker and dictionary glosses, newest last.
    func messageRowsFor(width: Int) -> [MessageFormat.Row] {
        messageRowsAndLines(width: width).map(\.row)
    }

    /// Each row of the message view and the message it belongs to (its first row carries
    /// the time stamp a click glosses).
    func messageRowsAndLines(width: Int) -> [MessageRow] {
        guard let s = session else {
            return [MessageRow(note: "Not connected.")]
        }
        let index = active.isEmpty ? 0 : s.bufferIndex(active)
        guard let index else {
            let note = s.phase == .online ? "Joining \(active)…" : "\(active) opens once connected."
            return [MessageRow(note: note)]
        }
        let lines = s.buffers[index].lines
        if lines.isEmpty && s.buffers[index].kind != .server {
            let hint = s.buffers[index].kind == .channel
                ? "You are in \(s.buffers[index].name): type to talk, /help for more"
                : "A private chat with \(s.buffers[index].name). Type and press Enter"
            return [MessageRow(note: hint)] + glossRows(anchor: nil, width: width)
        }
        // Looked up once per render, not per line.
        let glossed = !(glosses[glossKey(active)]?.isEmpty ?? true)
        var rows: [MessageRow] = []
        let marker = markers[active]
        var markerDrawn = marker == nil
        for line in lines {
            if !markerDrawn, let m = marker, line.time > m, !s.caseMapping.equal(line.sender, s.nick) {
                markerDrawn = true
                if !rows.isEmpty {
                    let label = "── new ──"
                    let pad = String(repeating: "─", count: max(0, width - DisplayWidth.of(label)))
                    rows.append(MessageRow(MessageFormat.Row(segments: [.init(label + pad, Style(fg: .palette(1)))])))
                }
            }
            rows += MessageFormat.rows(line, me: s.nick, width: width, utcOffset: utcOffset, bookWords: bookWords).map { MessageRow($0, line: line) }
            if glossed { rows += glossRows(anchor: GlossAnchor(time: line.time, text: line.text), width: width) }
        }
        return glossed ? rows + glossRows(anchor: nil, width: width) : rows
    }

    func renderMessages(into buffer: inout ScreenBuffer, _ r: Rect) {
        guard r.height > 0, r.width > 8 else { return }
        let rows = messageRowsFor(width: r.width)
        let offset = min(scroll[active] ?? 0, max(0, rows.count - r.height))
        let end = rows.count - offset
        let start = max(0, end - r.height)
        var y = r.maxY - (end - start)
        for row in rows[start..<end] {
            var x = r.x
            for segment in row.segments { x = buffer.text(segment.text, x: x, y: y, style: segment.style, clip: r) }
            y += 1
        }
        if offset > 0 {
            let note = " ↓ \(offset) more (PgDn) "
            _ = buffer.text(note, x: r.maxX - DisplayWidth.of(note), y: r.maxY - 1, style: Style(attributes: .reverse), clip: r)
        }
    }

    func renderInput(into buffer: inout ScreenBuffer, _ r: Rect) {
        guard r.height > 0 else { return }
        if let lines = pendingPaste {
            let text = "Paste \(lines.count) lines into \(activeTitle)? Enter sends · Esc cancels"
            _ = buffer.text(TextWrap.truncate(text, width: r.width), x: r.x, y: r.y, style: Style(fg: .palette(3), attributes: .bold), clip: r)
            return
        }
        let prompt = "› "
        let textX = buffer.text(prompt, x: r.x, y: r.y, style: Style(attributes: .bold), clip: r)
        let v = editor.visible(width: r.maxX - textX - 1)
        _ = buffer.text(v.text, x: textX, y: r.y, clip: r)
        let cx = textX + v.cursorColumn
        if cx < r.maxX {
            let cell = buffer[cx, r.y]
            _ = buffer.put(cell.isContinuation ? " " : cell.grapheme, x: cx, y: r.y, style: Style(attributes: .reverse), clip: r)
        }
    }
}

/// One row of the message view and the message it belongs to (nil for notes, the unread
/// marker and glosses): a click on a message's first row glosses that message.
struct MessageRow {
    var row: MessageFormat.Row
    var line: ChatLine?

    init(_ row: MessageFormat.Row, line: ChatLine? = nil) {
        self.row = row
        self.line = line
    }

    /// A dimmed note in place of messages ("Not connected.").
    init(note: String) {
        self.init(MessageFormat.Row(segments: [MessageFormat.Segment(note, Style(attributes: .dim))]))
    }
}
