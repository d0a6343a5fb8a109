import Testing
@testable import ScreenCore
import TerminalHarness

/// A small deterministic generator, so failures repeat.
struct TestRandom {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(n))
    }
}

/// A walking half-block sprite like the pet's: `frame` picks the cells, `x` where it stands.
/// Colours come in short runs, as in drawn art: a neighbour often shares one of them.
func drawSprite(into b: inout ScreenBuffer, x: Int, y: Int, frame: Int, width: Int = 36, height: Int = 16) {
    var r = TestRandom(state: UInt64(frame % 8) &+ 17)
    let glyphs: [Character] = ["▀", "▄", "█", "▌", "▐", "▗", "▘", "▆", "▔", " "]
    let colors: [Color] = [.palette(17), .palette(18), .palette(24), .palette(25), .palette(61), .palette(236), .palette(250), .default]
    for row in 0..<height {
        var fg = colors[r.next(colors.count)]
        var bg = colors[r.next(colors.count)]
        for col in 0..<width where r.next(5) != 0 {
            if r.next(3) == 0 { fg = colors[r.next(colors.count)] }
            if r.next(4) == 0 { bg = colors[r.next(colors.count)] }
            b.put(glyphs[r.next(glyphs.count)], x: x + col, y: y + row, style: Style(fg: fg, bg: bg))
        }
    }
}

@Suite struct ScreenEncoderTests {
    /// The bytes of each frame, starting from a blank screen (as curses leaves it).
    func encode(_ frames: [ScreenBuffer], encoder: inout ScreenEncoder) -> [[UInt8]] {
        var shown = frames.first.map { ScreenBuffer(width: $0.width, height: $0.height) }
        var out: [[UInt8]] = []
        for f in frames {
            var bytes: [UInt8] = []
            encoder.encode(f.changes(from: shown), width: f.width, into: &bytes)
            out.append(bytes)
            shown = f
        }
        return out
    }

    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test(arguments: [(80, 24), (200, 50)])
    func aWalkLooksTheSameAsThePlainRendering(size: (Int, Int)) {
        var encoder = ScreenEncoder(colorParameters: ScreenEncoder.standardParameters)
        var term = TerminalEmulator(width: size.0, height: size.1)
        var shown: ScreenBuffer?
        for k in 0..<60 {
            var b = ScreenBuffer(width: size.0, height: size.1)
            // Walks right, then back left; reaches the right margin at 80 columns.
            let x = k < 45 ? k : 90 - k
            drawSprite(into: &b, x: x, y: size.1 - 16, frame: k)
            if k % 7 == 3 {
                b.text("bubble 中文 ✉", x: 2, y: 1, style: Style(fg: .palette(15), bg: .palette(236), attributes: .bold))
                b.text("plain", x: 2, y: 2, style: Style(fg: .rgb(RGB(1, 2, 3)), attributes: [.underline, .italic]))
            }
            var bytes: [UInt8] = []
            encoder.encode(b.changes(from: shown), width: b.width, into: &bytes)
            term.feed(bytes)
            shown = b
            #expect(term.unknown.isEmpty, "frame \(k): \(term.unknown)")
            let diff = Look.differences(b, term.grid)
            #expect(diff.isEmpty, "frame \(k): \(diff.prefix(5))")
        }
    }

    @Test func oneSGRForARunOfOneStyle() {
        var b = ScreenBuffer(width: 20, height: 2)
        b.text("▀▀▀▀▀", x: 3, y: 1, style: Style(fg: .palette(100), bg: .palette(200)))
        var encoder = ScreenEncoder(colorParameters: ScreenEncoder.standardParameters)
        let bytes = encode([b], encoder: &encoder)[0]
        #expect(text(bytes) == "\u{1B}[2;4H\u{1B}[0;38;5;100;48;5;200m▀▀▀▀▀")
    }

    @Test func thePenCarriesOverToTheNextFrame() {
        let style = Style(fg: .palette(100), bg: .palette(200))
        var a = ScreenBuffer(width: 20, height: 2)
        a.text("▀▀", x: 0, y: 0, style: style)
        var b = a
        b.put("▄", x: 5, y: 1, style: style)
        var encoder = ScreenEncoder(colorParameters: ScreenEncoder.standardParameters)
        let bytes = encode([a, b], encoder: &encoder)
        #expect(text(bytes[1]) == "\u{1B}[2;6H▄")
        // After a reset (another writer) the pen is set again.
        encoder.reset()
        var c = b
        c.put("▀", x: 6, y: 1, style: style)
        var out: [UInt8] = []
        encoder.encode(c.changes(from: b), width: 20, into: &out)
        #expect(text(out) == "\u{1B}[2;7H\u{1B}[0;38;5;100;48;5;200m▀")
    }

