/// Wedge symbols (Symbols for Legacy Computing, Unicode 13): cells split by a diagonal
/// between points of the sextant grid, and the four triangular quarters. Used by the
/// converter's `all` symbol set and mirrored correctly for the left-facing pet.
public enum WedgeGlyphs {
    /// One wedge: the glyph covers the part of the unit cell (x right, y down, 0...1) that
    /// lies on the same side of the line `a`–`b` as `corner`.
    public struct Wedge: Sendable {
        /// The glyph.
        public let glyph: Character
        /// One end of the dividing line.
        public let a: (x: Float, y: Float)
        /// The other end of the dividing line.
        public let b: (x: Float, y: Float)
        /// A cell corner inside the covered part.
        public let corner: (x: Float, y: Float)

        init(_ scalar: UInt32, a: (Float, Float), b: (Float, Float), corner: (Float, Float)) {
            glyph = Character(Unicode.Scalar(scalar)!)
            self.a = a
            self.b = b
            self.corner = corner
        }

        /// Whether point (`x`, `y`) of the unit cell is covered.
        public func covers(_ x: Float, _ y: Float) -> Bool {
            side(x, y) * side(corner.x, corner.y) > 0
        }

        private func side(_ x: Float, _ y: Float) -> Float {
            (b.x - a.x) * (y - a.y) - (b.y - a.y) * (x - a.x)
        }
    }

    /// The wedges U+1FB3C–1FB67: the part of the cell on `corner`'s side of the line
    /// from `a` to `b` (unit cell, y down), as the Unicode names define them.
    public static let wedges: [Wedge] = {
        let t1: Float = 1.0 / 3, t2: Float = 2.0 / 3
        return [
            Wedge(0x1FB3C, a: (0, t2), b: (0.5, 1), corner: (0, 1)),
            Wedge(0x1FB3D, a: (0, t2), b: (1, 1), corner: (0, 1)),
            Wedge(0x1FB3E, a: (0, t1), b: (0.5, 1), corner: (0, 1)),
            Wedge(0x1FB3F, a: (0, t1), b: (1, 1), corner: (0, 1)),
            Wedge(0x1FB40, a: (0, 0), b: (0.5, 1), corner: (0, 1)),
            Wedge(0x1FB41, a: (0, t1), b: (0.5, 0), corner: (1, 1)),
            Wedge(0x1FB42, a: (0, t1), b: (1, 0), corner: (1, 1)),
            Wedge(0x1FB43, a: (0, t2), b: (0.5, 0), corner: (1, 1)),
            Wedge(0x1FB44, a: (0, t2), b: (1, 0), corner: (1, 1)),
            Wedge(0x1FB45, a: (0, 1), b: (0.5, 0), corner: (1, 1)),
            Wedge(0x1FB46, a: (0, t2), b: (1, t1), corner: (1, 1)),
            Wedge(0x1FB47, a: (0.5, 1), b: (1, t2), corner: (1, 1)),
            Wedge(0x1FB48, a: (0, 1), b: (1, t2), corner: (1, 1)),
            Wedge(0x1FB49, a: (0.5, 1), b: (1, t1), corner: (1, 1)),
            Wedge(0x1FB4A, a: (0, 1), b: (1, t1), corner: (1, 1)),
            Wedge(0x1FB4B, a: (0.5, 1), b: (1, 0), corner: (1, 1)),
            Wedge(0x1FB4C, a: (0.5, 0), b: (1, t1), corner: (0, 1)),
            Wedge(0x1FB4D, a: (0, 0), b: (1, t1), corner: (0, 1)),
            Wedge(0x1FB4E, a: (0.5, 0), b: (1, t2), corner: (0, 1)),
            Wedge(0x1FB4F, a: (0, 0), b: (1, t2), corner: (0, 1)),
            Wedge(0x1FB50, a: (0.5, 0), b: (1, 1), corner: (0, 1)),
            Wedge(0x1FB51, a: (0, t1), b: (1, t2), corner: (0, 1)),
            Wedge(0x1FB52, a: (0, t2), b: (0.5, 1), corner: (1, 0)),
            Wedge(0x1FB53, a: (0, t2), b: (1, 1), corner: (1, 0)),
            Wedge(0x1FB54, a: (0, t1), b: (0.5, 1), corner: (1, 0)),
            Wedge(0x1FB55, a: (0, t1), b: (1, 1), corner: (1, 0)),
            Wedge(0x1FB56, a: (0, 0), b: (0.5, 1), corner: (1, 0)),
            Wedge(0x1FB57, a: (0, t1), b: (0.5, 0), corner: (0, 0)),
            Wedge(0x1FB58, a: (0, t1), b: (1, 0), corner: (0, 0)),
            Wedge(0x1FB59, a: (0, t2), b: (0.5, 0), corner: (0, 0)),
            Wedge(0x1FB5A, a: (0, t2), b: (1, 0), corner: (0, 0)),
            Wedge(0x1FB5B, a: (0, 1), b: (0.5, 0), corner: (0, 0)),
            Wedge(0x1FB5C, a: (0, t2), b: (1, t1), corner: (0, 0)),
            Wedge(0x1FB5D, a: (0.5, 1), b: (1, t2), corner: (0, 0)),
            Wedge(0x1FB5E, a: (0, 1), b: (1, t2), corner: (0, 0)),
            Wedge(0x1FB5F, a: (0.5, 1), b: (1, t1), corner: (0, 0)),
            Wedge(0x1FB60, a: (0, 1), b: (1, t1), corner: (0, 0)),
            Wedge(0x1FB61, a: (0.5, 1), b: (1, 0), corner: (0, 0)),
            Wedge(0x1FB62, a: (0.5, 0), b: (1, t1), corner: (1, 0)),
            Wedge(0x1FB63, a: (0, 0), b: (1, t1), corner: (1, 0)),
            Wedge(0x1FB64, a: (0.5, 0), b: (1, t2), corner: (1, 0)),
            Wedge(0x1FB65, a: (0, 0), b: (1, t2), corner: (1, 0)),
            Wedge(0x1FB66, a: (0.5, 0), b: (1, 1), corner: (1, 0)),
            Wedge(0x1FB67, a: (0, t1), b: (1, t2), corner: (1, 0)),
        ]
    }()

