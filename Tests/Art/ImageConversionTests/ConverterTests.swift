import Frames
import ImageConversion
import ScreenCore
import Testing

/// A `width` x `height` image where `pixel(x, y)` gives RGBA.
func image(_ width: Int, _ height: Int, _ pixel: (Int, Int) -> [UInt8]) -> RGBAImage {
    var bytes: [UInt8] = []
    for y in 0..<height { for x in 0..<width { bytes += pixel(x, y) } }
    return RGBAImage(width: width, height: height, pixels: bytes)
}

let red: [UInt8] = [255, 0, 0, 255]
let blue: [UInt8] = [0, 0, 255, 255]
let clear: [UInt8] = [0, 0, 0, 0]

@Test(arguments: [RenderMode.truecolor, .ansi256, .ansi16, .asciiColor, .ascii])
func solidImageGivesUniformCells(mode: RenderMode) {
    let frame = ImageConverter.frame(from: image(16, 16) { _, _ in red }, columns: 4, rows: 2, mode: mode)
    #expect(frame.cells.allSatisfy { $0 != nil })
    #expect(Set(frame.cells.map { $0! }).count == 1)
    let cell = frame[0, 0]!
    switch mode {
    case .truecolor, .asciiColor:
        #expect(cell.bg == .rgb(RGB(255, 0, 0)) || cell.fg == .rgb(RGB(255, 0, 0)))
    case .ansi256:
        #expect(cell.bg == .palette(196) || cell.fg == .palette(196))
    case .ansi16:
        #expect(cell.bg == .palette(9) || cell.fg == .palette(9))
    case .ascii:
        #expect(cell.fg == .default && cell.bg == .default)
    }
}

@Test(arguments: [RenderMode.truecolor, .ansi256, .ansi16, .asciiColor, .ascii])
func transparentImageGivesTransparentCells(mode: RenderMode) {
    let frame = ImageConverter.frame(from: image(8, 8) { _, _ in clear }, columns: 4, rows: 2, mode: mode)
    #expect(frame.isEmpty)
}

@Test func spriteEdgeKeepsTheTerminalBackground() {
    // top half red, bottom half transparent → upper half block, red on the default background
    let frame = ImageConverter.frame(from: image(2, 4) { _, y in y < 2 ? red : clear }, columns: 1, rows: 1, mode: .truecolor)
    #expect(frame[0, 0] == FrameCell("▀", fg: .rgb(RGB(255, 0, 0)), bg: .default))
}

@Test func halvesAndQuadrantsFollowTheShape() {
    let left = ImageConverter.frame(from: image(4, 4) { x, _ in x < 2 ? red : blue }, columns: 1, rows: 1, mode: .truecolor)
    let cell = left[0, 0]!
    #expect((cell.grapheme == "▌" && cell.fg == .rgb(RGB(255, 0, 0)) && cell.bg == .rgb(RGB(0, 0, 255)))
            || (cell.grapheme == "▐" && cell.fg == .rgb(RGB(0, 0, 255)) && cell.bg == .rgb(RGB(255, 0, 0))))
    let corner = ImageConverter.frame(from: image(4, 4) { x, y in x < 2 && y < 2 ? red : blue }, columns: 1, rows: 1, mode: .truecolor)
    #expect(corner[0, 0]?.grapheme == "▘" || corner[0, 0]?.grapheme == "▟")
    let third = ImageConverter.frame(from: image(2, 3) { x, y in x == 0 && y == 0 ? red : blue }, columns: 1, rows: 1,
                                     mode: .truecolor, symbols: .sextant)
    #expect(third[0, 0]?.grapheme == BlockGlyphs.sextant(1) || third[0, 0]?.grapheme == BlockGlyphs.sextant(62))
}

@Test func averagingIsGammaCorrectByDefault() {
    // a one-pixel black/white checkerboard averages to the grey of half the light (#bcbcbc),
    // not to the half-way sRGB value (#808080)
    let checker = image(16, 32) { x, y in (x + y) % 2 == 0 ? [0, 0, 0, 255] : [255, 255, 255, 255] }
    let linear = ImageConverter.frame(from: checker, columns: 1, rows: 1, mode: .truecolor, symbols: .half)
    let srgb = ImageConverter.frame(from: checker, columns: 1, rows: 1, mode: .truecolor, symbols: .half, averaging: .srgb)
    func grey(_ c: Color?) -> Int { if case .rgb(let v)? = c { Int(v.g) } else { -1 } }
    #expect(abs(grey(linear[0, 0]?.bg) - 188) <= 2)
    #expect(abs(grey(srgb[0, 0]?.bg) - 128) <= 2)
}

@Test func palettesUseTheRightIndices() {
    let gradient = image(64, 32) { x, y in [UInt8(x * 4), UInt8(y * 8), 128, 255] }
    let p256 = ImageConverter.frame(from: gradient, columns: 16, rows: 8, mode: .ansi256)
    let p16 = ImageConverter.frame(from: gradient, columns: 16, rows: 8, mode: .ansi16)
    for cell in p256.cells.compactMap({ $0 }) {
        for c in [cell.fg, cell.bg] {
            guard case .palette(let i) = c else { Issue.record("not a palette colour: \(c)"); return }
            #expect(i >= 16)
        }
    }
    for cell in p16.cells.compactMap({ $0 }) {
        for c in [cell.fg, cell.bg] {
            guard case .palette(let i) = c else { Issue.record("not a palette colour: \(c)"); return }
            #expect(i < 16)
        }
    }
}

@Test func asciiModesUsePrintableASCIIOnly() {
    let circle = image(32, 32) { x, y in (x - 16) * (x - 16) + (y - 16) * (y - 16) < 150 ? red : blue }
    for mode in [RenderMode.ascii, .asciiColor] {
        let frame = ImageConverter.frame(from: circle, columns: 8, rows: 4, mode: mode)
        for cell in frame.cells.compactMap({ $0 }) {
            #expect(cell.grapheme.isASCII && cell.grapheme.asciiValue! >= 0x20 && cell.grapheme.asciiValue! < 0x7F)
        }
    }
    let text = ImageConverter.frame(from: circle, columns: 8, rows: 4, mode: .asciiColor).ansiText()
    #expect(text.contains("38;2;"))
}

@Test func gridSizeKeepsTheAspectWithHalfHeightCells() {
    let square = RGBAImage(width: 100, height: 100)
    #expect(ImageConverter.gridSize(for: square, columns: 40, rows: nil) == (40, 20))
    #expect(ImageConverter.gridSize(for: square, columns: nil, rows: 10) == (20, 10))
    #expect(ImageConverter.gridSize(for: square, columns: 7, rows: 3) == (7, 3))
}

@Test func animationKeepsTimingAndEveryMode() {
    let frames = [ImageSequence.Frame(image: image(8, 8) { _, _ in red }, durationMs: 70),
                  ImageSequence.Frame(image: image(8, 8) { _, _ in blue }, durationMs: 130)]
    var calls = 0
    let animation = ImageConverter.animation(from: ImageSequence(frames: frames), name: "t", columns: 4, rows: 2,
                                             modes: RenderMode.allCases) { _, _ in calls += 1 }
    #expect(calls == 10)
    #expect(animation.modes == RenderMode.allCases)
    #expect(animation.frames[.ansi16]!.map(\.durationMs) == [70, 130])
    #expect(animation.anchor == Anchor(x: 2, y: 1))
    let reloaded = try? Animation(parsing: animation.frameFileText)
    #expect(reloaded == animation)
}
