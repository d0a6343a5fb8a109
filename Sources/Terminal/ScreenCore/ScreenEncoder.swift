/// Turns the cells that changed into the bytes an ECMA-48 terminal (xterm, tmux, VTE, …)
/// needs to show them: cursor moves (CUP, CUF), SGR and UTF-8 text, and nothing the
/// terminal already has.
///
/// Curses sends a foreground and a background sequence whenever its colour pair changes;
/// for a walking half-block sprite that is two SGRs almost every cell. Here the pen
/// (colours and attributes) carries over from cell to cell and from frame to frame, one
/// SGR sets foreground and background together, only what differs is set, and a colour
/// that cannot show is left as it is (the foreground of a plain space, the background of a
/// plain full block). And a cell goes out in whichever of its equivalent forms needs the
/// shortest SGR: ▀ with fg A and bg B shows exactly what ▄ with fg B and bg A shows, and a
/// space on bg A what █ on fg A shows. So the terminal shows the same colours in the same
/// places as the buffer (and a screenshot of it), though not always the same characters:
/// a half block may read as its complement, a solid cell as a space.
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
    /// background) in slots of `Self.slot` bytes of one array (copied out without retaining
    /// an array per colour), the rest by colour.
    private var paletteBytes = [UInt8](repeating: 0, count: 512 * ScreenEncoder.slot)
    /// The length of each palette slot's parameters (-1: not asked yet, -2: too long for a
    /// slot, so kept in `cache`).
    private var paletteLength = [Int](repeating: -1, count: 512)
    private var cache: [ColorKey: [UInt8]] = [:]
    /// Room for one colour's parameters (`38;2;255;255;255` is 16 bytes).
    private static let slot = 24
    /// Nil: unknown (at start, after another program or curses wrote).
    private var pen: Pen?
    private var cursorX = -1
    private var cursorY = -1
    /// The attributes the terminal can show; others are not sent.
    public var supportedAttributes: Attributes
    /// Whether the terminal moves the cursor right with `CSI n C` (terminfo `cuf`); else
    /// every jump is a CUP.
    public var canMoveRight: Bool
    /// The search's steps, one layer per cell (kept to save allocations).
    private var steps: [Step] = []
    /// The drawing picked for each change of the frame being encoded, and its drawings.
    private var chosen: [Int8] = []
    private var drawings: [Drawings] = []

    public init(supportedAttributes: Attributes = [.bold, .dim, .italic, .underline, .reverse], canMoveRight: Bool = true,
                colorParameters: @escaping ColorParameters) {
        self.supportedAttributes = supportedAttributes
        self.canMoveRight = canMoveRight
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
    ///
    /// Each cell is drawn in whichever of its equivalent forms (see `drawings(of:)`: a half
    /// block as its complement with the colours swapped, a one-colour cell as a space or a
    /// full block) makes the frame shortest given the pen: a shortest path over the cells
    /// whose states are the pens after each cell, keeping the `Self.paths` cheapest.
    public mutating func encode(_ changes: [CellChange], width: Int, into out: inout [UInt8]) {
        choose(changes)
        for k in changes.indices {
            let change = changes[k]
            if change.x != cursorX || change.y != cursorY {
                moveCursor(x: change.x, y: change.y, into: &out)
            }
            let d = drawings[k][Int(chosen[k])]
            setPen(fg: d.fg, bg: d.bg, attributes: change.cell.style.attributes.intersection(supportedAttributes), into: &out)
            switch d.glyph {
            case .original: out.append(contentsOf: change.cell.grapheme.utf8)
            case .block(let i):
                out.append(0xE2)
                out.append(0x96)
                out.append(0x80 + i)
            case .space: out.append(0x20)
            }
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

    /// How many pens the search keeps after each cell. On the pet's walk (a model of this
    /// encoder over `Assets/frames/walk.frames`, 256 colours) two give 4,146 bytes a frame,
    /// 64 give 4,145, one (a greedy choice) 4,233.
    static let paths = 2

    /// A pen reachable after a cell, the bytes it took, and how it was reached.
    private struct Step {
        var pen: Pen?
        /// The bytes so far times 2^20, plus the number of cells not drawn as themselves.
        var cost: Int
        /// The step of the previous cell this one continues (its index in `steps`).
        var previous: Int32
        /// Which drawing of the cell.
        var drawing: Int8
    }

    /// Fills `chosen` with the drawing of each change that makes the SGRs and glyphs of
    /// the frame shortest, starting from the current pen. Cursor moves cost the same
    /// whatever is chosen, so they are left out.
    private mutating func choose(_ changes: [CellChange]) {
        chosen.removeAll(keepingCapacity: true)
        drawings.removeAll(keepingCapacity: true)
        steps.removeAll(keepingCapacity: true)
        steps.append(Step(pen: pen, cost: 0, previous: -1, drawing: 0))
        var layer = 0..<1
        for change in changes {
            let attributes = change.cell.style.attributes.intersection(supportedAttributes)
            let options = Self.drawings(of: change.cell, attributes: attributes)
            drawings.append(options)
            let start = steps.count
            for p in layer {
                let from = steps[p]
                for i in 0..<options.count {
                    let d = options[i]
                    let (bytes, pen) = penChange(from: from.pen, fg: d.fg, bg: d.bg, attributes: attributes)
                    // Bytes first; among drawings as short, the fewest not the buffer's own.
                    let cost = from.cost + (bytes + d.glyphBytes) << 20 + (i > 0 ? 1 : 0)
                    let step = Step(pen: pen, cost: cost, previous: Int32(p), drawing: Int8(i))
                    keep(step, in: start)
                }
            }
            layer = start..<steps.count
        }
        var s = layer.min { steps[$0].cost < steps[$1].cost } ?? 0
        chosen.append(contentsOf: repeatElement(0, count: changes.count))
        var k = changes.count - 1
        while k >= 0 {
            chosen[k] = steps[s].drawing
            s = Int(steps[s].previous)
            k -= 1
        }
    }

    /// Adds `step` to the layer that starts at `start`: a step to the same pen keeps the
    /// cheaper; a full layer gives up its dearest step for a cheaper one. Ties keep the
    /// earlier step.
    private mutating func keep(_ step: Step, in start: Int) {
        var worst = start
        for j in start..<steps.count {
            if steps[j].pen == step.pen {
                if step.cost < steps[j].cost { steps[j] = step }
                return
            }
            if steps[j].cost > steps[worst].cost { worst = j }
        }
        if steps.count - start < Self.paths {
            steps.append(step)
        } else if step.cost < steps[worst].cost {
            steps[worst] = step
        }
    }

    /// CUP: `CSI row ; column H`, 1-based; CUF (`CSI n C`) when the cell is further along
    /// the cursor's row and the terminal has it (`canMoveRight`), which is shorter.
    private mutating func moveCursor(x: Int, y: Int, into out: inout [UInt8]) {
        out.append(0x1B)
        out.append(0x5B)
        if canMoveRight, y == cursorY, cursorX >= 0, x > cursorX {
            if x - cursorX > 1 { Self.appendDecimal(x - cursorX, to: &out) }
            out.append(0x43)
        } else {
            Self.appendDecimal(y + 1, to: &out)
            out.append(0x3B)
            Self.appendDecimal(x + 1, to: &out)
            out.append(0x48)
        }
        cursorX = x
        cursorY = y
    }

    /// The bytes of the SGR that takes the terminal from `pen` to a pen with these
    /// attributes and colours (nil: keep whatever the pen has), and that pen. Must agree
    /// with `setPen`, which writes it.
    private mutating func penChange(from pen: Pen?, fg: Color?, bg: Color?, attributes: Attributes) -> (Int, Pen) {
        var params = 0
        var next: Pen
        if let current = pen, current.attributes == attributes {
            next = current
        } else {
            params = 1 + 2 * attributes.intersection([.bold, .dim, .italic, .underline, .reverse]).rawValue.nonzeroBitCount
            next = Pen(fg: .default, bg: .default, attributes: attributes)
        }
        if let fg, fg != next.fg {
            params += (params > 0 ? 1 : 0) + parameterLength(fg, foreground: true)
            next.fg = fg
        }
        if let bg, bg != next.bg {
            params += (params > 0 ? 1 : 0) + parameterLength(bg, foreground: false)
            next.bg = bg
        }
        return (params > 0 ? params + 3 : 0, next)
    }

    /// Writes the SGR (if any) that makes the pen draw with these attributes and colours
    /// (nil: keep the pen's).
    private mutating func setPen(fg wantFg: Color?, bg wantBg: Color?, attributes: Attributes, into out: inout [UInt8]) {
        // CSI first; taken back if no parameter follows.
        let start = out.count
        out.append(0x1B)
        out.append(0x5B)
        var next: Pen
        if let current = pen, current.attributes == attributes {
            next = current
        } else {
            // Attributes can only be switched off all at once: reset, then set them.
            out.append(0x30)
            for (flag, code) in [(Attributes.bold, UInt8(0x31)), (.dim, 0x32), (.italic, 0x33), (.underline, 0x34), (.reverse, 0x37)]
            where attributes.contains(flag) {
                out.append(0x3B)
                out.append(code)
            }
            next = Pen(fg: .default, bg: .default, attributes: attributes)
        }
        if let fg = wantFg, fg != next.fg {
            appendParameters(fg, foreground: true, to: &out, first: out.count == start + 2)
            next.fg = fg
        }
        if let bg = wantBg, bg != next.bg {
            appendParameters(bg, foreground: false, to: &out, first: out.count == start + 2)
            next.bg = bg
        }
        pen = next
        if out.count == start + 2 {
            out.removeLast(2)
        } else {
            out.append(0x6D)
        }
    }

    /// How long a colour's parameters are (asked for and remembered as `appendParameters` does).
    private mutating func parameterLength(_ c: Color, foreground: Bool) -> Int {
        if case .palette(let i) = c {
            let slot = Int(i) + (foreground ? 0 : 256)
            if paletteLength[slot] == -1 { remember(c, foreground: foreground, slot: slot) }
            if paletteLength[slot] >= 0 { return paletteLength[slot] }
        }
        let key = ColorKey(color: c, foreground: foreground)
        if let p = cache[key] { return p.count }
        let p = colorParameters(c, foreground)
        cache[key] = p
        return p.count
    }

    /// Appends a colour's parameters, after a `;` unless they are the `first`.
    private mutating func appendParameters(_ c: Color, foreground: Bool, to out: inout [UInt8], first: Bool) {
        if !first { out.append(0x3B) }
        if case .palette(let i) = c {
            let slot = Int(i) + (foreground ? 0 : 256)
            if paletteLength[slot] == -1 { remember(c, foreground: foreground, slot: slot) }
            let n = paletteLength[slot]
            if n >= 0 {
                let from = slot * Self.slot
                paletteBytes.withUnsafeBufferPointer { out.append(contentsOf: $0[from..<(from + n)]) }
                return
            }
        }
        let key = ColorKey(color: c, foreground: foreground)
        if let p = cache[key] {
            out.append(contentsOf: p)
        } else {
            let p = colorParameters(c, foreground)
            cache[key] = p
            out.append(contentsOf: p)
        }
    }

    /// Asks for a palette colour's parameters and keeps them in its slot; parameters longer
    /// than a slot (none that terminfo gives) are kept by colour instead (length -2).
    private mutating func remember(_ c: Color, foreground: Bool, slot: Int) {
        let p = colorParameters(c, foreground)
        guard p.count <= Self.slot else {
            paletteLength[slot] = -2
            return
        }
        paletteBytes.replaceSubrange((slot * Self.slot)..<(slot * Self.slot + p.count), with: p)
        paletteLength[slot] = p.count
    }

    static func appendDecimal(_ n: Int, to out: inout [UInt8]) {
        if n >= 10 { appendDecimal(n / 10, to: &out) }
        out.append(0x30 + UInt8(n % 10))
    }
}
