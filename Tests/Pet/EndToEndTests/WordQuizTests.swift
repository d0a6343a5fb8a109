import Foundation
import ScreenCore
import TerminalHarness
import Testing

/// The word book and its quiz through the real programs (issue 15, item 2): a word looked up
/// with `tachikoma translate` goes into the book in a fresh XDG data folder; the pet, left
/// idle for a second (`quiz_after_idle = 1`), holds up a card; a click on a choice answers
/// it, and the book read back with `tachikoma words --export` has the word rescheduled.
@Suite(.serialized) struct WordQuizTests {
    let pet = Products.path("tachikoma")

    struct Home {
        let dir: String
        var environment: [String: String] {
            ["XDG_CONFIG_HOME": dir + "/config", "XDG_DATA_HOME": dir + "/data", "HOME": dir,
             "TACHIKOMA_DICT": TranslateDialogTests.dictionary]
        }
        var book: String { dir + "/data/tachikoma/words.sqlite" }
        var config: String { dir + "/config/tachikoma/config.toml" }
    }

    func home(config: String = "quiz_after_idle = 1\n") throws -> Home {
        let h = Home(dir: NSTemporaryDirectory() + "tk-quiz-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: h.dir + "/config/tachikoma", withIntermediateDirectories: true)
        try config.write(toFile: h.config, atomically: true, encoding: .utf8)
        return h
    }

    /// Runs `tachikoma ARGS` in the home's environment.
    func run(_ h: Home, _ args: [String]) throws -> Spawn.Result {
        try Spawn.run([pet] + args, environment: ProcessInfo.processInfo.environment.merging(h.environment) { $1 })
    }

    /// The book's CSV row of `word`, through `tachikoma words --export`.
    func row(_ h: Home, _ word: String) throws -> [String] {
        let csv = h.dir + "/book.csv"
        let r = try run(h, ["words", "--export", csv])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        let line = try #require(text.components(separatedBy: "\r\n").first { $0.hasPrefix(word + ",") })
        // The fields this test reads come before and after the quoted entry: split from both ends.
        let head = line.split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        let tail = line.split(separator: ",", omittingEmptySubsequences: false).suffix(7).map(String.init)
        return Array(head.prefix(3)) + tail
    }

    func startPet(_ h: Home) throws -> TmuxSession {
        try TmuxSession(command: [pet, "--config", h.config, "--seed", "3"], width: 100, height: 30, environment: h.environment)
    }

    /// The rows of the card's choices: (number, sense, column, row).
    static func choices(_ t: TmuxSession) -> [(n: Int, sense: String, x: Int, y: Int)] {
        var found: [(Int, String, Int, Int)] = []
        for (y, line) in t.lines().enumerated() {
            for n in 1...3 {
                guard let r = line.range(of: "│ \(n)  ") else { continue }
                let rest = line[r.upperBound...].prefix { $0 != "│" }.trimmingCharacters(in: .whitespaces)
                found.append((n, rest, DisplayWidth.of(String(line[..<r.upperBound])), y))
            }
        }
        return found
    }

    @Test func aCardAnsweredRightByMouseMakesTheWordComeBackLater() throws {
        let h = try home()
        defer { try? FileManager.default.removeItem(atPath: h.dir) }
        let lookup = try run(h, ["translate", "apple"])
        #expect(lookup.status == 0, "\(lookup.stderr)")
        let before = try row(h, "apple")
        #expect(before[0] == "apple" && before[1] == "n.")
        let sense = before[2]
        #expect(before.suffix(3) == ["0", "0", "2.50"])  // interval, repetitions, EF of a new word

        let t = try startPet(h)
        defer { t.close() }
        try t.waitFor("apple (n.) ?", timeout: 20)
        let choices = Self.choices(t)
        #expect(choices.count == 3, "\(t.capture())")
        let right = try #require(choices.first { $0.sense == sense }, "no choice \(sense) in:\n\(t.capture())")
        #expect(choices.filter { $0.sense == sense }.count == 1)
        t.click(.left, x: right.x + 1, y: right.y)
        let after = try t.waitUntil("the card gone") { !$0.contains("apple (n.) ?") }
        #expect(!after.contains("✗"))
        #expect(t.isRunning)
        // SM-2 after a right answer (grade 4): one day, one repetition, EF unchanged.
        let book = try row(h, "apple")
        #expect(book.suffix(3) == ["1", "1", "2.50"], "\(book)")
        #expect(book[book.count - 4] != before[before.count - 4], "the due date moved")
    }

    @Test func aWrongChoiceShowsTheEntry() throws {
        let h = try home()
        defer { try? FileManager.default.removeItem(atPath: h.dir) }
        #expect(try run(h, ["translate", "apple"]).status == 0)
        let sense = try row(h, "apple")[2]
        let t = try startPet(h)
        defer { t.close() }
        try t.waitFor("apple (n.) ?", timeout: 20)
        let wrong = try #require(Self.choices(t).first { $0.sense != sense })
        t.click(.left, x: wrong.x + 1, y: wrong.y)
        let shown = try t.waitFor("✗ apple")
        #expect(shown.contains(sense))
        #expect(!shown.contains("apple (n.) ?"))
        // SM-2 after a wrong answer (grade 1): back to one day, no repetitions, EF 2.5 − 0.54.
        #expect(try row(h, "apple").suffix(3) == ["1", "0", "1.96"])
    }

    @Test func keysAnswerTooAndEscapeDismissesWithoutPenalty() throws {
        let h = try home()
        defer { try? FileManager.default.removeItem(atPath: h.dir) }
        #expect(try run(h, ["translate", "apple"]).status == 0)
        let t = try startPet(h)
        defer { t.close() }
        try t.waitFor("apple (n.) ?", timeout: 20)
        t.press("Escape")
        try t.waitUntil("the card gone") { !$0.contains("apple (n.) ?") }
        #expect(try row(h, "apple").suffix(3) == ["0", "0", "2.50"])
        // Idle again: the card comes back; the key of the right choice answers it.
        try t.waitFor("apple (n.) ?", timeout: 20)
        let sense = try row(h, "apple")[2]
        let right = try #require(Self.choices(t).first { $0.sense == sense })
        t.type(String(right.n))
        try t.waitUntil("the card gone") { !$0.contains("apple (n.) ?") }
        try t.waitUntil("the book updated") { _ in (try? row(h, "apple").suffix(3)) == ["1", "1", "2.50"] }
    }

    @Test func aBookThatIsNotSQLiteIsReportedAndThePetKeepsRunning() throws {
        let h = try home()
        defer { try? FileManager.default.removeItem(atPath: h.dir) }
        try FileManager.default.createDirectory(atPath: h.dir + "/data/tachikoma", withIntermediateDirectories: true)
        let junk = Data("my shopping list: apples, pears\n".utf8)
        try junk.write(to: URL(fileURLWithPath: h.book))
        let t = try startPet(h)
        defer { t.close() }
        try t.waitFor("Word book unusable", timeout: 15)
        try t.waitFor("not a database")
        #expect(t.isRunning)
        Thread.sleep(forTimeInterval: 2)
        #expect(!t.capture().contains("1/2/3 or click"), "no quiz card")
        #expect(t.isRunning)
        // A lookup still translates; the book is not touched.
        let lookup = try run(h, ["translate", "apple"])
        #expect(lookup.status == 0)
        #expect(lookup.stdout.contains("苹果"))
        #expect(lookup.stderr.contains("not kept in the word book"))
        #expect(FileManager.default.contents(atPath: h.book) == junk)
    }

    @Test func aDataFolderThatCannotBeWrittenStillTranslates() throws {
        var env = ProcessInfo.processInfo.environment
        env["XDG_DATA_HOME"] = "/proc/tk-no-such-dir"
        env["TACHIKOMA_DICT"] = TranslateDialogTests.dictionary
        let r = try Spawn.run([pet, "translate", "apple"], environment: env)
        #expect(r.status == 0)
        #expect(r.stdout.contains("苹果"))
        #expect(r.stderr.contains("not kept in the word book: word book /proc/tk-no-such-dir/tachikoma/words.sqlite: cannot create the folder"),
                "\(r.stderr)")
    }

    @Test func aDialogLookupWithAnUnwritableDataFolderIsReportedAndThePetKeepsRunning() throws {
        let h = try home()
        defer { try? FileManager.default.removeItem(atPath: h.dir) }
        var environment = h.environment
        environment["XDG_DATA_HOME"] = "/proc/tk-no-such-dir"  // not even root can create it
        let t = try TmuxSession(command: [pet, "--config", h.config], width: 100, height: 30, environment: environment)
        defer { t.close() }
        try t.waitUntil("the pet", timeout: TmuxSession.startTimeout) { TranslateDialogTests.petVisible($0) }
        t.type("t")
        try t.waitFor("dictionary: ECDICT")
        t.type("apple")
        t.press("Enter")
        try t.waitFor("苹果")
        try t.waitFor("Word book unusable")
        #expect(t.capture().contains("cannot create the folder") || t.capture().contains("/proc/tk-no-such-dir"))
        // The dialog still works.
        t.press("BSpace")
        t.type("keep")
        t.press("Enter")
        try t.waitFor("保持")
        #expect(t.isRunning)
    }
}
