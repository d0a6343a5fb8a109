import Testing
@testable import ScreenCore

@Suite struct PaletteTests {
    @Test func cubeRoundTrip() {
        for i in 16...255 {
            #expect(XtermPalette.nearest256(XtermPalette.rgb(UInt8(i))) == UInt8(i) || XtermPalette.rgb(XtermPalette.nearest256(XtermPalette.rgb(UInt8(i)))) == XtermPalette.rgb(UInt8(i)))
        }
    }

    @Test func hexParses() {
        #expect(RGB(hex: "#1a2b3c") == RGB(0x1a, 0x2b, 0x3c))
        #expect(RGB(hex: "zz") == nil)
        #expect(RGB(0, 0x80, 0xff).hex == "#0080ff")
    }
}