    @Test func onlyTheColourThatChangedIsSent() {
        var b = ScreenBuffer(width: 10, height: 1)
        b.put("▀", x: 0, y: 0, style: Style(fg: .palette(100), bg: .palette(200)))
        b.put("▀", x: 1, y: 0, style: Style(fg: .palette(101), bg: .palette(200)))
        b.put("▀", x: 2, y: 0, style: Style(fg: .palette(101), bg: .palette(3)))
        var encoder = ScreenEncoder(colorParameters: ScreenEncoder.standardParameters)
        #expect(text(encode([b], encoder: &encoder)[0])
            == "\u{1B}[1;1H\u{1B}[0;38;5;100;48;5;200m▀\u{1B}[38;5;101m▀\u{1B}[43m▀")
    }

    @Test func coloursThatCannotShowAreNotSent() {
        var b = ScreenBuffer(width: 10, height: 1)
        b.put("▀", x: 0, y: 0, style: Style(fg: .palette(100), bg: .palette(200)))
        // A space shows only its background, a full block only its foreground.
        b.put(" ", x: 1, y: 0, style: Style(fg: .palette(7), bg: .palette(200)))
        b.put("█", x: 2, y: 0, style: Style(fg: .palette(100), bg: .palette(9)))
        // With an attribute both colours can show (underline, reverse).
        b.put(" ", x: 3, y: 0, style: Style(fg: .palette(7), bg: .palette(200), attributes: .underline))
        var encoder = ScreenEncoder(colorParameters: ScreenEncoder.standardParameters)
        #expect(text(encode([b], encoder: &encoder)[0])
            == "\u{1B}[1;1H\u{1B}[0;38;5;100;48;5;200m▀ █\u{1B}[0;4;37;48;5;200m ")
    }

    @Test func attributesAreSwitchedOffByAReset() {
        var b = ScreenBuffer(width: 10, height: 1)
        b.text("ab", x: 0, y: 0, style: Style(fg: .palette(1), attributes: .bold))
        b.text("cd", x: 2, y: 0, style: Style(fg: .palette(1)))
        var encoder = ScreenEncoder(supportedAttributes: [.underline], colorParameters: ScreenEncoder.standardParameters)
        // Bold is not supported here, so it is not sent and the pen does not change.
        #expect(text(encode([b], encoder: &encoder)[0]) == "\u{1B}[1;1H\u{1B}[0;31mabcd")
        var full = ScreenEncoder(colorParameters: ScreenEncoder.standardParameters)
        #expect(text(encode([b], encoder: &full)[0]) == "\u{1B}[1;1H\u{1B}[0;1;31mab\u{1B}[0;31mcd")
    }

    @Test func theCursorIsMovedOnlyOverGapsAndAfterTheRightMargin() {
        var b = ScreenBuffer(width: 4, height: 2)
        b.text("abcd", x: 0, y: 0)
        b.text("ef", x: 0, y: 1)
        b.put("中", x: 2, y: 1, style: .plain)
        var encoder = ScreenEncoder(colorParameters: ScreenEncoder.standardParameters)
        #expect(text(encode([b], encoder: &encoder)[0]) == "\u{1B}[1;1H\u{1B}[0mabcd\u{1B}[2;1Hef中")
    }

    /// Replays `bytes` and returns the cells of `b` that look different on the terminal.
    func lookDifferences(_ b: ScreenBuffer, _ bytes: [UInt8]) -> [String] {
        var term = TerminalEmulator(width: b.width, height: b.height)
        term.feed(bytes)
        return term.unknown + Look.differences(b, term.grid)
    }

    @Test func aHalfBlockGoesOutAsItsComplementWhenThatSavesAColour() {
        var b = ScreenBuffer(width: 10, height: 1)
        // ▃ has no complement among the block elements: it sets the pen.
        b.put("▃", x: 0, y: 0, style: Style(fg: .palette(100), bg: .palette(200)))
        // ▀ on 200/101 is ▄ on 101/200: only the foreground changes.
        b.put("▀", x: 1, y: 0, style: Style(fg: .palette(200), bg: .palette(101)))
        b.put("▘", x: 2, y: 0, style: Style(fg: .palette(200), bg: .palette(101)))
        var encoder = ScreenEncoder(colorParameters: ScreenEncoder.standardParameters)
        let bytes = encode([b], encoder: &encoder)[0]
        #expect(text(bytes) == "\u{1B}[1;1H\u{1B}[0;38;5;100;48;5;200m▃\u{1B}[38;5;101m▄▟")
        #expect(lookDifferences(b, bytes).isEmpty)
    }

    @Test func theTerminalsDefaultColoursAreNeverSwapped() {
        // Default foreground and background are different colours: ▀ on 200/default is not
        // ▄ on default/200, though that would be shorter (`39` against `38;5;200;49`).
        var b = ScreenBuffer(width: 10, height: 1)
        b.put("▃", x: 0, y: 0, style: Style(fg: .palette(100), bg: .palette(200)))
        b.put("▀", x: 1, y: 0, style: Style(fg: .palette(200), bg: .default))
        b.put("█", x: 2, y: 0, style: Style(fg: .default, bg: .palette(200)))
        b.put(" ", x: 3, y: 0, style: Style(fg: .palette(200), bg: .default))
        var encoder = ScreenEncoder(colorParameters: ScreenEncoder.standardParameters)
        let bytes = encode([b], encoder: &encoder)[0]
        #expect(text(bytes) == "\u{1B}[1;1H\u{1B}[0;38;5;100;48;5;200m▃\u{1B}[38;5;200;49m▀\u{1B}[39m█ ")
        #expect(lookDifferences(b, bytes).isEmpty)
    }

    @Test func aOneColourCellIsASpaceOrAFullBlockWhicheverThePenHas() {
        var b = ScreenBuffer(width: 10, height: 1)
        b.put("▀", x: 0, y: 0, style: Style(fg: .palette(100), bg: .palette(200)))
        b.put("█", x: 1, y: 0, style: Style(fg: .palette(200)))
        b.put(" ", x: 2, y: 0, style: Style(bg: .palette(100)))
        b.put("▄", x: 3, y: 0, style: Style(fg: .palette(200), bg: .palette(200)))
        var encoder = ScreenEncoder(colorParameters: ScreenEncoder.standardParameters)
        let bytes = encode([b], encoder: &encoder)[0]
        #expect(text(bytes) == "\u{1B}[1;1H\u{1B}[0;38;5;100;48;5;200m▀ █ ")
        #expect(lookDifferences(b, bytes).isEmpty)
    }

    @Test func attributesKeepTheGlyph() {
        var b = ScreenBuffer(width: 10, height: 1)
        b.put("▀", x: 0, y: 0, style: Style(fg: .palette(100), bg: .palette(200)))
        // Underlined, both colours show whatever the glyph, and the line is under ▀ only.
        b.put("▀", x: 1, y: 0, style: Style(fg: .palette(200), bg: .palette(100), attributes: .underline))
        var encoder = ScreenEncoder(colorParameters: ScreenEncoder.standardParameters)
        #expect(text(encode([b], encoder: &encoder)[0])
            == "\u{1B}[1;1H\u{1B}[0;38;5;100;48;5;200m▀\u{1B}[0;4;38;5;200;48;5;100m▀")
    }

    @Test func aJumpAlongTheRowIsACursorForward() {
        var b = ScreenBuffer(width: 20, height: 2)
        b.text("a", x: 0, y: 0)
        b.text("b", x: 2, y: 0)
        b.text("c", x: 9, y: 0)
        b.text("d", x: 1, y: 1)
        var encoder = ScreenEncoder(colorParameters: ScreenEncoder.standardParameters)
        let bytes = encode([b], encoder: &encoder)[0]
        #expect(text(bytes) == "\u{1B}[1;1H\u{1B}[0ma\u{1B}[Cb\u{1B}[6Cc\u{1B}[2;2Hd")
        #expect(lookDifferences(b, bytes).isEmpty)
        var cupOnly = ScreenEncoder(canMoveRight: false, colorParameters: ScreenEncoder.standardParameters)
        #expect(text(encode([b], encoder: &cupOnly)[0]) == "\u{1B}[1;1H\u{1B}[0ma\u{1B}[1;3Hb\u{1B}[1;10Hc\u{1B}[2;2Hd")
    }

    /// What the curses path sent for a walk: a cursor move per row of changed cells and a
    /// foreground and background SGR per cell whose colours differ from the cell before.
    func cursesLikeBytes(_ changes: [CellChange]) -> Int {
        var n = 0
        var last: (x: Int, y: Int, style: Style)?
        for c in changes {
            if last == nil || last!.y != c.y || last!.x + 1 != c.x { n += 8 }
            if last?.style != c.cell.style {
                n += ANSI.colorParameter(c.cell.style.fg, foreground: true).map { $0.utf8.count + 3 } ?? 5
                n += ANSI.colorParameter(c.cell.style.bg, foreground: false).map { $0.utf8.count + 3 } ?? 5
            }
            n += c.cell.grapheme.utf8.count
            last = (c.x, c.y, c.cell.style)
        }
        return n
    }

    @Test func aWalkCostsFewerBytesThanSGRPerStyleChange() {
        var encoder = ScreenEncoder(colorParameters: ScreenEncoder.standardParameters)
        var shown: ScreenBuffer?
        var ours = 0
        var theirs = 0
        for k in 0..<30 {
            var b = ScreenBuffer(width: 80, height: 24)
            drawSprite(into: &b, x: 10 + k, y: 8, frame: k)
            let changes = b.changes(from: shown)
            var bytes: [UInt8] = []
            encoder.encode(changes, width: 80, into: &bytes)
            if k > 0 {
                ours += bytes.count
                theirs += cursesLikeBytes(changes)
            }
            shown = b
        }
        #expect(Double(ours) < 0.8 * Double(theirs), "\(ours) vs \(theirs)")
    }
}

