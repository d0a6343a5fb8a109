import ScreenCore

/// Draws the status screen for a terminal of any size: a title with the endpoint and the
/// server's uptime, the CPU ring beside the figures, a sparkline of messages per second,
/// and a footer with the last scrape or the reason it failed.
///
/// Three layouts: the ring and figures side by side (from 48 × 14); the figures alone,
/// most important first, CPU as a figure (from 24 × 6); below that "too small".
public enum StatusView {
    public static let minimumWidth = 24
    public static let minimumHeight = 6
    static let ringMinimumWidth = 48
    static let ringMinimumHeight = 14
    /// The figures column: label, then value right-aligned.
    static let labelWidth = 21
    static let valueWidth = 11
    static var figuresWidth: Int { labelWidth + valueWidth }

    /// The screen for `state` at `width` × `height`.
    public static func render(_ state: StatusState, width: Int, height: Int) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: width, height: height)
        guard width >= minimumWidth, height >= minimumHeight else {
            drawTooSmall(into: &buffer)
            return buffer
        }
        drawTitle(state, into: &buffer)
        drawFooter(state, into: &buffer)
        if width >= ringMinimumWidth && height >= ringMinimumHeight {
            drawWide(state, into: &buffer)
        } else {
            drawFigures(state, figures(state, cpuRow: true), area: Rect(x: 1, y: 2, width: width - 2, height: height - 3), into: &buffer)
        }
        return buffer
    }

    static func drawTooSmall(into buffer: inout ScreenBuffer) {
        let lines = buffer.width >= 14 ? ["too small", "need \(minimumWidth)×\(minimumHeight)"] : ["too small"]
        let top = max(0, (buffer.height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            buffer.text(line, x: max(0, (buffer.width - line.count) / 2), y: top + i, style: Style(attributes: .bold))
        }
    }

    static func drawTitle(_ state: StatusState, into buffer: inout ScreenBuffer) {
        let w = buffer.width
        let up = state.uptime.map { "up " + Format.duration($0) } ?? ""
        var title = "tachikoma-server status · \(state.url)"
        if w < 50 { title = state.url.authority }
        let room = w - 2 - (up.isEmpty ? 0 : up.count + 2)
        if title.count > room { title = String(title.prefix(max(0, room - 1))) + "…" }
        buffer.fill(Rect(x: 0, y: 0, width: w, height: 1), with: .blank(Style(attributes: .reverse)))
        buffer.text(title, x: 1, y: 0, style: Style(attributes: [.reverse, .bold]))
        if !up.isEmpty { buffer.text(up, x: w - 1 - up.count, y: 0, style: Style(attributes: .reverse)) }
    }

    static func drawFooter(_ state: StatusState, into buffer: inout ScreenBuffer) {
        let y = buffer.height - 1
        let keys = "q quit"
        let room = buffer.width - keys.count - 3
        let (text, style): (String, Style)
        if let problem = state.problem {
            (text, style) = ("! " + problem + " — retrying", Style(fg: .palette(1), attributes: .bold))
        } else if let at = state.latestWallClock {
            (text, style) = ("updated \(clock(at)) UTC · every \(Format.rate(state.interval))s", Style(attributes: .dim))
        } else {
            (text, style) = ("connecting to \(state.url.authority)…", Style(attributes: .dim))
        }
        let shown = text.count > room ? String(text.prefix(max(0, room - 1))) + "…" : text
        buffer.text(shown, x: 1, y: y, style: style)
        buffer.text(keys, x: buffer.width - keys.count - 1, y: y, style: Style(attributes: .dim))
    }

    /// The ring on the left, the figures on its right, the sparkline under both.
    static func drawWide(_ state: StatusState, into buffer: inout ScreenBuffer) {
        let w = buffer.width, h = buffer.height
        let sparkY = h - 3
        let body = Rect(x: 1, y: 2, width: w - 2, height: sparkY - 3)
        let ringRows = max(5, min(body.height, (body.width - figuresWidth - 4) / 2, 32))
        let gap = max(3, min(8, (body.width - ringRows * 2 - figuresWidth) / 3))
        let block = ringRows * 2 + gap + figuresWidth
        let left = body.x + max(0, (body.width - block) / 2)
        let ringArea = Rect(x: left, y: body.y + (body.height - ringRows) / 2, width: ringRows * 2, height: ringRows)
        // Past one core the ring is full; the caption says how many cores are busy.
        let cpu = state.rates?.cpu
        let caption = (cpu ?? 0) > 1 ? Format.rate(cpu) + " cores" : "CPU"
        RingGauge(fraction: cpu, caption: caption).draw(into: &buffer, area: ringArea)
        let rows = figures(state, cpuRow: true)
        let listHeight = rows.count + 2
        let figuresArea = Rect(x: left + ringRows * 2 + gap, y: body.y + max(0, (body.height - listHeight) / 2),
                               width: figuresWidth, height: min(body.height, listHeight))
        drawFigures(state, rows, area: figuresArea, into: &buffer, grouped: true)
        drawSparkline(state, y: sparkY, into: &buffer)
    }

    static func drawSparkline(_ state: StatusState, y: Int, into buffer: inout ScreenBuffer) {
        let label = "received/s "
        let peak = state.history.isEmpty ? "" : "  peak " + Format.rate(state.history.suffix(buffer.width).max())
        let room = buffer.width - 2 - label.count - peak.count
        guard room >= 4 else { return }
        let line = Sparkline.render(state.history, width: room)
        buffer.text(label, x: 1, y: y, style: Style(attributes: .dim))
        let end = buffer.text(line, x: 1 + label.count, y: y, style: Style(fg: .palette(6)))
        buffer.text(peak, x: end, y: y, style: Style(attributes: .dim))
    }

    /// One figure: its label, its value, and the group it starts (a blank line before it
    /// in the wide layout).
    struct Figure {
        var label: String
        var value: String
        var priority: Int
        var startsGroup = false
        /// A colour of its own for the value (CPU by level, lost messages red).
        var accent: Style?
    }

    /// The figures in screen order; `priority` says which survive a short terminal.
    static func figures(_ state: StatusState, cpuRow: Bool) -> [Figure] {
        let s = state.latest
        let r = state.rates
        var list = [
            Figure(label: "Connections", value: Format.count(s?.connections), priority: 0),
            Figure(label: "Registered users", value: Format.count(s?.registeredUsers), priority: 3),
            Figure(label: "Channels", value: Format.count(s?.channels), priority: 5),
            Figure(label: "Accounts", value: Format.count(s?.accounts), priority: 6),
            Figure(label: "Messages/s received", value: Format.rate(r?.messagesReceived), priority: 1, startsGroup: true),
            Figure(label: "Persisted/s", value: Format.rate(r?.messagesPersisted), priority: 4),
            Figure(label: "Resident memory", value: Format.bytes(s?.residentBytes), priority: 7, startsGroup: true),
            Figure(label: "CPU time", value: Format.cpuTime(s?.cpuSeconds), priority: 8),
        ]
        if let lost = s?.messagesNotStored, lost > 0 {
            list.insert(Figure(label: "Not stored (!)", value: Format.count(lost), priority: 0,
                               accent: Style(fg: .palette(1), attributes: .bold)), at: 6)
        }
        if cpuRow {
            list.append(Figure(label: "CPU (1 core = 100%)", value: RingGauge(fraction: r?.cpu).label, priority: 2,
                               accent: Style(fg: RingGauge.Level(r?.cpu).style.fg, attributes: state.problem != nil ? .dim : .bold)))
        }
        return list
    }

    /// The figures that fit in `area`, most important first, kept in screen order.
    static func drawFigures(_ state: StatusState, _ all: [Figure], area: Rect, into buffer: inout ScreenBuffer, grouped: Bool = false) {
        let gaps = grouped ? all.filter(\.startsGroup).count : 0
        var list = all
        if list.count + gaps > area.height {
            let keep = Set(all.enumerated().sorted { ($0.element.priority, $0.offset) < ($1.element.priority, $1.offset) }
                .prefix(max(0, area.height)).map(\.element.label))
            list = all.filter { keep.contains($0.label) }
        }
        let useGaps = grouped && list.count + gaps <= area.height
        let stale = state.problem != nil
        let valueStyle = Style(attributes: stale ? .dim : .bold)
        let labelWidth = min(labelWidth, max(0, area.width - valueWidth))
        var y = area.y
        for figure in list {
            if useGaps && figure.startsGroup && y > area.y { y += 1 }
            guard y < area.maxY else { break }
            buffer.text(figure.label, x: area.x, y: y, clip: Rect(x: area.x, y: y, width: labelWidth, height: 1))
            let vx = area.x + min(area.width, labelWidth + valueWidth) - figure.value.count
            let style = figure.accent ?? valueStyle
            buffer.text(figure.value, x: max(area.x + labelWidth, vx), y: y, style: style, clip: area)
            y += 1
        }
    }

    /// `HH:MM:SS` of a Unix time, in UTC.
    static func clock(_ t: Double) -> String {
        guard t.isFinite, t >= 0, t < 1e15 else { return "--:--:--" }
        let s = Int(t.rounded(.down)) % 86400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))"
    }
}
