/// The block symbols the converter draws with, as sub-cell patterns: quadrants (2x2)
/// and sextants (2x3). Shared by the converter (to pick glyphs) and the mirror.
public enum BlockGlyphs {
    /// The glyph for a 2x2 quadrant pattern. Bits: 1 top-left, 2 top-right,
    /// 4 bottom-left, 8 bottom-right. 0 is a space, 15 the full block.
    public static func quadrant(_ bits: Int) -> Character {
        quadrantGlyphs[bits & 15]
    }

    /// The 2x2 pattern of a quadrant glyph, or nil if `c` is not one.
    public static func quadrantBits(_ c: Character) -> Int? {
        quadrantGlyphs.firstIndex(of: c)
    }

    /// The glyph for a 2x3 sextant pattern. Bits: 1 top-left, 2 top-right, 4 middle-left,
    /// 8 middle-right, 16 bottom-left, 32 bottom-right. Patterns that are also half blocks
    /// map to the half-block glyphs (U+2580 block), all others to U+1FB00–1FB3B.
    public static func sextant(_ bits: Int) -> Character {
        let p = bits & 63
        switch p {
        case 0: return " "
        case 63: return "█"
        case 21: return "▌"
        case 42: return "▐"
        default: break
        }
        var offset = p - 1
        if p > 21 { offset -= 1 }
        if p > 42 { offset -= 1 }
        return Character(Unicode.Scalar(0x1FB00 + UInt32(offset))!)
    }

    /// The 2x3 pattern of a sextant glyph (or of ` `, `█`, `▌`, `▐`), or nil.
    public static func sextantBits(_ c: Character) -> Int? {
        switch c {
        case " ": return 0
        case "█": return 63
        case "▌": return 21
        case "▐": return 42
        default: break
        }
        guard c.unicodeScalars.count == 1, let v = c.unicodeScalars.first?.value,
              v >= 0x1FB00, v <= 0x1FB3B else { return nil }
        var p = Int(v - 0x1FB00) + 1
        if p >= 21 { p += 1 }
        if p >= 42 { p += 1 }
        return p
    }

    /// Half blocks and quadrants, indexed by their 2x2 pattern.
    static let quadrantGlyphs: [Character] = [
        " ", "▘", "▝", "▀", "▖", "▌", "▞", "▛",
        "▗", "▚", "▐", "▜", "▄", "▙", "▟", "█",
    ]

    /// Left k/8 blocks, k = 1...7 at index k.
    public static let leftEighths: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// Lower k/8 blocks, k = 1...7 at index k.
    public static let lowerEighths: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇"]
}