@Suite struct ScreenBufferDiffTests {
    func fullChanges(_ new: ScreenBuffer, _ old: ScreenBuffer) -> [CellChange] {
        var out: [CellChange] = []
        for y in 0..<new.height {
            for x in 0..<new.width {
                let c = new[x, y]
                if c.isContinuation { continue }
                if old[x, y] != c || (c.width == 2 && old[x + 1, y] != new[x + 1, y]) {
                    out.append(CellChange(x: x, y: y, cell: c))
                }
            }
        }
        return out
    }

    @Test func theDiffInsideTheTouchedAreasIsTheFullDiff() {
        var r = TestRandom(state: 5)
        var old = ScreenBuffer(width: 30, height: 10)
        for _ in 0..<200 {
            var b = ScreenBuffer(width: 30, height: 10)
            for _ in 0..<r.next(4) {
                let g: [Character] = ["a", "中", "▀", " ", "✉"]
                b.text(String(g[r.next(g.count)]), x: r.next(32) - 1, y: r.next(10), style: Style(fg: .palette(UInt8(r.next(4)))))
            }
            #expect(b.changes(from: old) == fullChanges(b, old))
            old = b
        }
    }

    @Test func touchedHoldsEveryWriteAndNothingElse() {
        var b = ScreenBuffer(width: 20, height: 10)
        #expect(b.touched.isEmpty)
        b.put("x", x: 5, y: 3, style: .plain)
        b.put("y", x: 9, y: 6, style: .plain)
        #expect(b.touched == Rect(x: 4, y: 3, width: 7, height: 4))
        // Equality is about cells, not how they got there.
        var c = ScreenBuffer(width: 20, height: 10)
        c.put(" ", x: 0, y: 0, style: .plain)
        #expect(c == ScreenBuffer(width: 20, height: 10))
        #expect(c.touched != ScreenBuffer(width: 20, height: 10).touched)
    }

    @Test func aMovedSpriteIsDiffedOnlyWhereItWasAndIs() {
        var a = ScreenBuffer(width: 200, height: 50)
        drawSprite(into: &a, x: 10, y: 30, frame: 0)
        var b = ScreenBuffer(width: 200, height: 50)
        drawSprite(into: &b, x: 11, y: 30, frame: 1)
        let changes = b.changes(from: a)
        #expect(changes == fullChanges(b, a))
        #expect(changes.allSatisfy { (10...47).contains($0.x) && (30..<46).contains($0.y) })
        // Another background: everything is compared.
        let c = ScreenBuffer(width: 200, height: 50, fill: Cell("."))
        #expect(c.changes(from: a).count == 200 * 50)
    }
}
