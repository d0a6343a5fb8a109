import ScreenCore

/// Just enough of an ECMA-48 terminal to replay what `ScreenEncoder` writes and to read
/// `tmux capture-pane -e` text back into cells: CUP, CUF, SGR (reset, attributes on and off,
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
        case "C":
            x = min(width - 1, x + max(1, numbers.first ?? 1))
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

/// What a cell looks like. A block element (U+2580–U+259F but the shades) or a space
/// without attributes is the colour of each of its 8x8 pixels, so ▀ with fg A and bg B
/// looks like ▄ with fg B and bg A, and a space on bg A like █ on fg A; the terminal's
/// default foreground and background are different colours. Any other cell is its glyph
/// and only the colours that can show (a space with attributes shows both).
public struct Look: Equatable, CustomStringConvertible {
    /// A colour as it shows in a cell.
    enum Shown: Equatable, CustomStringConvertible {
        case color(Color)
        case defaultForeground
        case defaultBackground

        init(_ c: Color, foreground: Bool) {
            if case .default = c { self = foreground ? .defaultForeground : .defaultBackground } else { self = .color(c) }
        }

        var description: String {
            switch self {
            case .color(let c): "\(c)"
            case .defaultForeground: "default-fg"
            case .defaultBackground: "default-bg"
            }
        }
    }

    enum Kind: Equatable {
        /// `on` where the bit of `mask` (row-major, top left first) is set, `off` elsewhere;
        /// kept with the top left pixel off (and a one-colour cell as mask 0), so two
        /// drawings of the same pixels compare equal.
        case pixels(mask: UInt64, on: Shown, off: Shown)
        case glyph(Character, fg: Color?, bg: Color?, attributes: Attributes)
    }

    let kind: Kind

    public init(_ c: Cell) {
        let attributes = c.style.attributes
        if attributes.isEmpty, let mask = Self.coverage(c.grapheme) {
            var on = Shown(c.style.fg, foreground: true)
            var off = Shown(c.style.bg, foreground: false)
            var m = mask
            if m & 1 != 0 {
                m = ~m
                swap(&on, &off)
            }
            if m == 0 || on == off {
                kind = .pixels(mask: 0, on: off, off: off)
            } else {
                kind = .pixels(mask: m, on: on, off: off)
            }
            return
        }
        kind = .glyph(c.grapheme, fg: c.style.fg, bg: c.style.bg, attributes: attributes)
    }

    public var description: String {
        switch kind {
        case .pixels(let mask, let on, let off):
            mask == 0 ? "solid \(off)" : "pixels \(String(mask, radix: 16)) \(on)/\(off)"
        case .glyph(let g, let fg, let bg, let a):
            "\(g) \(fg.map { "\($0)" } ?? "-")/\(bg.map { "\($0)" } ?? "-") \(a.rawValue)"
        }
    }

    /// The foreground pixels of a space or a block element (not the shades), 8x8 row-major
    /// from the top left; nil for anything else. From the Unicode definitions of the glyphs,
    /// written out here independently of the encoder.
    static func coverage(_ g: Character) -> UInt64? {
        guard g.unicodeScalars.count == 1, let v = g.unicodeScalars.first?.value else { return nil }
        func rect(_ x: Int, _ y: Int, _ w: Int, _ h: Int) -> UInt64 {
            var m: UInt64 = 0
            for row in y..<(y + h) {
                for col in x..<(x + w) { m |= 1 << UInt64(row * 8 + col) }
            }
            return m
        }
        let ul = rect(0, 0, 4, 4), ur = rect(4, 0, 4, 4), ll = rect(0, 4, 4, 4), lr = rect(4, 4, 4, 4)
        switch v {
        case 0x20: return 0
        case 0x2580: return rect(0, 0, 8, 4)
        case 0x2581...0x2588: let n = Int(v - 0x2580); return rect(0, 8 - n, 8, n)
        case 0x2589...0x258F: return rect(0, 0, Int(0x2590 - v), 8)
        case 0x2590: return rect(4, 0, 4, 8)
        case 0x2594: return rect(0, 0, 8, 1)
        case 0x2595: return rect(7, 0, 1, 8)
        case 0x2596: return ll
        case 0x2597: return lr
        case 0x2598: return ul
        case 0x2599: return ul | ll | lr
        case 0x259A: return ul | lr
        case 0x259B: return ul | ur | ll
        case 0x259C: return ul | ur | lr
        case 0x259D: return ur
        case 0x259E: return ur | ll
        case 0x259F: return ur | ll | lr
        default: return nil
        }
    }

    /// The cells of `shown` that look different from `expected`, as "x,y: expected ≠ shown".
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
