/// A bitmap font in GNU Unifont's `.hex` format (`0041:0000000018242442427E424242420000`):
/// one line per code point, sorted, each glyph 16 rows of 8 (32 hex digits) or 16
/// (64 hex digits) pixels. Glyphs are found by binary search over the text as given, so
/// nothing is parsed up front.
public struct UnifontHex: Sendable {
    /// One glyph: 16 rows, the leftmost pixel in the highest of `width` bits.
    public struct Glyph: Hashable, Sendable {
        public var width: Int
        public var rows: [UInt16]

        /// Whether pixel (x, y) is set.
        public func isSet(x: Int, y: Int) -> Bool {
            guard x >= 0, x < width, y >= 0, y < rows.count else { return false }
            return rows[y] >> UInt16(width - 1 - x) & 1 == 1
        }
    }

    private let bytes: [UInt8]
    /// The start offset of every line, for the binary search.
    private let lineStarts: [Int]

    /// Indexes the line starts of `text` (a `.hex` file's contents).
    public init(_ text: [UInt8]) {
        bytes = text
        var starts: [Int] = []
        starts.reserveCapacity(text.count / 40)
        var atStart = true
        for (i, b) in text.enumerated() {
            if atStart, b != 0x0A { starts.append(i) }
            atStart = b == 0x0A
        }
        lineStarts = starts
    }

    /// The number of glyphs (lines) in the font.
    public var count: Int { lineStarts.count }

    /// The glyph for `scalar`, or nil when the font has none or its line is malformed.
    public func glyph(for scalar: Unicode.Scalar) -> Glyph? {
        var low = 0, high = lineStarts.count
        let want = scalar.value
        while low < high {
            let mid = (low + high) / 2
            guard let code = codePoint(at: lineStarts[mid]) else { return nil }
            if code < want { low = mid + 1 } else if code > want { high = mid } else { return parse(at: lineStarts[mid]) }
        }
        return nil
    }

    private func codePoint(at start: Int) -> UInt32? {
        var v: UInt32 = 0, i = start
        while i < bytes.count, bytes[i] != 0x3A {
            guard let d = Self.hexValue(bytes[i]), i - start < 8 else { return nil }
            v = v << 4 | UInt32(d)
            i += 1
        }
        return i > start ? v : nil
    }

    private func parse(at start: Int) -> Glyph? {
        guard var i = bytes[start...].firstIndex(of: 0x3A) else { return nil }
        i += 1
        var digits: [UInt8] = []
        while i < bytes.count, let d = Self.hexValue(bytes[i]) { digits.append(d); i += 1 }
        let width: Int
        switch digits.count {
        case 32: width = 8
        case 64: width = 16
        default: return nil
        }
        let perRow = width / 4
        let rows = (0..<16).map { r in
            digits[(r * perRow)..<((r + 1) * perRow)].reduce(UInt16(0)) { $0 << 4 | UInt16($1) }
        }
        return Glyph(width: width, rows: rows)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }
}
