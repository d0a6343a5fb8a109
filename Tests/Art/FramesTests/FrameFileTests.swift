import Frames
import ScreenCore
import Testing

/// A small animation with every kind of cell: colours of each form, transparency, a
/// quadrant glyph, a sextant, ASCII.
func sampleAnimation() -> Animation {
    let blue = Color.rgb(RGB(0x34, 0x78, 0xdc))
    var a = Frame(width: 3, height: 2, durationMs: 120)
    a[0, 0] = FrameCell("▛", fg: blue, bg: .default)
    a[1, 0] = FrameCell("\u{1FB0F}", fg: .palette(196), bg: .palette(3))
    a[2, 1] = FrameCell(" ", fg: blue, bg: blue)
    var b = a
    b.durationMs = 80
    b[1, 1] = FrameCell("▐", fg: .default, bg: blue)
    var ascii = Frame(width: 3, height: 2, durationMs: 120)
    ascii[0, 0] = FrameCell("/", fg: .default, bg: .default)
    ascii[2, 1] = FrameCell("#", fg: .default, bg: .default)
    return Animation(name: "sample", width: 3, height: 2, anchor: Anchor(x: 1, y: 1),
                     frames: [.truecolor: [a, b], .ascii: [ascii, ascii]])
}

@Test func writeThenParseGivesTheSameAnimation() throws {
    let animation = sampleAnimation()
    let text = animation.frameFileText
    let parsed = try Animation(parsing: text, source: "sample.frames")
    #expect(parsed == animation)
    #expect(parsed.frameFileText == text)
}

@Test func writerOutputIsStableAndReadable() {
    let text = sampleAnimation().frameFileText
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[0] == "tachikoma-frames 1")
    #expect(lines.contains("size 3 2"))
    #expect(lines.contains("anchor 1 1"))
    #expect(lines.contains("mode truecolor"))
    #expect(lines.contains("frame 80ms"))
    #expect(lines.contains("|▛\u{1FB0F} |"))
}

@Test func mirroringFlipsCellsGlyphsAndAnchor() {
    let animation = sampleAnimation()
    let mirrored = animation.mirrored()
    let frame = mirrored.frames[.truecolor]![0]
    #expect(frame[2, 0]?.grapheme == "▜")
    // sextant 1FB0F = pattern 16 (bottom-left) mirrors to pattern 32 (bottom-right) = 1FB1E
    #expect(frame[1, 0]?.grapheme == "\u{1FB1E}")
    #expect(frame[0, 1]?.grapheme == " ")
    #expect(frame[0, 0] == nil)
    #expect(mirrored.anchor == Anchor(x: 1, y: 1))
    #expect(mirrored.frames[.ascii]![0][2, 0]?.grapheme == "\\")
    #expect(mirrored.mirrored() == animation)
}

@Test func eveyQuadrantAndSextantMirrorsTwiceToItself() {
    for bits in 0..<16 {
        let glyph = BlockGlyphs.quadrant(bits)
        #expect(BlockGlyphs.quadrantBits(glyph) == bits)
    }
    for bits in 0..<64 {
        let glyph = BlockGlyphs.sextant(bits)
        #expect(BlockGlyphs.sextantBits(glyph) == bits)
    }
    var frame = Frame(width: 1, height: 1, durationMs: 10)
    for bits in 0..<64 {
        frame[0, 0] = FrameCell(BlockGlyphs.sextant(bits), fg: .palette(1), bg: .palette(2))
        #expect(frame.mirrored().mirrored() == frame)
    }
}

@Test func leftEighthsMirrorBySwappingColours() {
    var frame = Frame(width: 1, height: 1, durationMs: 10)
    frame[0, 0] = FrameCell("▎", fg: .palette(1), bg: .palette(2))
    #expect(frame.mirrored()[0, 0] == FrameCell("▊", fg: .palette(2), bg: .palette(1)))
}

@Test func missingModesFallBackWithReducedColours() {
    let animation = sampleAnimation()
    let frames = animation.frames(for: .ansi16)
    #expect(frames.count == 2)
    guard case .palette(let i)? = frames[0][0, 0]?.fg else {
        Issue.record("expected a palette colour")
        return
    }
    #expect(i < 16)
    #expect(animation.frames(for: .ascii) == animation.frames[.ascii]!)
    #expect(animation.loopDurationMs(for: .truecolor) == 200)
}

@Test func ansiTextUsesSGRAndSkipsTransparentCells() {
    let text = sampleAnimation().frames[.truecolor]![0].ansiText()
    #expect(text.contains("\u{1B}[0;38;2;52;120;220;49m▛"))
    #expect(text.contains("38;5;196;43m"))
    #expect(text.split(separator: "\n").count == 2)
}

@Test func wedgesMirrorOntoTheirFlippedShape() {
    var frame = Frame(width: 1, height: 1, durationMs: 10)
    let glyphs = WedgeGlyphs.wedges.map(\.glyph) + WedgeGlyphs.quarters.map(\.glyph)
    for glyph in glyphs {
        frame[0, 0] = FrameCell(glyph, fg: .palette(1), bg: .palette(2))
        let mirrored = frame.mirrored()[0, 0]!.grapheme
        #expect(mirrored != glyph || glyph == "\u{1FB6D}" || glyph == "\u{1FB6F}")
        #expect(frame.mirrored().mirrored() == frame, "\(glyph)")
        if let w = WedgeGlyphs.wedges.first(where: { $0.glyph == glyph }),
           let m = WedgeGlyphs.wedges.first(where: { $0.glyph == mirrored }) {
            for (x, y) in [(Float(0.1), Float(0.9)), (0.9, 0.1), (0.3, 0.6), (0.7, 0.2), (0.45, 0.95)] {
                #expect(w.covers(x, y) == m.covers(1 - x, y), "\(glyph) at \(x),\(y)")
            }
        }
    }
}

@Test func changingOneColourChangesOnlyItsLines() throws {
    var frame = Frame(width: 8, height: 4, durationMs: 100)
    for y in 0..<4 {
        for x in 0..<8 {
            frame[x, y] = FrameCell("▀", fg: .rgb(RGB(UInt8(x * 30), UInt8(y * 60), 9)), bg: .default)
        }
    }
    var changed = frame
    changed[0, 0] = FrameCell("▀", fg: .rgb(RGB(1, 2, 3)), bg: .default)  // a new colour sorting first
    func lines(_ f: Frame) -> [Substring] {
        Animation(name: "t", width: 8, height: 4, anchor: Anchor(x: 0, y: 0), frames: [.truecolor: [f]])
            .frameFileText.split(separator: "\n")
    }
    let before = lines(frame), after = lines(changed)
    #expect(before.count == after.count)
    // new lines: the new colour's palette line and the one colour row that uses it
    let added = after.filter { !before.contains($0) }
    #expect(added.count == 2, "\(added) \(before.filter { !after.contains($0) })")
}
