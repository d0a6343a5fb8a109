import Frames

/// The glyphs a conversion may use, each with its coverage mask over the cell's
/// 8x16 sample grid (1 = ink, drawn in the foreground colour; 0 = background).
public enum SymbolSet: String, CaseIterable, Sendable {
    /// Half blocks only (▀ ▄ █ and space): works in every terminal font.
    case half
    /// Half blocks, quadrants and eighth blocks (U+2580–259F): nearly every font has them.
    case block
    /// Half blocks and sextants (U+1FB00–1FB3B, Unicode 13): needs a recent font.
    case sextant
    /// Everything above plus wedges and triangular quarters (U+1FB3C–1FB6F): the best
    /// fidelity where the font has the glyphs.
    case all
    /// Printable ASCII shapes, for the plainest terminals.
    case ascii

    /// Samples across one cell.
    static let sampleWidth = 8
    /// Samples down one cell.
    static let sampleHeight = 16
    /// Samples in one cell.
    static let sampleCount = sampleWidth * sampleHeight

    /// One glyph and its mask.
    struct Symbol {
        var glyph: Character
        var mask: [Float]
        var inkSum: Float
    }

    /// The symbols of this set, with exact area masks.
    var symbols: [Symbol] {
        var list: [(Character, [Float])] = []
        switch self {
        case .half:
            list = SymbolSet.quadrants.filter { [" ", "▀", "▄", "█"].contains($0.0) }
        case .block:
            list = SymbolSet.quadrants + SymbolSet.eighths
        case .sextant:
            list = SymbolSet.quadrants.filter { [" ", "▀", "▄", "█", "▌", "▐"].contains($0.0) } + SymbolSet.sextants
        case .all:
            list = SymbolSet.quadrants + SymbolSet.eighths + SymbolSet.sextants + SymbolSet.wedges
        case .ascii:
            list = ASCIIShapes.masks
        }
        var seen: Set<Character> = []
        return list.compactMap { glyph, mask in
            guard seen.insert(glyph).inserted else { return nil }
            return Symbol(glyph: glyph, mask: mask, inkSum: mask.reduce(0, +))
        }
    }

    /// A mask from a coverage function over the unit cell (x, y in 0...1, y down),
    /// integrated exactly enough (4x4 points per sample).
    static func mask(_ inside: (Float, Float) -> Bool) -> [Float] {
        var m = [Float](repeating: 0, count: sampleCount)
        for sy in 0..<sampleHeight {
            for sx in 0..<sampleWidth {
                var hits = 0
                for j in 0..<4 {
                    for i in 0..<4 {
                        let x = (Float(sx) + (Float(i) + 0.5) / 4) / Float(sampleWidth)
                        let y = (Float(sy) + (Float(j) + 0.5) / 4) / Float(sampleHeight)
                        if inside(x, y) { hits += 1 }
                    }
                }
                m[sy * sampleWidth + sx] = Float(hits) / 16
            }
        }
        return m
    }

    static let quadrants: [(Character, [Float])] = (0..<16).map { bits in
        (BlockGlyphs.quadrant(bits), mask { x, y in
            let bit = (y < 0.5 ? 0 : 2) + (x < 0.5 ? 0 : 1)
            return bits & (1 << bit) != 0
        })
    }

    static let sextants: [(Character, [Float])] = (1..<63).filter { $0 != 21 && $0 != 42 }.map { bits in
        (BlockGlyphs.sextant(bits), mask { x, y in
            let bit = (y < 1.0 / 3 ? 0 : y < 2.0 / 3 ? 2 : 4) + (x < 0.5 ? 0 : 1)
            return bits & (1 << bit) != 0
        })
    }

    static let wedges: [(Character, [Float])] =
        WedgeGlyphs.wedges.map { w in (w.glyph, mask { x, y in w.covers(x, y) }) }
            + WedgeGlyphs.quarters.map { q in (q.glyph, mask(q.covers)) }

    static let eighths: [(Character, [Float])] = (1..<8).flatMap { k -> [(Character, [Float])] in
        let f = Float(k) / 8
        return [
            (BlockGlyphs.lowerEighths[k], mask { _, y in y >= 1 - f }),
            (BlockGlyphs.leftEighths[k], mask { x, _ in x < f }),
        ]
    } + [("▔", mask { _, y in y < 0.125 }), ("▕", mask { x, _ in x >= 0.875 })]
}
