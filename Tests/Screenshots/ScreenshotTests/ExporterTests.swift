import Foundation
import ScreenCore
import Testing
@testable import Screenshot
@testable import ScreenshotFiles

/// Each exporter on a buffer whose output is known cell by cell.
@Suite struct ExporterTests {
    let buffer = KnownBuffer.make()
    let theme = ScreenshotTheme.standard

    @Test func textIsThePlainDumpAndAnsiCarriesColours() throws {
        let txt = String(decoding: try ScreenshotSaver.render(buffer, as: .txt), as: UTF8.self)
        #expect(txt == "Hi漢!\n▀▌░▗\nur\n")
        let ans = String(decoding: try ScreenshotSaver.render(buffer, as: .ans), as: UTF8.self)
        #expect(ans.contains("\u{1B}[0;38;2;255;0;0;44m漢"))
        #expect(ans.hasSuffix("\u{1B}[0m\n"))
    }

    @Test func svgPlacesCellsOnTheGrid() throws {
        let svg = SVGRenderer().render(buffer)
        #expect(svg.contains("width=\"60\" height=\"60\" viewBox=\"0 0 60 60\""))
        // 漢 and its background take columns 2 and 3: x = 20, width 20.
        #expect(svg.contains("<rect x=\"20\" y=\"0\" width=\"20\" height=\"20\" fill=\"#0000ee\"/>"))
        #expect(svg.contains("<text x=\"20\" y=\"15\" fill=\"#ff0000\">漢</text>"))
        // ! follows the wide glyph in column 4.
        #expect(svg.contains("<text x=\"40\" y=\"15\" fill=\"#00c800\">!</text>"))
        #expect(svg.contains("<text x=\"0 10\" y=\"15\" fill=\"#e5e5e5\">Hi</text>"))
        // ▀: upper half red over a blue cell, as rectangles, not text.
        #expect(svg.contains("<rect x=\"0\" y=\"20\" width=\"10\" height=\"20\" fill=\"#0000ff\"/>"))
        #expect(svg.contains("<rect x=\"0\" y=\"20\" width=\"10\" height=\"10\" fill=\"#ff0000\"/>"))
        #expect(!svg.contains(">▀<"))
        // ▗: the lower right quadrant.
        #expect(svg.contains("<rect x=\"35\" y=\"30\" width=\"5\" height=\"10\" fill=\"#ff0000\"/>"))
        #expect(svg.contains("text-decoration=\"underline\">u</text>"))
        // r reversed: black text on a red cell.
        #expect(svg.contains("<rect x=\"10\" y=\"40\" width=\"10\" height=\"20\" fill=\"#ff0000\"/>"))
        #expect(svg.contains("<text x=\"10\" y=\"55\" fill=\"#000000\">r</text>"))
    }

    @Test func svgEscapesMarkupAndControlCharacters() {
        var b = ScreenBuffer(width: 4, height: 1)
        b.text("<&\">", x: 0, y: 0)
        let svg = SVGRenderer().render(b)
        #expect(svg.contains("&lt;&amp;&quot;&gt;"))
        #expect(SVGRenderer.escape("\u{1}") == "\u{FFFD}")
    }