    /// The triangular quarters U+1FB6C–1FB6F (left, upper, right, lower): the triangle
    /// between one edge of the cell and its centre.
    public static let quarters: [(glyph: Character, covers: @Sendable (Float, Float) -> Bool)] = [
        ("\u{1FB6C}", { x, y in x < min(y, 1 - y) }),
        ("\u{1FB6D}", { x, y in y < min(x, 1 - x) }),
        ("\u{1FB6E}", { x, y in 1 - x < min(y, 1 - y) }),
        ("\u{1FB6F}", { x, y in 1 - y < min(x, 1 - x) }),
    ]

    /// The glyph that looks like `c` flipped left to right, if `c` is a wedge or quarter.
    static func mirror(_ c: Character) -> Character? {
        if let quarter = "\u{1FB6C}\u{1FB6E}".firstIndex(of: c) {
            return quarter == "\u{1FB6C}\u{1FB6E}".startIndex ? "\u{1FB6E}" : "\u{1FB6C}"
        }
        if c == "\u{1FB6D}" || c == "\u{1FB6F}" { return c }
        guard let w = wedges.first(where: { $0.glyph == c }) else { return nil }
        func same(_ p: (x: Float, y: Float), _ q: (x: Float, y: Float)) -> Bool { p.x == q.x && p.y == q.y }
        let a = (x: 1 - w.a.x, y: w.a.y), b = (x: 1 - w.b.x, y: w.b.y), corner = (x: 1 - w.corner.x, y: w.corner.y)
        return wedges.first { m in
            ((same(m.a, a) && same(m.b, b)) || (same(m.a, b) && same(m.b, a))) && m.covers(corner.x, corner.y)
                && m.covers(corner.x == 0 ? 0.001 : 0.999, corner.y == 0 ? 0.001 : 0.999)
        }?.glyph
    }
}
