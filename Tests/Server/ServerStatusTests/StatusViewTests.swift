import ScreenCore
import ServerStatus
import Testing

@Suite struct StatusViewTests {
    /// A state after two scrapes of a busy server.
    static func busy(cpu: Double = 0.42) -> StatusState {
        var state = StatusState(url: .standard, interval: 1)
        var s = MetricsSnapshot()
        s.connections = 12
        s.registeredUsers = 10
        s.channels = 3
        s.accounts = 1234
        s.messagesReceived = 1000
        s.messagesPersisted = 400
        s.cpuSeconds = 10
        s.residentBytes = 56_832_000
        s.startTime = 1_795_000_000
        s.sampledAt = 1_795_003_725
        state.record(s, now: 0, wallClock: 1_795_003_725)
        s.messagesReceived = 1250
        s.messagesPersisted = 525
        s.cpuSeconds = 10 + cpu
        s.sampledAt = 1_795_003_726
        state.record(s, now: 1, wallClock: 1_795_003_726)
        return state
    }

    func text(_ state: StatusState, _ w: Int, _ h: Int) -> String {
        StatusView.render(state, width: w, height: h).plainText()
    }

    @Test func at80x24EverythingIsThere() {
        let screen = text(Self.busy(), 80, 24)
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 24)
        #expect(lines[0].contains("tachikoma-server status · http://127.0.0.1:9105/metrics"))
        #expect(lines[0].hasSuffix("up 1h 02m"))
        for needle in ["Connections", "12", "Registered users", "Channels", "Accounts", "1,234",
                       "Messages/s received", "250.0", "Persisted/s", "125.0", "Resident memory", "54.2 MiB",
                       "CPU time", "10.4 s", "42%", "CPU", "received/s", "peak 250.0", "q quit"] {
            #expect(screen.contains(needle), "missing \(needle)")
        }
        #expect(lines[23].contains("updated 12:08:46 UTC · every 1.0s"))
        for line in lines { #expect(line.count <= 80) }
        #expect(screen.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })  // the ring's braille
    }

    @Test func theRingGrowsWithTheTerminal() {
        func ringRows(_ w: Int, _ h: Int) -> Int {
            StatusView.render(Self.busy(), width: w, height: h).plainText().split(separator: "\n")
                .filter { $0.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) } }.count
        }
        let small = ringRows(80, 24), large = ringRows(200, 50)
        #expect(small >= 10)
        #expect(large > small)
    }

    @Test func aFailureIsOneLineAndTheFiguresStay() {
        var state = Self.busy()
        state.recordFailure("cannot reach 127.0.0.1:9187: connection refused")
        let buffer = StatusView.render(state, width: 80, height: 24)
        let lines = buffer.plainText().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[23].contains("! cannot reach 127.0.0.1:9187: connection refused — retrying"))
        #expect(buffer.plainText().contains("1,234"))
        #expect(buffer[1, 23].style.fg == .palette(1))
    }

    @Test func aLongFailureIsCutToTheWidth() {
        var state = Self.busy()
        state.recordFailure(String(repeating: "x", count: 300))
        let lines = text(state, 80, 24).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[23].contains("…"))
        #expect(lines[23].hasSuffix("q quit"))
    }

    @Test func beforeTheFirstScrape() {
        let screen = text(StatusState(url: .standard, interval: 1), 80, 24)
        #expect(screen.contains("connecting to 127.0.0.1:9105…"))
        #expect(screen.contains("—"))
    }

    @Test func compactLayoutKeepsTheMostImportantFigures() {
        let screen = text(Self.busy(), 40, 8)
        #expect(screen.contains("Connections"))
        #expect(screen.contains("Messages/s received"))
        #expect(screen.contains("CPU (1 core = 100%)"))
        #expect(screen.contains("42%"))
        #expect(!screen.contains("CPU time"))
    }

    @Test func tinyTerminalsSayTooSmall() {
        #expect(text(Self.busy(), 10, 5).contains("too small"))
        #expect(text(Self.busy(), 30, 4).contains("too small"))
        #expect(text(Self.busy(), 30, 5).contains("need 24×6"))
    }

    @Test func everySizeRendersWithinItsBounds() {
        let state = Self.busy(cpu: 1.7)
        for w in [0, 1, 2, 5, 10, 23, 24, 25, 47, 48, 49, 60, 80, 120, 200, 301] {
            for h in [0, 1, 2, 5, 6, 7, 13, 14, 15, 24, 50, 90] {
                let b = StatusView.render(state, width: w, height: h)
                #expect(b.width == w && b.height == h)
            }
        }
    }

    @Test func overFullCpuIsRedAndSaysSo() {
        let buffer = StatusView.render(Self.busy(cpu: 1.7), width: 80, height: 24)
        #expect(buffer.plainText().contains("170%"))
        #expect(buffer.plainText().contains("1.7 cores"))
        #expect(buffer.cells.contains { $0.style.fg == .palette(1) && $0.grapheme == "⣿" })
    }

    @Test func messagesNotStoredShowInRedOnlyWhenThereAreSome() {
        #expect(!text(Self.busy(), 80, 24).contains("Not stored"))
        var state = Self.busy()
        var s = state.latest!
        s.messagesNotStored = 3
        state.record(s, now: 2, wallClock: 1_795_003_727)
        let buffer = StatusView.render(state, width: 80, height: 24)
        #expect(buffer.plainText().contains("Not stored (!)"))
        #expect(buffer.cells.contains { $0.grapheme == "3" && $0.style.fg == .palette(1) })
        #expect(text(state, 40, 8).contains("Not stored (!)"))
    }

    @Test func theOnceReport() {
        let report = StatusReport.text(Self.busy())
        #expect(report.hasPrefix("tachikoma-server status: http://127.0.0.1:9105/metrics\n"))
        #expect(report.contains("connections:          12\n"))
        #expect(report.contains("messages/s received:  250.0\n"))
        #expect(report.contains("cpu:                  42%\n"))
        #expect(report.contains("uptime:               1h 02m\n"))
    }

    @Test func formats() {
        #expect(Format.count(1_234_567) == "1,234,567")
        #expect(Format.count(nil) == "—")
        #expect(Format.rate(0.04) == "0.0")
        #expect(Format.rate(12.345) == "12.3")
        #expect(Format.rate(.infinity) == "—")
        #expect(Format.bytes(812 * 1024) == "812 KiB")
        #expect(Format.bytes(1.3 * 1024 * 1024 * 1024) == "1.3 GiB")
        #expect(Format.duration(42) == "42s")
        #expect(Format.duration(303) == "5m 03s")
        #expect(Format.duration(3 * 86400 + 4 * 3600) == "3d 04h")
        #expect(Sparkline.render([0, 1, 2, 4, 8], width: 3) == "▃▅█")
        #expect(Sparkline.render([0, 0], width: 5) == "▁▁")
        #expect(Sparkline.render([1, .nan, -3], width: 5) == "█▁▁")
    }
}