    @Test func pngDecodesWithTheRightSizeAndCellColours() throws {
        let font = try #require(UnifontFile.standard, "unifont is not installed (scripts/install-deps.sh run)")
        let png = try ScreenshotSaver.render(buffer, as: .png, font: font)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let image = try PNGCodec.decode(png)
        #expect(image.width == 6 * 8)
        #expect(image.height == 3 * 16)
        // ▀ at (0,1): red top half, blue bottom half, exactly split at row 8.
        #expect(image.pixel(x: 3, y: 16 + 7) == KnownBuffer.red)
        #expect(image.pixel(x: 3, y: 16 + 8) == KnownBuffer.blue)
        // ▌ at (1,1): green left four columns, default background right.
        #expect(image.pixel(x: 8 + 3, y: 20) == KnownBuffer.green)
        #expect(image.pixel(x: 8 + 4, y: 20) == theme.background)
        // ░ at (2,1): a quarter of the foreground mixed into the background.
        #expect(image.pixel(x: 16 + 2, y: 20) == ScreenshotTheme.mix(theme.background, theme.foreground, 0.25))
        // ▗ at (3,1): red only in the lower right quadrant.
        #expect(image.pixel(x: 24 + 6, y: 16 + 12) == KnownBuffer.red)
        #expect(image.pixel(x: 24 + 2, y: 16 + 12) == theme.background)
        // 漢 spans 16 pixels: glyph pixels in both of its cells, on the palette-4 background.
        let wideCell = (16..<32).flatMap { x in (0..<16).map { y in image.pixel(x: x, y: y) } }
        #expect(wideCell.allSatisfy { $0 == KnownBuffer.red || $0 == XtermPalette.system[4] })
        #expect((24..<32).contains { x in (0..<16).contains { image.pixel(x: x, y: $0) == KnownBuffer.red } })
        #expect((16..<24).contains { x in (0..<16).contains { image.pixel(x: x, y: $0) == KnownBuffer.red } })
        // H drawn from unifont: its pixels are the default foreground exactly where the font sets them.
        let h = try #require(font.glyph(for: "H"))
        for y in 0..<16 { for x in 0..<8 {
            #expect(image.pixel(x: x, y: y) == (h.isSet(x: x, y: y) ? theme.foreground : theme.background))
        } }
        // u underlined: its bottom row is all foreground.
        #expect((0..<8).allSatisfy { image.pixel(x: $0, y: 47) == theme.foreground })
    }

    @Test func unifontGlyphsHaveTheirWidths() throws {
        let font = try #require(UnifontFile.standard)
        #expect(font.count > 50_000)
        #expect(font.glyph(for: "A")?.width == 8)
        #expect(font.glyph(for: "A")?.rows == [0, 0, 0, 0, 0x18, 0x24, 0x24, 0x42, 0x42, 0x7E, 0x42, 0x42, 0x42, 0x42, 0, 0])
        #expect(font.glyph(for: "漢")?.width == 16)
        #expect(font.glyph(for: "\u{1F916}") == nil)
        let broken = UnifontHex(Array("0041:XYZ\n0042:00\n".utf8))
        #expect(broken.glyph(for: "A") == nil)
        #expect(broken.glyph(for: "B") == nil)
    }

    @Test func aGlyphTheFontLacksIsABoxNotACrash() throws {
        var b = ScreenBuffer(width: 2, height: 1)
        b.put("🤖", x: 0, y: 0, style: .plain)
        let image = RasterRenderer(font: nil).render(b)
        #expect(image.pixel(x: 1, y: 2) == ScreenshotTheme.standard.foreground)
        #expect(image.pixel(x: 8, y: 8) == ScreenshotTheme.standard.background)
    }

    @Test func hostileImagesGiveClearErrors() throws {
        #expect(throws: ScreenshotError.self) { try PNGCodec.encode(RasterImage(width: 0, height: 0)) }
        #expect(throws: ScreenshotError.self) { try PNGCodec.decode(Array("not a png at all".utf8)) }
        let png = try PNGCodec.encode(RasterImage(width: 4, height: 4, fill: KnownBuffer.red))
        #expect(throws: ScreenshotError.self) { try PNGCodec.decode(Array(png.prefix(40))) }
        #expect(throws: ScreenshotError.self) { try PNGCodec.decode(png, maxPixels: 8) }
        #expect(try PNGCodec.decode(png).pixel(x: 3, y: 3) == KnownBuffer.red)
        let huge = ScreenBuffer(width: 400, height: 400)
        #expect(throws: ScreenshotError.self) { try ScreenshotSaver.render(huge, as: .png) }
        #expect(try ScreenshotSaver.render(huge, as: .txt).count == 400)
    }
}
