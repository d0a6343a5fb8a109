/// The Unicode block elements (U+2580–U+259F) as their definitions: filled parts of the
/// cell in eighths, or an even shade. Drawn as exact rectangles (never from a font) so a
/// half-block picture in a screenshot has no seams.
enum BlockElements {
    /// A filled rectangle in eighths of the cell: x and width in eighths of the width,
    /// y and height in eighths of the height.
    struct Part: Equatable {
        var x: Int, y: Int, width: Int, height: Int
    }

    /// What a block element covers.
    enum Shape: Equatable {
        /// These parts are in the foreground colour, the rest in the background.
        case parts([Part])
        /// The whole cell in the foreground mixed into the background by this fraction.
        case shade(Double)
    }

    static func shape(of scalar: Unicode.Scalar) -> Shape? {
        let v = scalar.value
        let full = 8, half = 4
        func top(_ n: Int) -> Part { Part(x: 0, y: 0, width: full, height: n) }
        func bottom(_ n: Int) -> Part { Part(x: 0, y: full - n, width: full, height: n) }
        func left(_ n: Int) -> Part { Part(x: 0, y: 0, width: n, height: full) }
        func right(_ n: Int) -> Part { Part(x: full - n, y: 0, width: n, height: full) }
        let ul = Part(x: 0, y: 0, width: half, height: half), ur = Part(x: half, y: 0, width: half, height: half)
        let ll = Part(x: 0, y: half, width: half, height: half), lr = Part(x: half, y: half, width: half, height: half)
        switch v {
        case 0x2580: return .parts([top(4)])                       // ▀ upper half
        case 0x2581...0x2588: return .parts([bottom(Int(v - 0x2580))]) // ▁…█ lower 1/8 … full
        case 0x2589...0x258F: return .parts([left(Int(0x2590 - v))])  // ▉…▏ left 7/8 … 1/8
        case 0x2590: return .parts([right(4)])                     // ▐ right half
        case 0x2591: return .shade(0.25)                           // ░
        case 0x2592: return .shade(0.5)                            // ▒
        case 0x2593: return .shade(0.75)                           // ▓
        case 0x2594: return .parts([top(1)])                       // ▔ upper 1/8
        case 0x2595: return .parts([right(1)])                     // ▕ right 1/8
        case 0x2596: return .parts([ll])                           // ▖
        case 0x2597: return .parts([lr])                           // ▗
        case 0x2598: return .parts([ul])                           // ▘
        case 0x2599: return .parts([ul, ll, lr])                   // ▙
        case 0x259A: return .parts([ul, lr])                       // ▚
        case 0x259B: return .parts([ul, ur, ll])                   // ▛
        case 0x259C: return .parts([ul, ur, lr])                   // ▜
        case 0x259D: return .parts([ur])                           // ▝
        case 0x259E: return .parts([ur, ll])                       // ▞
        case 0x259F: return .parts([ur, ll, lr])                   // ▟
        default: return nil
        }
    }
}
