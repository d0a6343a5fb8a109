import ScreenCore
import ServerStatus
import Testing

@Suite struct RingGaugeTests {
    func count(_ a: [Bool]) -> Int { a.filter { $0 }.count }

    @Test func emptyAtZeroWithTheOutlineShown() {
        let (ring, filled) = RingGauge(fraction: 0).dots(columns: 20, rows: 10)
        #expect(count(filled) == 0)
        #expect(count(ring) > 100)
        #expect(RingGauge(fraction: 0).label == "0%")
    }

    @Test func halfFillsTheRightHalf() {
        let columns = 20, rows = 10, w = columns * 2
        let full = RingGauge(fraction: 1).dots(columns: columns, rows: rows).filled
        let (_, half) = RingGauge(fraction: 0.5).dots(columns: columns, rows: rows)
        for (i, on) in half.enumerated() where on { #expect(i % w >= w / 2) }
        let ratio = Double(count(half)) / Double(count(full))
        #expect(ratio > 0.45 && ratio < 0.55)
    }

    @Test func aQuarterIsTheTopRightQuadrant() {
        let columns = 16, rows = 8, w = columns * 2, h = rows * 4
        let (_, filled) = RingGauge(fraction: 0.25).dots(columns: columns, rows: rows)
        #expect(count(filled) > 0)
        for (i, on) in filled.enumerated() where on {
            #expect(i % w >= w / 2 && i / w < h / 2)
        }
    }

    @Test func fullAndOverFullFillTheWholeRing() {
        let one = RingGauge(fraction: 1).dots(columns: 20, rows: 10)
        #expect(one.filled == one.ring)
        let over = RingGauge(fraction: 1.8).dots(columns: 20, rows: 10)
        #expect(over.filled == one.ring)
        #expect(RingGauge(fraction: 1.8).label == "180%")
        #expect(RingGauge.Level(1.8) == .high)
    }

    @Test func theRingIsARing() {
        let columns = 24, rows = 12, w = columns * 2, h = rows * 4
        let (ring, _) = RingGauge(fraction: 1).dots(columns: columns, rows: rows)
        for j in 0..<h {
            for i in 0..<w {
                #expect(ring[j * w + i] == ring[j * w + (w - 1 - i)])
                #expect(ring[j * w + i] == ring[(h - 1 - j) * w + i])
            }
        }
        #expect(!ring[(h / 2) * w + w / 2])  // the centre is empty
        #expect(ring[(h / 2) * w + 1])  // the left edge is on it
        #expect(ring[1 * w + w / 2])  // the top too
    }

    @Test(arguments: [(0.0, RingGauge.Level.low), (0.49, .low), (0.5, .medium), (0.79, .medium), (0.8, .high), (3, .high)])
    func levels(fraction: Double, level: RingGauge.Level) {
        #expect(RingGauge.Level(fraction) == level)
    }

    @Test func labels() {
        #expect(RingGauge(fraction: nil).label == "—")
        #expect(RingGauge(fraction: .nan).label == "—")
        #expect(RingGauge(fraction: 0.004).label == "<1%")
        #expect(RingGauge(fraction: 0.5).label == "50%")
        #expect(RingGauge(fraction: -1).label == "0%")
        #expect(RingGauge.Level(nil) == .unknown)
    }

    @Test func drawsInColourByLevelWithTheLabelInTheMiddle() {
        var buffer = ScreenBuffer(width: 20, height: 10)
        RingGauge(fraction: 0.9, caption: "CPU").draw(into: &buffer, area: buffer.bounds)
        let lines = buffer.plainText().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[4].contains("90%"))
        #expect(lines[5].contains("CPU"))
        #expect(buffer[10, 0].style.fg == .palette(1))  // the top, filled, red
        #expect(buffer.cells.contains { $0.style == RingGauge.trackStyle && $0.grapheme != " " })  // the unfilled 10 %
    }

    @Test func golden25Percent() {
        var buffer = ScreenBuffer(width: 16, height: 8)
        RingGauge(fraction: 0.25, caption: "CPU").draw(into: &buffer, area: buffer.bounds)
        #expect(buffer.plainText() == Self.quarter)
    }

    @Test func tooSmallAreasDrawNothingAndNeverCrash() {
        for (w, h) in [(0, 0), (1, 1), (3, 1), (2, 5), (4, 2)] {
            var buffer = ScreenBuffer(width: w, height: h)
            RingGauge(fraction: 0.5).draw(into: &buffer, area: buffer.bounds)
            var outside = ScreenBuffer(width: 5, height: 5)
            RingGauge(fraction: 0.5).draw(into: &outside, area: Rect(x: 3, y: 3, width: 20, height: 20))
        }
    }

    /// The top-right quarter solid, the rest an outline: a ring at a glance.
    static let quarter = """
           ⣠⠔⠒⠉⠉⣿⣿⣶⣦⣄
         ⣠⠊ ⣀⠤⠒⠒⠛⠛⠿⣿⣿⣷⣄
        ⢰⠁ ⡜⠁      ⠈⢻⣿⣿⡆
        ⡇ ⢸   25%    ⣿⣿⣿
        ⡇ ⢸   CPU    ⡇ ⢸
        ⠸⡀ ⢣⡀      ⢀⡜ ⢀⠇
         ⠙⢄ ⠉⠒⠤⠤⠤⠤⠒⠉ ⡠⠋
           ⠙⠢⠤⣀⣀⣀⣀⠤⠔⠋
        """
}
