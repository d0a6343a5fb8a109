import ScreenCore

/// Mirrors glyphs and cells left to right, for the left-facing pet.
enum GlyphMirror {
    /// The glyph that looks like `c` flipped left to right (`c` itself when symmetric or unknown).
    static func mirror(_ c: Character) -> Character {
        if let q = BlockGlyphs.quadrantBits(c) {
            return BlockGlyphs.quadrant((q & 1) << 1 | (q & 2) >> 1 | (q & 4) << 1 | (q & 8) >> 1)
        }
        if let s = BlockGlyphs.sextantBits(c) {
            let swapped = (s & 0b010101) << 1 | (s & 0b101010) >> 1
            return BlockGlyphs.sextant(swapped)
        }
        if let w = WedgeGlyphs.mirror(c) { return w }
        return asciiMirror[c] ?? c
    }

    /// The cell flipped left to right. Left k/8 blocks become left (8-k)/8 blocks with the
    /// colours swapped, which is exact when both colours are real.
    static func mirror(_ cell: FrameCell) -> FrameCell {
        if let k = BlockGlyphs.leftEighths.firstIndex(of: cell.grapheme), k > 0, k != 4 {
            if cell.bg == .default {
                return FrameCell(k >= 4 ? "▐" : "▕", fg: cell.fg, bg: cell.bg)
            }
            return FrameCell(BlockGlyphs.leftEighths[8 - k], fg: cell.bg, bg: cell.fg)
        }
        if cell.grapheme == "▕" {
            return FrameCell("▏", fg: cell.fg, bg: cell.bg)
        }
        return FrameCell(mirror(cell.grapheme), fg: cell.fg, bg: cell.bg)
    }

    private static let asciiMirror: [Character: Character] = [
        "/": "\\", "\\": "/", "(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{",
        "<": ">", ">": "<", "b": "d", "d": "b", "p": "q", "q": "p", "`": "'", "'": "`",
        "J": "L", "L": "J", "▏": "▕",
    ]
}
