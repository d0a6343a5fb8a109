/// A grid of cells: what a screen shows, built in memory and compared with the last one.
///
/// Views render into a buffer; the terminal backend sends only the difference between the
/// buffer it showed last and the new one; screenshots write the same buffer to files.
/// The buffer keeps one invariant: a wide grapheme (width 2) is always followed by its
/// continuation cell, and overwriting either half blanks the other.
public struct ScreenBuffer: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// The cell every position held when the buffer was made.
    public let background: Cell
    /// The smallest rectangle holding every cell written since the buffer was made: outside
    /// it every cell is still `background`. A diff against a buffer of the same size and
    /// background looks only inside the two buffers' rectangles, so a frame that moves the
    /// pet costs the pet's area, not the screen's.
    public private(set) var touched = Rect(x: 0, y: 0, width: 0, height: 0)

    public init(width: Int, height: Int, fill: Cell = .blank()) {
        self.width = max(0, width)
        self.height = max(0, height)
        background = fill
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    /// Makes every cell the background again, touching only the cells written since the
    /// buffer was made or last cleared: a frame can reuse the buffer of the frame before
    /// the last without filling (and releasing) the whole screen's cells again.
    public mutating func clear() {
        let r = touched
        touched = Rect(x: 0, y: 0, width: 0, height: 0)
        guard !r.isEmpty else { return }
        let fill = background
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { cells[y * width + x] = fill }
        }
    }

    /// Buffers are equal when they show the same cells; how they were drawn does not count.
    public static func == (a: ScreenBuffer, b: ScreenBuffer) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(width)
        hasher.combine(height)
        hasher.combine(cells)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at (x, y); a blank for positions outside the buffer.
    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < width, y < height else { return .blank() }
        return cells[y * width + x]
    }

    /// Writes one grapheme at (x, y) inside `clip`. A wide grapheme that would not fit
    /// whole is drawn as a blank instead, so no half of a wide character is ever shown.
    /// Returns the number of columns taken (0 when nothing was drawn).
    @discardableResult
    public mutating func put(_ grapheme: Character, x: Int, y: Int, style: Style, clip: Rect? = nil) -> Int {
        let area = clip.map { $0.intersection(bounds) } ?? bounds
        guard area.contains(x: x, y: y) else { return 0 }
        var w = DisplayWidth.of(grapheme)
        var g = grapheme
        if w == 0 {
            // Control characters and lone combining marks are shown as a replacement
            // character rather than corrupting the grid.
            g = "\u{FFFD}"
            w = 1
        }
        if w == 2 && x + 1 >= area.maxX {
            setRaw(x, y, .blank(Style(fg: style.fg, bg: style.bg)))
            return 1
        }
        setRaw(x, y, Cell(g, width: UInt8(w), style: style))
        if w == 2 { setRaw(x + 1, y, .continuation(style)) }
        return w
    }

    /// Writes text from (x, y) to the right, clipped to `clip`. Graphemes that start left
    /// of the clip are skipped (a wide one straddling its left edge leaves a blank).
    /// Returns the column after the last one written (or that would have been written).
    @discardableResult
    public mutating func text(_ s: some StringProtocol, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        let area = clip.map { $0.intersection(bounds) } ?? bounds
        var col = x
        for ch in s {
            let w = max(1, DisplayWidth.of(ch))
            if col >= area.maxX { break }
            if col < area.x {
                if col + w > area.x { put(" ", x: area.x, y: y, style: style, clip: area) }
                col += w
                continue
            }
            col += max(1, put(ch, x: col, y: y, style: style, clip: area))
        }
        return col
    }

    /// Fills a rectangle with one cell.
    public mutating func fill(_ rect: Rect, with cell: Cell = .blank()) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { setRaw(x, y, cell) }
        }
    }

    /// Line-drawing characters for a box.
    public struct BoxStyle: Sendable {
        public let glyphs: [Character]  // tl, tr, bl, br, horizontal, vertical
        public static let single = BoxStyle(glyphs: ["┌", "┐", "└", "┘", "─", "│"])
        public static let rounded = BoxStyle(glyphs: ["╭", "╮", "╰", "╯", "─", "│"])
        public static let ascii = BoxStyle(glyphs: ["+", "+", "+", "+", "-", "|"])
    }

    /// Draws the border of `rect`; the inside is left as it is.
    public mutating func box(_ rect: Rect, style: Style = .plain, border: BoxStyle = .single) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let g = border.glyphs
        let (l, r, t, b) = (rect.x, rect.maxX - 1, rect.y, rect.maxY - 1)
        for x in (l + 1)..<r {
            put(g[4], x: x, y: t, style: style)
            put(g[4], x: x, y: b, style: style)
        }
        for y in (t + 1)..<b {
            put(g[5], x: l, y: y, style: style)
            put(g[5], x: r, y: y, style: style)
        }
        put(g[0], x: l, y: t, style: style)
        put(g[1], x: r, y: t, style: style)
        put(g[2], x: l, y: b, style: style)
        put(g[3], x: r, y: b, style: style)
    }

    /// Sets a cell without regard to width, then repairs the wide-character invariant
    /// around it: a wide lead whose continuation was overwritten, or a continuation whose
    /// lead was overwritten, becomes a blank.
    private mutating func setRaw(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        markTouched(x, y)
        let i = y * width + x
        let old = cells[i]
        if old.width == 2, x + 1 < width, cell.width != 2 {
            let next = cells[i + 1]
            if next.isContinuation { cells[i + 1] = .blank(Style(fg: next.style.fg, bg: next.style.bg)) }
        }
        if old.isContinuation, x > 0, !cell.isContinuation {
            let prev = cells[i - 1]
            if prev.width == 2 { cells[i - 1] = .blank(Style(fg: prev.style.fg, bg: prev.style.bg)) }
        }
        cells[i] = cell
    }

    /// Grows `touched` to hold (x, y) and its two neighbours (the wide-character repair in
    /// `setRaw` may blank either).
    private mutating func markTouched(_ x: Int, _ y: Int) {
        let lo = max(0, x - 1)
        let hi = min(width, x + 2)
        if touched.isEmpty {
            touched = Rect(x: lo, y: y, width: hi - lo, height: 1)
            return
        }
        if lo >= touched.x, hi <= touched.maxX, y >= touched.y, y < touched.maxY { return }
        let minX = min(lo, touched.x)
        let minY = min(y, touched.y)
        touched = Rect(x: minX, y: minY, width: max(hi, touched.maxX) - minX, height: max(y + 1, touched.maxY) - minY)
    }
}
