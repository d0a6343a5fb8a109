import ScreenCore

/// Writes a `ScreenBuffer` as SVG: a background rectangle per run of equally coloured
/// cells, block elements as exact rectangles, and text in runs whose `x` attribute lists
/// every glyph's cell, so glyphs stay on the grid whatever font the viewer picks; a wide
/// glyph takes two cells.
public struct SVGRenderer: Sendable {
    /// Pixels per cell in the SVG's coordinate system.
    public static let cellWidth = 10, cellHeight = 20
    static let fontSize = 16, baseline = 15

    public var theme: ScreenshotTheme

    public init(theme: ScreenshotTheme = .standard) { self.theme = theme }

    /// The SVG document.
    public func render(_ buffer: ScreenBuffer) -> String {
        let cw = Self.cellWidth, ch = Self.cellHeight
        let w = buffer.width * cw, h = buffer.height * ch
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(w)" height="\(h)" viewBox="0 0 \(w) \(h)" \
            font-family="DejaVu Sans Mono, Noto Sans Mono CJK SC, WenQuanYi Zen Hei Mono, monospace" \
            font-size="\(Self.fontSize)" xml:space="preserve">
            <rect width="\(w)" height="\(h)" fill="\(theme.background.hex)"/>

            """
        for y in 0..<buffer.height {
            out += backgrounds(buffer, row: y)
            out += blocks(buffer, row: y)
            out += text(buffer, row: y)
        }
        out += "</svg>\n"
        return out
    }

    private func backgrounds(_ buffer: ScreenBuffer, row y: Int) -> String {
        var out = "", x = 0
        while x < buffer.width {
            let bg = theme.colors(of: buffer[x, y].style).bg
            var end = x + 1
            while end < buffer.width, theme.colors(of: buffer[end, y].style).bg == bg { end += 1 }
            if bg != theme.background {
                out += "<rect x=\"\(x * Self.cellWidth)\" y=\"\(y * Self.cellHeight)\" width=\"\((end - x) * Self.cellWidth)\" "
                    + "height=\"\(Self.cellHeight)\" fill=\"\(bg.hex)\"/>\n"
            }
            x = end
        }
        return out
    }

    private func blocks(_ buffer: ScreenBuffer, row y: Int) -> String {
        var out = ""
        for x in 0..<buffer.width {
            let cell = buffer[x, y]
            guard !cell.isContinuation, let scalar = cell.grapheme.unicodeScalars.first,
                  let shape = BlockElements.shape(of: scalar) else { continue }
            let (fg, bg) = theme.colors(of: cell.style)
            let px = x * Self.cellWidth, py = y * Self.cellHeight
            switch shape {
            case .shade(let amount):
                out += "<rect x=\"\(px)\" y=\"\(py)\" width=\"\(Self.cellWidth)\" height=\"\(Self.cellHeight)\" "
                    + "fill=\"\(ScreenshotTheme.mix(bg, fg, amount).hex)\"/>\n"
            case .parts(let parts):
                for p in parts {
                    out += "<rect x=\"\(Self.decimal(px, p.x, Self.cellWidth))\" y=\"\(Self.decimal(py, p.y, Self.cellHeight))\" "
                        + "width=\"\(Self.decimal(0, p.width, Self.cellWidth))\" height=\"\(Self.decimal(0, p.height, Self.cellHeight))\" "
                        + "fill=\"\(fg.hex)\"/>\n"
                }
            }
        }
        return out
    }

    /// `base + eighths/8 * size` without a trailing `.0`.
    private static func decimal(_ base: Int, _ eighths: Int, _ size: Int) -> String {
        let v = Double(base) + Double(eighths * size) / 8
        return v == v.rounded() ? String(Int(v)) : String(v)
    }

    /// Runs of glyphs with one style, spaces and block elements left out.
    private func text(_ buffer: ScreenBuffer, row y: Int) -> String {
        var out = "", run: [(x: Int, text: String)] = [], runStyle: Style? = nil
        func flush() {
            guard let style = runStyle, !run.isEmpty else { run = []; return }
            let xs = run.map { String($0.x * Self.cellWidth) }.joined(separator: " ")
            let fg = theme.colors(of: style).fg
            var attrs = "fill=\"\(fg.hex)\""
            if style.attributes.contains(.bold) { attrs += " font-weight=\"bold\"" }
            if style.attributes.contains(.italic) { attrs += " font-style=\"italic\"" }
            if style.attributes.contains(.underline) { attrs += " text-decoration=\"underline\"" }
            out += "<text x=\"\(xs)\" y=\"\(y * Self.cellHeight + Self.baseline)\" \(attrs)>"
                + run.map(\.text).joined() + "</text>\n"
            run = []
        }
        for x in 0..<buffer.width {
            let cell = buffer[x, y]
            if cell.isContinuation { continue }
            let scalars = cell.grapheme.unicodeScalars
            guard let first = scalars.first, first != " ", BlockElements.shape(of: first) == nil else { flush(); runStyle = nil; continue }
            // A grapheme of several scalars would take several x positions: give it its own run.
            if cell.style != runStyle || scalars.count > 1 { flush() }
            runStyle = cell.style
            run.append((x, Self.escape(cell.grapheme)))
            if scalars.count > 1 { flush() }
        }
        flush()
        return out
    }

    /// XML text: `&<>"` escaped, characters XML cannot hold replaced by U+FFFD.
    static func escape(_ c: Character) -> String {
        var out = ""
        for s in c.unicodeScalars {
            switch s {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                let v = s.value
                let allowed = v == 0x09 || v == 0x0A || v == 0x0D || (0x20...0xD7FF).contains(v)
                    || (0xE000...0xFFFD).contains(v) || (0x10000...0x10FFFF).contains(v)
                out.unicodeScalars.append(allowed ? s : "\u{FFFD}")
            }
        }
        return out
    }
}
