extension ScreenBuffer {
    /// The buffer as plain text, one line per row. Trailing blanks are trimmed by default,
    /// as `tmux capture-pane -p` does, so the two can be compared.
    public func plainText(trimTrailing: Bool = true) -> String {
        var lines: [String] = []
        lines.reserveCapacity(height)
        for y in 0..<height {
            var line = ""
            for x in 0..<width {
                let c = cells[y * width + x]
                if !c.isContinuation { line.append(c.grapheme) }
            }
            if trimTrailing {
                while line.last == " " { line.removeLast() }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The buffer as text with ANSI SGR colour sequences (`38;2`, `38;5`, or 30–37/90–97),
    /// each line ending with a reset, for `.ans` files and previews.
    public func ansiText() -> String {
        var out = ""
        for y in 0..<height {
            var current: Style? = nil
            for x in 0..<width {
                let c = cells[y * width + x]
                if c.isContinuation { continue }
                if c.style != current {
                    out += ANSI.sgr(c.style)
                    current = c.style
                }
                out.append(c.grapheme)
            }
            out += "\u{1B}[0m"
            if y < height - 1 { out += "\n" }
        }
        return out
    }
}

/// ANSI escape sequences for styles, shared by dumps and any writer of raw output.
public enum ANSI {
    /// A full SGR sequence that sets `style` from a reset state.
    public static func sgr(_ style: Style) -> String {
        var parts = ["0"]
        let a = style.attributes
        if a.contains(.bold) { parts.append("1") }
        if a.contains(.dim) { parts.append("2") }
        if a.contains(.italic) { parts.append("3") }
        if a.contains(.underline) { parts.append("4") }
        if a.contains(.reverse) { parts.append("7") }
        if let f = colorParameter(style.fg, foreground: true) { parts.append(f) }
        if let b = colorParameter(style.bg, foreground: false) { parts.append(b) }
        return "\u{1B}[" + parts.joined(separator: ";") + "m"
    }

    static func colorParameter(_ c: Color, foreground: Bool) -> String? {
        switch c {
        case .default:
            return nil
        case .palette(let i) where i < 8:
            return String((foreground ? 30 : 40) + Int(i))
        case .palette(let i) where i < 16:
            return String((foreground ? 90 : 100) + Int(i) - 8)
        case .palette(let i):
            return (foreground ? "38;5;" : "48;5;") + String(i)
        case .rgb(let v):
            return (foreground ? "38;2;" : "48;2;") + "\(v.r);\(v.g);\(v.b)"
        }
    }
}
