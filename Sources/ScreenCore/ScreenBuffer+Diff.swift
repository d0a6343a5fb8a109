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
    public func changes(from old: ScreenBuffer?) -> [CellChange] {
        let sameSize = old.map { $0.width == width && $0.height == height } ?? false
        var out: [CellChange] = []
        for y in 0..<height {
            for x in 0..<width {
                let i = y * width + x
                let c = cells[i]
                if c.isContinuation {
                    // A continuation whose lead is unchanged needs nothing; if it changed,
                    // the lead was listed. But a continuation over what used to be a
                    // narrow cell is covered by the lead too, so nothing to do here.
                    continue
                }
                if sameSize, let old, old.cells[i] == c {
                    // A wide lead must be redrawn if its continuation column changed.
                    if c.width == 2, x + 1 < width, old.cells[i + 1] != cells[i + 1] {
                        out.append(CellChange(x: x, y: y, cell: c))
                    }
                    continue
                }
                out.append(CellChange(x: x, y: y, cell: c))
            }
        }
        return out
    }
}
