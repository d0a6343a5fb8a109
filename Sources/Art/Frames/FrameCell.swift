import ScreenCore

/// One opaque cell of a frame: a single-column grapheme with its colours.
/// Transparent cells are `nil` in `Frame.cells` and are never drawn.
public struct FrameCell: Hashable, Sendable {
    /// The glyph drawn in the cell (a block symbol, a space or printable ASCII).
    public var grapheme: Character
    /// The colour of the glyph's ink.
    public var fg: Color
    /// The colour behind the glyph; `.default` lets the terminal's background show through.
    public var bg: Color

    /// A cell drawing `grapheme` in `fg` over `bg`.
    public init(_ grapheme: Character, fg: Color, bg: Color) {
        self.grapheme = grapheme
        self.fg = fg
        self.bg = bg
    }

    /// The cell as ScreenCore draws it.
    public var cell: Cell { Cell(grapheme, width: 1, style: Style(fg: fg, bg: bg)) }
}
