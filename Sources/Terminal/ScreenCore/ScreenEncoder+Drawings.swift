extension ScreenEncoder {
    /// What goes out for a cell's text: its own grapheme, a block element (U+2580 + `n`) or
    /// a space.
    enum Glyph: Equatable {
        case original
        case block(UInt8)
        case space
    }

    /// One way to draw a cell: a glyph and the colours it needs (nil: any colour will do,
    /// because that part of the cell is not shown).
    struct Drawing {
        var glyph: Glyph
        var fg: Color?
        var bg: Color?
        /// UTF-8 bytes of the glyph.
        var glyphBytes: Int
    }

    /// The ways to draw one cell that put the same colours in the same places: at most
    /// three, the cell as it is first.
    struct Drawings {
        private(set) var count = 0
        private var a: Drawing
        private var b: Drawing
        private var c: Drawing

        init(_ first: Drawing) {
            a = first
            b = first
            c = first
            count = 1
        }

        mutating func append(_ d: Drawing) {
            switch count {
            case 1: b = d
            default: c = d
            }
            count += 1
        }

        subscript(i: Int) -> Drawing {
            switch i {
            case 0: a
            case 1: b
            default: c
            }
        }
    }

    /// For each block element U+2580 + i, the one that covers exactly the rest of the cell
    /// (0xFF: none), so `g` with fg A and bg B shows what its complement with fg B and bg A
    /// shows: ▀ ▄, ▔ ▇, ▌ ▐, ▕ ▉ and the quadrant pairs. The partial eighths (▁ ▂ ▃ ▅ ▆,
    /// ▊ ▋ ▍ ▎ ▏) and the shades have no complement among the block elements.
    static let complement: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 32)
        for (p, q) in [(0x00, 0x04), (0x14, 0x07), (0x0C, 0x10), (0x15, 0x09),
                       (0x16, 0x1C), (0x17, 0x1B), (0x18, 0x1F), (0x1D, 0x19), (0x1A, 0x1E)] as [(UInt8, UInt8)] {
            t[Int(p)] = q
            t[Int(q)] = p
        }
        return t
    }()

    /// The position of a block element in U+2580…U+259F, `space` for a space, nil for any
    /// other grapheme. Reads the UTF-8 bytes (E2 96 80…9F) rather than comparing characters.
    @inline(__always)
    static func blockIndex(_ g: Character) -> (index: UInt8?, space: Bool, bytes: Int) {
        var it = g.utf8.makeIterator()
        guard let b0 = it.next() else { return (nil, false, 0) }
        guard let b1 = it.next() else { return (nil, b0 == 0x20, 1) }
        guard let b2 = it.next() else { return (nil, false, 2) }
        guard it.next() == nil else { return (nil, false, g.utf8.count) }
        if b0 == 0xE2, b1 == 0x96, b2 >= 0x80, b2 <= 0x9F { return (b2 - 0x80, false, 3) }
        return (nil, false, 3)
    }

    /// Every drawing of `cell` (whose attributes the terminal shows as `attributes`) that
    /// looks like it. With attributes only the cell itself: underline and reverse show both
    /// colours whatever the glyph. Without, a space shows only its background and a full
    /// block only its foreground; a block element whose two colours are real (not the
    /// terminal's default, whose foreground and background differ) may be drawn as its
    /// complement with the colours swapped, and one whose two colours are the same as a
    /// space or a full block.
    static func drawings(of cell: Cell, attributes: Attributes) -> Drawings {
        let fg = cell.style.fg
        let bg = cell.style.bg
        let kind = blockIndex(cell.grapheme)
        guard attributes.isEmpty else {
            return Drawings(Drawing(glyph: .original, fg: fg, bg: bg, glyphBytes: kind.bytes))
        }
        if kind.space {
            var d = Drawings(Drawing(glyph: .original, fg: nil, bg: bg, glyphBytes: 1))
            if bg != .default { d.append(Drawing(glyph: .block(0x08), fg: bg, bg: nil, glyphBytes: 3)) }
            return d
        }
        guard let i = kind.index else {
            return Drawings(Drawing(glyph: .original, fg: fg, bg: bg, glyphBytes: kind.bytes))
        }
        if i == 0x08 {
            var d = Drawings(Drawing(glyph: .original, fg: fg, bg: nil, glyphBytes: 3))
            if fg != .default { d.append(Drawing(glyph: .space, fg: nil, bg: fg, glyphBytes: 1)) }
            return d
        }
        var d = Drawings(Drawing(glyph: .original, fg: fg, bg: bg, glyphBytes: 3))
        guard fg != .default, bg != .default, i < 0x11 || i > 0x13 else { return d }
        if fg == bg {
            d.append(Drawing(glyph: .space, fg: nil, bg: fg, glyphBytes: 1))
            d.append(Drawing(glyph: .block(0x08), fg: fg, bg: nil, glyphBytes: 3))
        } else if complement[Int(i)] != 0xFF {
            d.append(Drawing(glyph: .block(complement[Int(i)]), fg: bg, bg: fg, glyphBytes: 3))
        }
        return d
    }
}
