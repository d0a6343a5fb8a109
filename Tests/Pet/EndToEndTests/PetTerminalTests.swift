import Foundation
import ScreenCore
import TerminalHarness
import Testing

/// The pet in a real terminal (tmux), driven as a person would drive it.
@Suite(.serialized) struct PetTerminalTests {
    let pet = Products.path("tachikoma")

    /// A unique config path marks our process for pgrep and keeps the user's config out.
    func freshConfig(_ text: String = "") throws -> String {
        let dir = NSTemporaryDirectory() + "tk-e2e-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/config.toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Columns of the bottom rows that are not blank: where the pet stands.
    func petColumns(_ screen: String, rows: Int = 3) -> ClosedRange<Int>? {
        let lines = screen.components(separatedBy: "\n").filter { _ in true }
        let bottom = lines.suffix(rows + 1)
        var lo = Int.max
        var hi = Int.min
        for line in bottom {
            for (i, ch) in line.enumerated() where ch != " " {
                lo = min(lo, i)
                hi = max(hi, i)
            }
        }
        return lo <= hi ? lo...hi : nil
    }

    func processID(marker: String) -> Int32? {
        let r = try? Spawn.run(["pgrep", "-f", marker])
        return r?.stdout.split(separator: "\n").compactMap { Int32($0) }.first
    }

    /// The terminal's line discipline is sane again: echo and canonical mode on.
    func expectSaneTerminal(_ t: TmuxSession) throws {
        t.type("stty -a | tr ' ' '\\n' | grep -x -e echo -e icanon | tr '\\n' +; echo")
        t.press("Enter")
        try t.waitUntil("echo and icanon on") { $0.contains("echo+") && $0.contains("icanon+") }
    }

    @Test(arguments: [(80, 24), (200, 50)])
    func petIsVisibleAndMoves(size: (Int, Int)) throws {
        let t = try TmuxSession(command: [pet, "--config", try freshConfig(), "--seed", "7"], width: size.0, height: size.1)
        defer { t.close() }
        let first = try t.waitUntil("the pet on the bottom lines") { petColumns($0) != nil }
        let start = try #require(petColumns(first))
        #expect(start.count >= 6)
        #expect(start.upperBound < size.0)
        // The last line is where its feet are.
        #expect(first.components(separatedBy: "\n").prefix(size.1).last?.contains(where: { $0 != " " }) == true)
        try t.waitUntil("the pet to move", timeout: 20) { screen in
            guard let now = petColumns(screen) else { return false }
            return now.lowerBound != start.lowerBound
        }
    }

    /// While the pet walks, frames go out as only the changed cells with the pen carried
    /// over; the terminal must end up showing exactly what the plain rendering of the last
    /// frame (`ScreenBuffer.ansiText`, one full SGR per style change) shows. The pet is
    /// stopped (SIGSTOP) to look; if it stopped between sending a frame and dumping it,
    /// the two disagree by one frame, so it is resumed and looked at again.
    /// With `COLORTERM=truecolor` the direct-colour terminfo entry is used even though 256
    /// colours are asked for (as `scripts/bench-pet.sh` runs it); curses read the palette
    /// numbers as RGB there and drew the pet in near-black blues.
    @Test(arguments: [(80, 24, false), (200, 50, false), (80, 24, true)])
    func aWalkingPetShowsWhatThePlainRenderingShows(size: (Int, Int, Bool)) throws {
        let config = try freshConfig()
        let dump = (config as NSString).deletingLastPathComponent + "/screen.ans"
        let t = try TmuxSession(command: ["env", "TACHIKOMA_SCREEN_DUMP=\(dump)", pet, "--config", config, "--seed", "3",
                                          "--rest", "0-0", "--mode", "256"], width: size.0, height: size.1,
                                environment: size.2 ? ["COLORTERM": "truecolor"] : [:])
        defer { t.close() }
        let first = try t.waitUntil("the pet", timeout: TmuxSession.startTimeout) { petColumns($0) != nil }
        let start = try #require(petColumns(first))
        // The pet itself, not the tmux server whose command line also names the config.
        let pid = try #require(processID(marker: "^\(pet) --config \(config)"))
        Thread.sleep(forTimeInterval: 2.5)
        var differences: [String] = ["never compared"]
        var moved = false
        for _ in 0..<6 {
            kill(pid, SIGSTOP)
            Thread.sleep(forTimeInterval: 0.3)
            let colored = t.capture(colors: true)
            let shown = ANSIScreen.parse(colored, width: size.0, height: size.1)
            let plain = ANSIScreen.parse((try? String(contentsOfFile: dump, encoding: .utf8)) ?? "", width: size.0, height: size.1)
            differences = ANSIScreen.differences(plain, shown)
            moved = moved || petColumns(t.capture()).map { $0 != start } ?? false
            kill(pid, SIGCONT)
            if differences.isEmpty && moved { break }
            Thread.sleep(forTimeInterval: 0.5)
        }
        #expect(moved, "the pet never walked")
        #expect(differences.isEmpty, "\(differences.count) cells differ: \(differences.prefix(8))")
    }

    @Test func colourFollowsTheTerminal() throws {
        // tmux-256color: 256-colour art, no RGB.
        let plain = try TmuxSession(command: [pet, "--config", try freshConfig()], width: 80, height: 24)
        defer { plain.close() }
        try plain.waitUntil("the pet", timeout: TmuxSession.startTimeout) { petColumns($0) != nil }
        let c256 = plain.capture(colors: true)
        #expect(c256.contains("38;5;"))
        #expect(!c256.contains("38;2;"))
        // COLORTERM=truecolor: the direct-colour terminfo entry is used and RGB is sent.
        let direct = try TmuxSession(command: [pet, "--config", try freshConfig()], width: 80, height: 24,
                                     environment: ["COLORTERM": "truecolor"])
        defer { direct.close() }
        try direct.waitUntil("the pet", timeout: TmuxSession.startTimeout) { petColumns($0) != nil }
        #expect(direct.capture(colors: true).contains("38;2;"))
        // NO_COLOR: the ASCII frames, no colour at all.
        let mono = try TmuxSession(command: ["env", "NO_COLOR=1", pet, "--config", try freshConfig()], width: 80, height: 24)
        defer { mono.close() }
        try mono.waitUntil("the pet", timeout: TmuxSession.startTimeout) { petColumns($0) != nil }
        let m = mono.capture(colors: true)
        #expect(!m.contains("38;5;") && !m.contains("38;2;"))
        #expect(mono.capture().unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func rightClickOpensTheMenuAtThePointerAndEscapeClosesIt() throws {
        let t = try TmuxSession(command: [pet, "--config", try freshConfig()], width: 80, height: 24)
        defer { t.close() }
        try t.waitUntil("the pet", timeout: TmuxSession.startTimeout) { petColumns($0) != nil }
        t.click(.right, x: 10, y: 4)
        // Wait for the whole menu (curses may be caught half way through a frame).
        let screen = try t.waitUntil("the whole menu") { $0.contains("Quit") && $0.contains("╰") }
        let lines = screen.components(separatedBy: "\n")
        #expect(Array(lines[4]).count > 10 && Array(lines[4])[10] == "╭")
        #expect(lines[5].contains("Chat"))
        for item in ["Translate", "Screenshot", "Skin", "About", "Quit"] { #expect(screen.contains(item)) }
        t.press("Escape")
        try t.waitUntil("the menu to close") { !$0.contains("Screenshot") }
    }

    @Test func menuNearTheCornerIsClampedInsideTheScreen() throws {
        let t = try TmuxSession(command: [pet, "--config", try freshConfig()], width: 80, height: 24)
        defer { t.close() }
        try t.waitUntil("the pet", timeout: TmuxSession.startTimeout) { petColumns($0) != nil }
        t.click(.right, x: 79, y: 23)
        let screen = try t.waitFor("Quit")
        let lines = screen.components(separatedBy: "\n")
        // The bottom border sits on the last row and the right border in the last column.
        #expect(lines[23].hasSuffix("╯"))
        #expect(Array(lines[23]).count == 80)
    }

    @Test func keyboardMenuChoosesAboutAndShowsAToast() throws {
        let t = try TmuxSession(command: [pet, "--config", try freshConfig()], width: 80, height: 24)
        defer { t.close() }
        try t.waitUntil("the pet", timeout: TmuxSession.startTimeout) { petColumns($0) != nil }
        t.type("m")
        try t.waitFor("Quit")
        t.type("k")  // wraps from Chat up to Quit
        t.type("k")  // About
        t.press("Enter")
        try t.waitFor("a terminal pet")
        #expect(!t.capture().contains("Screenshot"))
    }

    @Test func hoverHighlightsAndClickSelects() throws {
        let t = try TmuxSession(command: [pet, "--config", try freshConfig()], width: 80, height: 24)
        defer { t.close() }
        try t.waitUntil("the pet", timeout: TmuxSession.startTimeout) { petColumns($0) != nil }
        t.click(.right, x: 5, y: 2)
        try t.waitFor("Quit")
        // Motion over "About" (row 2 + 1 + 6) highlights it: reverse colours in the capture.
        t.type("\u{1B}[<35;8;10M")
        try t.waitUntil("About highlighted") { _ in
            let row = t.capture(colors: true).components(separatedBy: "\n")[9]
            return row.contains("48;5;110m About")
        }
        t.click(.left, x: 8, y: 9)
        try t.waitFor("a terminal pet")
    }

    @Test func quitRestoresTheShellScreen() throws {
        let t = try TmuxSession(command: [pet, "--config", try freshConfig()], width: 80, height: 24, shell: true)
        defer { t.close() }
        try t.waitUntil("the pet", timeout: TmuxSession.startTimeout) { petColumns($0) != nil && !$0.contains(TmuxSession.prompt + " ") }
        t.type("q")
        let screen = try t.waitForPrompt()
        #expect(screen.contains("tachikoma"))  // the command line typed before, back on screen
        try expectSaneTerminal(t)
    }

    @Test func ctrlCQuitsWithSuccess() throws {
        let t = try TmuxSession(command: [pet, "--config", try freshConfig()], width: 80, height: 24, shell: true)
        defer { t.close() }
        try t.waitUntil("the pet", timeout: TmuxSession.startTimeout) { petColumns($0) != nil && !$0.contains(TmuxSession.prompt + " ") }
        t.press("C-c")
        try t.waitForPrompt()
        t.type("echo status=$?")
        t.press("Enter")
        try t.waitFor("status=0")
    }

    @Test(arguments: ["TERM", "HUP", "SEGV"])
    func signalsRestoreTheTerminal(signal: String) throws {
        let config = try freshConfig()
        let t = try TmuxSession(command: [pet, "--config", config], width: 80, height: 24, shell: true)
        defer { t.close() }
        try t.waitUntil("the pet", timeout: TmuxSession.startTimeout) { petColumns($0) != nil && !$0.contains(TmuxSession.prompt + " ") }
        // The pet itself, not the tmux server whose command line also names the config.
        let pid = try #require(processID(marker: "^\(pet) --config \(config)"))
        kill(pid, signal == "TERM" ? SIGTERM : signal == "HUP" ? SIGHUP : SIGSEGV)
        try t.waitForPrompt()
        try expectSaneTerminal(t)
        // Mouse reporting is off again: a click reaches the shell as nothing harmful.
        #expect(!t.capture().contains("[<"))
    }

    @Test func ctrlZSuspendsAndFgRedraws() throws {
        let config = try freshConfig()
        let t = try TmuxSession(command: [pet, "--config", config], width: 80, height: 24, shell: true)
        defer { t.close() }
        try t.waitUntil("the pet", timeout: TmuxSession.startTimeout) { petColumns($0) != nil && !$0.contains(TmuxSession.prompt + " ") }
        t.press("C-z")
        try t.waitFor("Stopped")
        try expectSaneTerminal(t)
        t.type("fg")
        t.press("Enter")
        try t.waitUntil("the pet back, full screen") { petColumns($0) != nil && !$0.contains("Stopped") }
        t.type("q")
        try t.waitForPrompt()
    }

    @Test func resizeKeepsThePetOnScreenAndTinyPanesShowANotice() throws {
        let t = try TmuxSession(command: [pet, "--config", try freshConfig()], width: 200, height: 50)
        defer { t.close() }
        try t.waitUntil("the pet", timeout: TmuxSession.startTimeout) { petColumns($0) != nil }
        // Walk it to the far right with the keyboard, then shrink the pane.
        for _ in 0..<60 { t.press("Right") }
        try t.waitUntil("the pet at the right edge") { (petColumns($0)?.upperBound ?? 0) > 150 }
        t.resize(width: 60, height: 20)
        try t.waitUntil("the pet inside 60 columns") { screen in
            guard let cols = petColumns(screen) else { return false }
            return cols.upperBound < 60 && screen.components(separatedBy: "\n").count >= 20
        }
        t.resize(width: 6, height: 3)
        try t.waitFor("needs")
        t.resize(width: 80, height: 24)
        try t.waitUntil("the pet again") { petColumns($0) != nil && !$0.contains("needs") }
        #expect(t.isRunning)
    }
}
