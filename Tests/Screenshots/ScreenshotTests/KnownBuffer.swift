import ScreenCore

/// A small buffer whose every pixel is known: text, a wide CJK glyph with colours, block
/// elements, and attributes.
enum KnownBuffer {
    static let red = RGB(255, 0, 0), blue = RGB(0, 0, 255), green = RGB(0, 200, 0)

    /// 6 × 3 cells:
    ///   row 0: `Hi` (default colours), `漢` red on palette 4 over columns 2–3, `!` green
    ///   row 1: `▀` red over blue, `▌` green over default, `░` default, `▗` red
    ///   row 2: `u` underlined, `r` reversed
    static func make() -> ScreenBuffer {
        var b = ScreenBuffer(width: 6, height: 3)
        b.text("Hi", x: 0, y: 0)
        b.put("漢", x: 2, y: 0, style: Style(fg: .rgb(red), bg: .palette(4)))
        b.put("!", x: 4, y: 0, style: Style(fg: .rgb(green)))
        b.put("▀", x: 0, y: 1, style: Style(fg: .rgb(red), bg: .rgb(blue)))
        b.put("▌", x: 1, y: 1, style: Style(fg: .rgb(green)))
        b.put("░", x: 2, y: 1, style: .plain)
        b.put("▗", x: 3, y: 1, style: Style(fg: .rgb(red)))
        b.put("u", x: 0, y: 2, style: Style(attributes: .underline))
        b.put("r", x: 1, y: 2, style: Style(fg: .rgb(red), attributes: .reverse))
        return b
    }
}
