import ScreenCore

/// The ways one animation can be drawn, from the richest terminal to the plainest.
/// A frame file holds the frames of an animation once per mode, so the pet picks the
/// mode its terminal supports without converting anything at run time.
public enum RenderMode: String, CaseIterable, Sendable, Hashable {
    /// Block symbols (half blocks, quadrants, sextants) in 24-bit colour.
    case truecolor
    /// Block symbols in the xterm 256-colour cube and grey ramp (indices 16–255).
    case ansi256 = "256"
    /// Block symbols in the 16 system colours.
    case ansi16 = "16"
    /// Printable ASCII with foreground and background colours (24-bit).
    case asciiColor = "ascii-color"
    /// Printable ASCII in the terminal's default colours only.
    case ascii

    /// The colour depth a terminal needs to show this mode as written.
    public var colorDepth: ColorDepth {
        switch self {
        case .truecolor, .asciiColor: .truecolor
        case .ansi256: .ansi256
        case .ansi16: .ansi16
        case .ascii: .none
        }
    }

    /// Whether the mode draws only printable ASCII.
    public var isASCII: Bool { self == .ascii || self == .asciiColor }

    /// The modes to fall back to, best first, when a file lacks `self`.
    public var fallbacks: [RenderMode] {
        switch self {
        case .truecolor: [.truecolor, .ansi256, .ansi16, .asciiColor, .ascii]
        case .ansi256: [.ansi256, .truecolor, .ansi16, .asciiColor, .ascii]
        case .ansi16: [.ansi16, .ansi256, .truecolor, .ascii, .asciiColor]
        case .asciiColor: [.asciiColor, .ascii, .truecolor, .ansi256, .ansi16]
        case .ascii: [.ascii, .asciiColor]
        }
    }
}
