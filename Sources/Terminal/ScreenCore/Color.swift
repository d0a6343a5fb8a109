/// A 24-bit sRGB colour, the unit every other colour form is derived from.
public struct RGB: Hashable, Sendable, CustomStringConvertible {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// Parses `#rrggbb` (the leading `#` is optional); nil for anything else.
    public init?(hex: some StringProtocol) {
        var s = Substring(hex)
        if s.hasPrefix("#") { s = s.dropFirst() }
        guard s.count == 6, let v = UInt32(s, radix: 16) else { return nil }
        self.init(UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF))
    }

    /// `#rrggbb`, lower case: the form frame files and SVG use.
    public var hex: String {
        let v = Int(r) << 16 | Int(g) << 8 | Int(b)
        let digits = String(v, radix: 16)
        return "#" + String(repeating: "0", count: 6 - digits.count) + digits
    }

    public var description: String { hex }
}

/// A cell colour as the terminal is told it: the terminal's own default, an index into
/// its palette (0–15 system colours, 16–255 the xterm cube and grey ramp), or direct RGB.
public enum Color: Hashable, Sendable {
    case `default`
    case palette(UInt8)
    case rgb(RGB)
}

/// How many colours the terminal can show; decides how `Color.rgb` is sent.
public enum ColorDepth: String, Sendable, CaseIterable, Comparable {
    case none = "mono"
    case ansi16 = "16"
    case ansi256 = "256"
    case truecolor = "truecolor"

    private var rank: Int {
        switch self {
        case .none: 0
        case .ansi16: 1
        case .ansi256: 2
        case .truecolor: 3
        }
    }

    public static func < (a: ColorDepth, b: ColorDepth) -> Bool { a.rank < b.rank }
}
