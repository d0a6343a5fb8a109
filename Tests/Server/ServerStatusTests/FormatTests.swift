@testable import ServerStatus
import Testing

/// Figures as the view writes them, hostile values included (another exporter, a broken
/// counter): a dash, never a crash.
@Suite struct FormatTests {
    @Test func ordinaryFigures() {
        #expect(Format.count(1_234_567) == "1,234,567")
        #expect(Format.rate(12.46) == "12.5")
        #expect(Format.bytes(54.2 * 1024 * 1024) == "54.2 MiB")
        #expect(Format.duration(3 * 86400 + 4 * 3600) == "3d 04h")
    }

    @Test(arguments: [Double.infinity, -Double.infinity, Double.nan, 1e300, -1e300, 9.3e18])
    func figuresTooLargeToBeRealAreDashes(_ v: Double) {
        #expect(Format.count(v) == "—")
        #expect(Format.rate(v) == "—")
        #expect(Format.duration(v) == "—")
        #expect(RingGauge(fraction: v).label == "—")
        #expect(StatusView.clock(v) == "--:--:--")
    }
}
