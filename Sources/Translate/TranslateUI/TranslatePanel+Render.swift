import LineEditing
import ScreenCore
import Translator

extension TranslatePanel {
    static let titleStyle = Style(fg: .palette(15), bg: .palette(24), attributes: .bold)
    static let creditStyle = Style(fg: .palette(153), bg: .palette(24))
    static let promptStyle = Style(fg: .palette(110), attributes: .bold)
    static let selectionStyle = Style(fg: .palette(15), bg: .palette(24))
    static let cursorStyle = Style(attributes: .reverse)
    static let dimStyle = Style(fg: .palette(244))
    static let ruleStyle = Style(fg: .palette(238))

    /// The ECDICT credit in the title bar, longest first; the first that fits is drawn.
    static let credits = ["dictionary: ECDICT (MIT) ", "ECDICT (MIT) ", "ECDICT "]
    /// Key help, longest first; the first that fits is drawn.
    static let helpTexts = [
        "Enter translate · ↑↓ PgUp PgDn scroll · ^P/^N recent · Esc close",
        "Enter translate · ↑↓ PgUp PgDn scroll · Esc close",
        "Enter translate · ↑↓ scroll · Esc close",
        "Enter · Esc close",
    ]

    static func style(_ kind: ResultLine.Kind) -> Style {
        switch kind {
        case .heading: Style(fg: .palette(117), attributes: .bold)
        case .body: .plain
        case .pinyin: Style(fg: .palette(244))
        case .relation: Style(fg: .palette(180))
        case .section: Style(fg: .palette(221), attributes: .bold)
        case .note: Style(fg: .palette(246))
        case .problem: Style(fg: .palette(203), attributes: .bold)
        case .pending: Style(fg: .palette(221), attributes: .italic)
        }
    }

    public func render(into buffer: inout ScreenBuffer, area: Rect, now: Double) {
        guard !area.isEmpty else { return }
        let layout = Layout(area: area)
        drawTitle(into: &buffer, layout.title)
        drawInput(into: &buffer, layout)
        drawResults(into: &buffer, layout)
        drawRecent(into: &buffer, layout.recent)
        if !layout.help.isEmpty {
            let width = layout.help.width - 2
            let help = Self.helpTexts.first { DisplayWidth.of($0) <= width } ?? TextWrap.truncate(Self.helpTexts[3], width: width)
            buffer.text(help, x: layout.help.x + 1, y: layout.help.y, style: Self.dimStyle, clip: layout.help)
        }
    }

    func drawTitle(into buffer: inout ScreenBuffer, _ row: Rect) {
        guard !row.isEmpty else { return }
        buffer.fill(row, with: .blank(Self.titleStyle))
        let name = " " + title
        let end = buffer.text(name, x: row.x, y: row.y, style: Self.titleStyle, clip: row)
        if let credit = Self.credits.first(where: { end + 2 + DisplayWidth.of($0) <= row.maxX }) {
            buffer.text(credit, x: row.maxX - DisplayWidth.of(credit), y: row.y, style: Self.creditStyle, clip: row)
        }
    }

    func drawInput(into buffer: inout ScreenBuffer, _ layout: Layout) {
        let row = layout.input
        guard !row.isEmpty else { return }
        buffer.text("›", x: row.x + 1, y: row.y, style: Self.promptStyle, clip: row)
        let field = layout.inputText
        guard field.width > 0 else { return }
        let (start, cursorColumn) = editor.window(width: field.width)
        var x = field.x
        for (i, c) in editor.characters.enumerated().dropFirst(start) {
            let w = max(1, DisplayWidth.of(c))
            if x + w > field.maxX { break }
            let style = editor.selected ? Self.selectionStyle : (i == editor.cursor ? Self.cursorStyle : .plain)
            buffer.put(c, x: x, y: row.y, style: style, clip: field)
            x += w
        }
        if editor.cursor == editor.characters.count && !editor.selected {
            buffer.put(" ", x: field.x + cursorColumn, y: row.y, style: Self.cursorStyle, clip: field)
            if editor.isEmpty {
                let hint = recent.isEmpty ? "type English and press Enter" : "type English and press Enter (↑ recent)"
                buffer.text(TextWrap.truncate(hint, width: field.width - 2), x: field.x + 2, y: row.y,
                            style: Self.dimStyle, clip: field)
            }
        }
    }

    func drawResults(into buffer: inout ScreenBuffer, _ layout: Layout) {
        let view = layout.results
        let lines = view.width > 0 ? wrappedContent(width: view.width) : []
        let start = visibleStart(total: lines.count, height: view.height)
        if !layout.rule.isEmpty {
            let rule = layout.rule
            buffer.text(String(repeating: "─", count: rule.width), x: rule.x, y: rule.y, style: Self.ruleStyle, clip: rule)
            if lines.count > view.height, view.height > 0 {
                let last = min(lines.count, start + view.height)
                let arrows = (start > 0 ? "↑" : "") + (last < lines.count ? "↓" : "")
                let position = " \(start + 1)–\(last) of \(lines.count) \(arrows) "
                buffer.text(position, x: rule.maxX - DisplayWidth.of(position) - 1, y: rule.y, style: Self.dimStyle, clip: rule)
            }
        }
        guard view.height > 0, view.width > 0 else { return }
        for (i, line) in lines.dropFirst(start).prefix(view.height).enumerated() {
            buffer.text(line.text, x: view.x, y: view.y + i, style: Self.style(line.kind), clip: view)
        }
    }

    func drawRecent(into buffer: inout ScreenBuffer, _ row: Rect) {
        guard !row.isEmpty, !recent.isEmpty else { return }
        buffer.text(Self.recentLabel, x: row.x + 1, y: row.y, style: Self.dimStyle, clip: row)
        let spans = recentSpans(row)
        for (n, span) in spans.enumerated() {
            if n > 0 {
                buffer.text(Self.recentSeparator, x: span.x - DisplayWidth.of(Self.recentSeparator), y: row.y,
                            style: Self.dimStyle, clip: row)
            }
            let style = recalling == span.index ? Self.selectionStyle : Style(fg: .palette(110), attributes: .underline)
            buffer.text(TextWrap.truncate(recent[span.index], width: 24), x: span.x, y: row.y, style: style, clip: row)
        }
    }
}
