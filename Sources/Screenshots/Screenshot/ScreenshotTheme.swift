import ScreenCore

/// The colours a screenshot uses where the terminal would use its own: the default
/// foreground and background, and the 16 system colours (xterm's unless changed).
public struct ScreenshotTheme: Hashable, Sendable {
    public var foreground: RGB
    public var background: RGB
    public var system: [RGB]

    public init(foreground: RGB = RGB(229, 229, 229), background: RGB = RGB(0, 0, 0), system: [RGB] = XtermPalette.system) {
        self.foreground = foreground
        self.background = background
        self.system = system.count == 16 ? system : XtermPalette.system
    }

    /// A dark terminal with xterm's colours.
    public static let standard = ScreenshotTheme()

    /// The RGB value of a cell colour.
    public func rgb(_ color: Color, foreground isForeground: Bool) -> RGB {
        switch color {
        case .default: isForeground ? foreground : background
        case .palette(let i) where i < 16: system[Int(i)]
        case .palette(let i): XtermPalette.rgb(i)
        case .rgb(let v): v
        }
    }

    /// The colours a cell is drawn in: reverse swaps them, dim mixes the foreground halfway
    /// into the background.
    public func colors(of style: Style) -> (fg: RGB, bg: RGB) {
        var fg = rgb(style.fg, foreground: true), bg = rgb(style.bg, foreground: false)
        if style.attributes.contains(.reverse) { swap(&fg, &bg) }
        if style.attributes.contains(.dim) { fg = Self.mix(fg, bg, 0.5) }
        return (fg, bg)
    }

    /// `a` with `amount` (0…1) of `b` mixed in, rounded to the nearest value.
    static func mix(_ a: RGB, _ b: RGB, _ amount: Double) -> RGB {
        func m(_ x: UInt8, _ y: UInt8) -> UInt8 { UInt8((Double(x) * (1 - amount) + Double(y) * amount).rounded()) }
        return RGB(m(a.r, b.r), m(a.g, b.g), m(a.b, b.b))
    }
}
