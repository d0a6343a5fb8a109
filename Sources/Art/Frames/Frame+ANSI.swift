import ScreenCore

extension Frame {
    /// The frame as ANSI text for a terminal (SGR colours, one line per row, reset at each
    /// line end), as `tachikoma convert --preview` prints it. Transparent cells become
    /// spaces in the terminal's default colours.
    public func ansiText() -> String {
        var out = ""
        for y in 0..<height {
            var current: (Color, Color)? = nil
            for x in 0..<width {
                guard let cell = self[x, y] else {
                    if current != nil { out += "\u{1B}[0m" }
                    current = nil
                    out += " "
                    continue
                }
                if current == nil || current! != (cell.fg, cell.bg) {
                    out += "\u{1B}[0;" + Frame.sgr(cell.fg, background: false) + ";" + Frame.sgr(cell.bg, background: true) + "m"
                    current = (cell.fg, cell.bg)
                }
                out.append(cell.grapheme)
            }
            out += "\u{1B}[0m\n"
        }
        return out
    }

    /// The SGR parameters selecting `colour` as foreground or background.
    static func sgr(_ colour: Color, background: Bool) -> String {
        switch colour {
        case .default: return background ? "49" : "39"
        case .palette(let i) where i < 8: return String((background ? 40 : 30) + Int(i))
        case .palette(let i) where i < 16: return String((background ? 100 : 90) + Int(i) - 8)
        case .palette(let i): return (background ? "48;5;" : "38;5;") + String(i)
        case .rgb(let c): return (background ? "48;2;" : "38;2;") + "\(c.r);\(c.g);\(c.b)"
        }
    }
}
