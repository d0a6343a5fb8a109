import ScreenCore

/// Just enough of an ECMA-48 terminal to replay what `ScreenEncoder` writes and to read
/// `tmux capture-pane -e` text back into cells: CUP, SGR (reset, attributes on and off,
/// 30–37/39/40–47/49/90–97/100–107, 38;5/48;5, 38;2/48;2), UTF-8 text, CR, LF (as CR LF, as
/// a tty with `onlcr` shows it), a right margin with a pending wrap. Anything else is listed
/// in `unknown`.
public struct TerminalEmulator {
    public let width: Int
    public let height: Int
    /// What the screen shows.
    public private(set) var grid: ScreenBuffer
    var pen = Style()
    var x = 0
    var y = 0
    var pendingWrap = false
    /// Sequences this emulator does not know (a test that replays our own output fails on them).
    public private(set) var unknown: [String] = []

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        grid = ScreenBuffer(width: width, height: height)
    }

    /// Replays `bytes` as the terminal would.
    public mutating func feed(_ bytes: [UInt8]) {
        let text = Array(String(decoding: bytes, as: UTF8.self))
        var i = 0
        while i < text.count {
            let ch = text[i]
            if ch == "\u{1B}" {
                guard i + 1 < text.count, text[i + 1] == "[" else {
                    unknown.append("ESC without [")
                    i += 1
                    continue
                }
                var j = i + 2
                var params = ""
                while j < text.count, let a = text[j].asciiValue, (0x30...0x3F).contains(a) {
                    params.append(text[j])
                    j += 1
                }
                guard j < text.count else { unknown.append("cut CSI"); return }
                control(params, final: text[j])
                i = j + 1
                continue
            }
            switch ch {
            case "\r":
                x = 0
                pendingWrap = false
            case "\n", "\r\n":
                x = 0
                y = min(height - 1, y + 1)
                pendingWrap = false
            default:
                put(ch)
            }
            i += 1
        }
    }

    private mutating func control(_ params: String, final: Character) {
        let numbers = params.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
        switch final {
        case "H":
            y = max(1, numbers.first ?? 1) - 1
            x = max(1, numbers.count > 1 ? numbers[1] : 1) - 1
            pendingWrap = false
        case "m":
            sgr(numbers.isEmpty ? [0] : numbers)
        default:
            unknown.append("CSI \(params)\(final)")
        }
    }

    private mutating func sgr(_ p: [Int]) {
        var k = 0
        func color() -> Color? {
            if k + 2 < p.count, p[k + 1] == 5 {
                defer { k += 2 }
                return .palette(UInt8(p[k + 2]))
            }
            if k + 4 < p.count, p[k + 1] == 2 {
                defer { k += 4 }
                return .rgb(RGB(UInt8(p[k + 2]), UInt8(p[k + 3]), UInt8(p[k + 4])))
            }
            unknown.append("SGR \(p)")
            return nil
        }
        while k < p.count {
            switch p[k] {
            case 0: pen = Style()
            case 1: pen.attributes.insert(.bold)
            case 2: pen.attributes.insert(.dim)
            case 3: pen.attributes.insert(.italic)
            case 4: pen.attributes.insert(.underline)
            case 7: pen.attributes.insert(.reverse)
            case 22: pen.attributes.subtract([.bold, .dim])
            case 23: pen.attributes.remove(.italic)
            case 24: pen.attributes.remove(.underline)
            case 27: pen.attributes.remove(.reverse)
            case 30...37: pen.fg = .palette(UInt8(p[k] - 30))
            case 90...97: pen.fg = .palette(UInt8(p[k] - 90 + 8))
            case 40...47: pen.bg = .palette(UInt8(p[k] - 40))
            case 100...107: pen.bg = .palette(UInt8(p[k] - 100 + 8))
            case 39: pen.fg = .default
            case 49: pen.bg = .default
            case 38: if let c = color() { pen.fg = c }
            case 48: if let c = color() { pen.bg = c }
            default: unknown.append("SGR \(p[k])")
            }
            k += 1
        }
    }

    private mutating func put(_ ch: Character) {
        let w = max(1, DisplayWidth.of(ch))
        if pendingWrap || x + w > width {
            x = 0
            y += 1
            pendingWrap = false
            if y >= height {
                unknown.append("scrolled")
                y = height - 1
            }
        }
        grid.put(ch, x: x, y: y, style: pen)
        if x + w >= width {
            x = width - 1
            pendingWrap = true
        } else {
            x += w
        }
    }
}

/// What a cell looks like: its glyph and only the colours that can show (a space without
/// attributes shows no foreground, a full block no background).
public struct Look: Equatable, CustomStringConvertible {
    var glyph: Character
    var fg: Color?
    var bg: Color?
    var attributes: Attributes

    public init(_ c: Cell) {
        glyph = c.grapheme
        fg = c.style.fg
        bg = c.style.bg
        attributes = c.style.attributes
        if attributes.isEmpty, glyph == " " { fg = nil }
        if attributes.isEmpty, glyph == "█" { bg = nil }
    }

    public var description: String { "\(glyph) \(fg.map { "\($0)" } ?? "-")/\(bg.map { "\($0)" } ?? "-") \(attributes.rawValue)" }

    /// The cells of `b` that look different in `a`, as "x,y: expected ≠ shown".
    public static func differences(_ expected: ScreenBuffer, _ shown: ScreenBuffer) -> [String] {
        var out: [String] = []
        for y in 0..<expected.height {
            for x in 0..<expected.width {
                let e = Look(expected[x, y])
                let s = Look(shown[x, y])
                if e != s { out.append("\(x),\(y): \(e) ≠ \(s)") }
            }
        }
        return out
    }
}
