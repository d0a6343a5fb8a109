import Foundation
import Screenshot
import ScreenshotFiles
import ScreenCore
import TerminalHarness
import Testing

/// The Screenshot tool in a real terminal: what it saves is what tmux shows.
@Suite(.serialized) struct ScreenshotTerminalTests {
    let pet = Products.path("tachikoma")

    /// The fg colour of the first full or upper-half block in a `capture-pane -e` screen,
    /// with its cell position. Understands the SGR forms tmux writes.
    func firstBlock(in colored: String) -> (x: Int, y: Int, glyph: Character, color: RGB)? {
        for (y, line) in colored.components(separatedBy: "\n").enumerated() {
            var fg: RGB? = nil
            var x = 0
            var chars = Array(line)
            var i = 0
            while i < chars.count {
                if chars[i] == "\u{1B}", i + 1 < chars.count, chars[i + 1] == "[" {
                    var j = i + 2
                    while j < chars.count, !chars[j].isLetter { j += 1 }
                    let params = String(chars[(i + 2)..<min(j, chars.count)]).split(separator: ";").map { Int($0) ?? 0 }
                    var k = 0
                    while k < params.count {
                        switch params[k] {
                        case 0: fg = nil
                        case 39: fg = nil
                        case 30...37: fg = XtermPalette.rgb(UInt8(params[k] - 30))
                        case 90...97: fg = XtermPalette.rgb(UInt8(params[k] - 90 + 8))
                        case 38 where k + 2 < params.count && params[k + 1] == 5:
                            fg = XtermPalette.rgb(UInt8(params[k + 2]))
                            k += 2
                        case 38 where k + 4 < params.count && params[k + 1] == 2:
                            fg = RGB(UInt8(params[k + 2]), UInt8(params[k + 3]), UInt8(params[k + 4]))
                            k += 4
                        case 48 where k + 1 < params.count:
                            k += params[k + 1] == 5 ? 2 : 4
                        default: break
                        }
                        k += 1
                    }
                    i = j + 1
                    continue
                }
                if (chars[i] == "█" || chars[i] == "▀"), let fg { return (x, y, chars[i], fg) }
                x += DisplayWidth.of(chars[i])
                i += 1
            }
            chars = []
        }
        return nil
    }

    @Test func screenshotMatchesWhatTheTerminalShows() throws {
        let dir = NSTemporaryDirectory() + "tk-shot-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = dir + "/config.toml"
        try "screenshot_dir = \"\(dir)/shots\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        // Quiet mode: the pet holds still, so the screen does not change under the shot.
        let t = try TmuxSession(command: [pet, "--config", config, "--quiet", "--mode", "256"], width: 80, height: 24)
        defer { t.close() }
        try t.waitUntil("the pet", timeout: TmuxSession.startTimeout) { $0.split(separator: "\n").count > 10 }
        Thread.sleep(forTimeInterval: 0.3)
        let colored = t.capture(colors: true)
        t.type("s")
        try t.waitFor("Screenshot saved")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/shots").sorted()
        #expect(Set(files.compactMap { $0.split(separator: ".").last.map(String.init) }) == ["txt", "ans", "svg", "png"])

        // The terminal may show a cell in another form than the buffer holds (▄ on swapped
        // colours for ▀, a space on a colour for █: see ScreenEncoder), so what is compared
        // is what each cell shows: its colour at every pixel for block elements, its glyph
        // and colours for text.
        let ansName = try #require(files.first { $0.hasSuffix(".ans") })
        let ans = try String(contentsOfFile: dir + "/shots/" + ansName, encoding: .utf8)
        let saved = ANSIScreen.parse(ans, width: 80, height: 24)
        let shown = ANSIScreen.parse(colored, width: 80, height: 24)
        let differences = ANSIScreen.differences(saved, shown)
        #expect(differences.isEmpty, "\(differences.count) cells differ: \(differences.prefix(8))")
        #expect(saved.plainText().contains { $0 != " " && $0 != "\n" }, "the screenshot is blank")

        // The plain-text file is the same screen as the ANSI file, without colours.
        let txtName = try #require(files.first { $0.hasSuffix(".txt") })
        let txt = try String(contentsOfFile: dir + "/shots/" + txtName, encoding: .utf8)
        func trimmed(_ s: String) -> String {
            var lines = s.components(separatedBy: "\n")
            while lines.last?.isEmpty == true { lines.removeLast() }
            return lines.joined(separator: "\n")
        }
        #expect(trimmed(txt) == trimmed(saved.plainText()))

        let pngName = try #require(files.first { $0.hasSuffix(".png") })
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/shots/" + pngName)))
        let image = try PNGCodec.decode(bytes)
        #expect(image.width == 80 * 8)
        #expect(image.height == 24 * 16)
        let block = try #require(firstBlock(in: colored), "no block glyph of the pet on screen")
        // The middle of the cell's top half is the glyph's foreground in both ▀ and █.
        let px = image.pixel(x: block.x * 8 + 4, y: block.y * 16 + 4)
        #expect(px == block.color, "cell (\(block.x), \(block.y)) \(block.glyph)")
    }

    @Test func anUnwritableFolderGivesAClearToastAndThePetLivesOn() throws {
        let dir = NSTemporaryDirectory() + "tk-shot-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = dir + "/config.toml"
        try "screenshot_dir = \"/proc/tachikoma-shots\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let t = try TmuxSession(command: [pet, "--config", config], width: 80, height: 24)
        defer { t.close() }
        try t.waitUntil("the pet", timeout: TmuxSession.startTimeout) { $0.split(separator: "\n").count > 10 }
        t.type("s")
        try t.waitFor("not saved")
        #expect(t.isRunning)
    }
}
