/// Turns the cells that changed into the bytes an ECMA-48 terminal (xterm, tmux, VTE, …)
/// needs to show them: cursor moves (CUP), SGR and UTF-8 text, and nothing the terminal
/// already has.
///
/// Curses sends a foreground and a background sequence whenever its colour pair changes;
/// for a walking half-block sprite that is two SGRs almost every cell. Here the pen
/// (colours and attributes) carries over from cell to cell and from frame to frame, one
/// SGR sets foreground and background together, only what differs is set, and a colour
/// that cannot show is left as it is (the foreground of a plain space, the background of a
/// plain full block). The text is exactly the buffer's, so the terminal shows the same
/// characters as a screenshot of the buffer.
///
/// Pure: the terminal adapter checks that the terminal speaks these sequences (its
/// terminfo entry says so), supplies each colour's SGR parameters and writes the bytes.
public struct ScreenEncoder {
    /// SGR parameters (no CSI, no final `m`) that set a colour as foreground (`true`) or
    /// background, e.g. `38;5;17`, `48;5;236`, `39`.
    public typealias ColorParameters = (Color, Bool) -> [UInt8]

    /// What the terminal draws the next glyph with.
    struct Pen: Equatable {
        var fg: Color
        var bg: Color
        var attributes: Attributes
    }

    private struct ColorKey: Hashable {
        var color: Color
        var foreground: Bool
    }

    private let colorParameters: ColorParameters
    /// Parameters already asked for: palette colours by index (foreground, then
    /// background), the rest by colour.
    private var paletteCache = [[UInt8]?](repeating: nil, count: 512)
    private var cache: [ColorKey: [UInt8]] = [:]
    /// Nil: unknown (at start, after another program or curses wrote).
    private var pen: Pen?
    private var cursorX = -1
    private var cursorY = -1
    /// The attributes the terminal can show; others are not sent.
    public var supportedAttributes: Attributes

    public init(supportedAttributes: Attributes = [.bold, .dim, .italic, .underline, .reverse],
                colorParameters: @escaping ColorParameters) {
        self.supportedAttributes = supportedAttributes
        self.colorParameters = colorParameters
    }

    /// The ECMA-48 parameters for a colour as `ANSI.sgr` writes them (`38;5;N`, `38;2;R;G;B`,
    /// 30–37/90–97, 39/49): for tests and terminals known to take them.
    public static func standardParameters(_ c: Color, _ foreground: Bool) -> [UInt8] {
        Array((ANSI.colorParameter(c, foreground: foreground) ?? (foreground ? "39" : "49")).utf8)
    }

    /// Forgets the terminal's pen and cursor: the next cell sets both from scratch. Call it
    /// whenever something else may have written to the terminal.
    public mutating func reset() {
        pen = nil
        cursorX = -1
        cursorY = -1
    }

    /// Appends to `out` what draws `changes` (in reading order, as `ScreenBuffer.changes`
    /// gives them) on a terminal `width` columns wide.
    public mutating func encode(_ changes: [CellChange], width: Int, into out: inout [UInt8]) {
        for change in changes {
            if change.x != cursorX || change.y != cursorY {
                moveCursor(x: change.x, y: change.y, into: &out)
            }
            setPen(for: change.cell, into: &out)
            out.append(contentsOf: change.cell.grapheme.utf8)
            let next = change.x + max(1, Int(change.cell.width))
            if next < width {
                cursorX = next
                cursorY = change.y
            } else {
                // At the right margin the terminal holds a pending wrap; never rely on it.
                cursorX = -1
                cursorY = -1
            }
        }
    }

    /// CUP: `CSI row ; column H`, 1-based.
    private mutating func moveCursor(x: Int, y: Int, into out: inout [UInt8]) {
        out.append(0x1B)
        out.append(0x5B)
        Self.appendDecimal(y + 1, to: &out)
        out.append(0x3B)
        Self.appendDecimal(x + 1, to: &out)
        out.append(0x48)
        cursorX = x
        cursorY = y
    }

    private mutating func setPen(for cell: Cell, into out: inout [UInt8]) {
        let attributes = cell.style.attributes.intersection(supportedAttributes)
        var wantFg: Color? = cell.style.fg
        var wantBg: Color? = cell.style.bg
        if attributes.isEmpty {
            // Without attributes a space shows only its background and a full block only
            // its foreground; the other colour may stay whatever the pen holds.
            if cell.grapheme == " " {
                wantFg = nil
            } else if cell.grapheme == "█" {
                wantBg = nil
            }
        }
        var params: [UInt8] = []
        var next: Pen
        if let current = pen, current.attributes == attributes {
            next = current
        } else {
            // Attributes can only be switched off all at once: reset, then set them.
            params.append(0x30)
            for (flag, code) in [(Attributes.bold, UInt8(0x31)), (.dim, 0x32), (.italic, 0x33), (.underline, 0x34), (.reverse, 0x37)]
            where attributes.contains(flag) {
                params.append(0x3B)
                params.append(code)
            }
            next = Pen(fg: .default, bg: .default, attributes: attributes)
        }
        if let fg = wantFg, fg != next.fg {
            appendParameters(fg, foreground: true, to: &params)
            next.fg = fg
        }
        if let bg = wantBg, bg != next.bg {
            appendParameters(bg, foreground: false, to: &params)
            next.bg = bg
        }
        pen = next
        guard !params.isEmpty else { return }
        out.append(0x1B)
        out.append(0x5B)
        out.append(contentsOf: params)
        out.append(0x6D)
    }

    private mutating func appendParameters(_ c: Color, foreground: Bool, to params: inout [UInt8]) {
        if !params.isEmpty { params.append(0x3B) }
        if case .palette(let i) = c {
            let slot = Int(i) + (foreground ? 0 : 256)
            if let p = paletteCache[slot] {
                params.append(contentsOf: p)
            } else {
                let p = colorParameters(c, foreground)
                paletteCache[slot] = p
                params.append(contentsOf: p)
            }
            return
        }
        let key = ColorKey(color: c, foreground: foreground)
        if let p = cache[key] {
            params.append(contentsOf: p)
        } else {
            let p = colorParameters(c, foreground)
            cache[key] = p
            params.append(contentsOf: p)
        }
    }

    static func appendDecimal(_ n: Int, to out: inout [UInt8]) {
        if n >= 10 { appendDecimal(n / 10, to: &out) }
        out.append(0x30 + UInt8(n % 10))
    }
}
