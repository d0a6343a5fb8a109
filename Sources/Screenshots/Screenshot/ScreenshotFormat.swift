/// The file formats a screenshot can be saved in.
public enum ScreenshotFormat: String, CaseIterable, Hashable, Sendable {
    /// Plain text, one line per row, trailing blanks trimmed (as `tmux capture-pane -p`).
    case txt
    /// Text with ANSI SGR colour sequences: `cat` it in a terminal to see the colours.
    case ans
    /// Vector: each cell's background and glyph placed on the grid, wide glyphs over two cells.
    case svg
    /// Raster: unifont glyphs, block elements drawn from their definitions.
    case png

    /// The file name extension, without the dot.
    public var fileExtension: String { rawValue }
}
