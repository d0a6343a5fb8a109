import ScreenCore

/// One picture of an animation in one render mode: a grid of cells shown for a duration.
public struct Frame: Hashable, Sendable {
    /// How long the frame stays on screen, in milliseconds (always at least 1).
    public var durationMs: Int
    /// Width in terminal columns.
    public let width: Int
    /// Height in terminal rows.
    public let height: Int
    /// Row-major cells, `width * height` of them; `nil` is a transparent cell.
    public private(set) var cells: [FrameCell?]

    /// A frame of `width` x `height` cells, all transparent unless `cells` is given.
    /// `cells` must hold exactly `width * height` entries.
    public init(width: Int, height: Int, durationMs: Int, cells: [FrameCell?]? = nil) {
        precondition(width >= 0 && height >= 0, "negative frame size")
        self.width = width
        self.height = height
        self.durationMs = max(1, durationMs)
        if let cells {
            precondition(cells.count == width * height, "cell count does not match the frame size")
            self.cells = cells
        } else {
            self.cells = Array(repeating: nil, count: width * height)
        }
    }

    /// The cell at column `x`, row `y` (both from 0); `nil` when transparent or outside.
    public subscript(x: Int, y: Int) -> FrameCell? {
        get {
            guard x >= 0, y >= 0, x < width, y < height else { return nil }
            return cells[y * width + x]
        }
        set {
            precondition(x >= 0 && y >= 0 && x < width && y < height, "cell outside the frame")
            cells[y * width + x] = newValue
        }
    }

    /// Whether every cell is transparent.
    public var isEmpty: Bool { cells.allSatisfy { $0 == nil } }

    /// The same frame with colours reduced to what a terminal of `depth` shows.
    public func reduced(to depth: ColorDepth) -> Frame {
        var copy = self
        copy.cells = cells.map { cell in
            cell.map { FrameCell($0.grapheme, fg: $0.fg.reduced(to: depth), bg: $0.bg.reduced(to: depth)) }
        }
        return copy
    }

    /// The frame flipped left to right, glyphs mirrored too (▌ becomes ▐, `/` becomes `\`).
    public func mirrored() -> Frame {
        var copy = self
        for y in 0..<height {
            for x in 0..<width {
                copy.cells[y * width + x] = cells[y * width + (width - 1 - x)].map(GlyphMirror.mirror)
            }
        }
        return copy
    }
}
