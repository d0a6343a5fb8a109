/// One cell the terminal must redraw.
public struct CellChange: Hashable, Sendable {
    public let x: Int
    public let y: Int
    public let cell: Cell
}

extension ScreenBuffer {
    /// The cells that differ from `old`, in reading order. Continuation cells are never
    /// listed (drawing their wide lead draws them); a cell whose wide neighbour went away
    /// differs by itself and is listed. A buffer of another size differs everywhere.
    ///
    /// When both buffers have the same size and background, only the rectangle spanning
    /// both buffers' `touched` areas is compared: every cell outside it is the background
    /// in both.
    public func changes(from old: ScreenBuffer?) -> [CellChange] {
        let sameSize = old.map { $0.width == width && $0.height == height } ?? false
        var area = bounds
        if sameSize, let old, old.background == background {
            area = Self.span(touched, old.touched)
        }
        var out: [CellChange] = []
        guard !area.isEmpty else { return out }
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX {
                let i = y * width + x
                let c = cells[i]
                if c.isContinuation {
                    // A continuation whose lead is unchanged needs nothing; if it changed,
                    // the lead was listed. But a continuation over what used to be a
                    // narrow cell is covered by the lead too, so nothing to do here.
                    continue
                }
                if sameSize, let old, Self.same(old.cells[i], c) {
                    // A wide lead must be redrawn if its continuation column changed.
                    if c.width == 2, x + 1 < width, !Self.same(old.cells[i + 1], cells[i + 1]) {
                        out.append(CellChange(x: x, y: y, cell: c))
                    }
                    continue
                }
                out.append(CellChange(x: x, y: y, cell: c))
            }
        }
        return out
    }

    /// Whether two cells draw the same bytes: the same style, width and UTF-8 text. Cheaper
    /// than `==`, which compares graphemes by canonical equivalence (normalizing every
    /// non-ASCII pair that differs); two spellings of one grapheme just get redrawn.
    @inline(__always)
    static func same(_ a: Cell, _ b: Cell) -> Bool {
        a.width == b.width && a.style == b.style && a.grapheme.utf8.elementsEqual(b.grapheme.utf8)
    }

    /// The smallest rectangle holding both (an empty one holds nothing).
    static func span(_ a: Rect, _ b: Rect) -> Rect {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        let x = min(a.x, b.x)
        let y = min(a.y, b.y)
        return Rect(x: x, y: y, width: max(a.maxX, b.maxX) - x, height: max(a.maxY, b.maxY) - y)
    }
}
