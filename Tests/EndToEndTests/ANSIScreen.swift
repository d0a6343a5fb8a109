import ScreenCore

/// Reads ANSI text — `tmux capture-pane -e` output or `ScreenBuffer.ansiText()` — back into
/// cells, so what a terminal shows can be compared with what the pet rendered.
enum ANSIScreen {
    static func parse(_ text: String, width: Int, height: Int) -> ScreenBuffer {
        var b = ScreenBuffer(width: width, height: height)
        var pen = Style()
        var x = 0
        var y = 0
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let ch = chars[i]
            if ch == "\u{1B}", i + 1 < chars.count, chars[i + 1] == "[" {
                var j = i + 2
                while j < chars.count, let a = chars[j].asciiValue, (0x30...0x3F).contains(a) { j += 1 }
                if j < chars.count, chars[j] == "m" {
                    let p = String(chars[(i + 2)..<j]).split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
                    sgr(p.isEmpty ? [0] : p, &pen)
                }
                i = j + 1
                continue
            }
            if ch == "\n" {
                y += 1
                x = 0
            } else if ch != "\r" {
                x += max(1, b.put(ch, x: x, y: y, style: pen))
            }
            i += 1
        }
        return b
    }

    static func sgr(_ p: [Int], _ pen: inout Style) {
        var k = 0
        while k < p.count {
            switch p[k] {
            case 0: pen = Style()
            case 1: pen.attributes.insert(.bold)
            case 2: pen.attributes.insert(.dim)
            case 3: pen.attributes.insert(.italic)
            case 4: pen.attributes.insert(.underline)
            case 7: pen.attributes.insert(.reverse)
            case 22: pen.attributes.remove(.bold); pen.attributes.remove(.dim)
            case 23: pen.attributes.remove(.italic)
            case 24: pen.attributes.remove(.underline)
            case 27: pen.attributes.remove(.reverse)
            case 30...37: pen.fg = .palette(UInt8(p[k] - 30))
            case 90...97: pen.fg = .palette(UInt8(p[k] - 90 + 8))
            case 40...47: pen.bg = .palette(UInt8(p[k] - 40))
            case 100...107: pen.bg = .palette(UInt8(p[k] - 100 + 8))
            case 39: pen.fg = .default
            case 49: pen.bg = .default
            case 38, 48:
                let foreground = p[k] == 38
                var c: Color?
                if k + 2 < p.count, p[k + 1] == 5 {
                    c = .palette(UInt8(p[k + 2]))
                    k += 2
                } else if k + 4 < p.count, p[k + 1] == 2 {
                    c = .rgb(RGB(UInt8(p[k + 2]), UInt8(p[k + 3]), UInt8(p[k + 4])))
                    k += 4
                }
                if let c {
                    if foreground { pen.fg = c } else { pen.bg = c }
                }
            default: break
            }
            k += 1
        }
    }

    /// The cells whose look differs: glyph, attributes, and the colours that can show (a
    /// plain space shows no foreground, a plain full block no background).
    static func differences(_ expected: ScreenBuffer, _ shown: ScreenBuffer) -> [String] {
        var out: [String] = []
        func look(_ c: Cell) -> String {
            let a = c.style.attributes
            let fg = a.isEmpty && c.grapheme == " " ? "-" : "\(c.style.fg)"
            let bg = a.isEmpty && c.grapheme == "█" ? "-" : "\(c.style.bg)"
            return "\(c.grapheme) \(fg)/\(bg) \(a.rawValue)"
        }
        for y in 0..<expected.height {
            for x in 0..<expected.width where look(expected[x, y]) != look(shown[x, y]) {
                out.append("\(x),\(y): \(look(expected[x, y])) ≠ \(look(shown[x, y]))")
            }
        }
        return out
    }
}
