import Foundation
import TerminalHarness
import Testing
import WordBook
import WordBookSQLite

/// `tachikoma words` run as a user runs it, over a book written through the store.
@Suite struct WordsCommandTests {
    let tachikoma = Products.path("tachikoma")

    func book() throws -> (dir: String, path: String) {
        let dir = try WordBookStoreTests.tempDir()
        let path = dir + "/words.sqlite"
        let store = try WordBookStore(path: path)
        try store.recordLookup(word: "apple", partOfSpeech: "n.", sense: "苹果", entry: "n. 苹果, 家伙", at: 1_764_979_200)
        try store.recordLookup(word: "say \"cheese\", please", partOfSpeech: "", sense: "笑一笑", entry: "说“茄子”", at: 1_764_979_200)
        try store.review(word: "apple", grade: 4, at: 1_764_979_200)
        return (dir, path)
    }

    @Test func theListingShowsEveryWordWithItsDueDateSoonestFirst() throws {
        let dir = try WordBookStoreTests.tempDir()
        let path = dir + "/words.sqlite"
        let store = try WordBookStore(path: path)
        // Looked up in 2100 and answered right at once: due a day later (SM-2's first interval).
        try store.recordLookup(word: "apple", partOfSpeech: "n.", sense: "苹果", entry: "n. 苹果, 家伙", at: 4_102_444_800)
        try store.review(word: "apple", grade: 4, at: 4_102_444_800)
        // Looked up in 2025 and never quizzed: due now.
        try store.recordLookup(word: "say \"cheese\", please", partOfSpeech: "", sense: "笑一笑", entry: "说“茄子”", at: 1_764_979_200)
        let r = try Spawn.run([tachikoma, "words", "--book", path], environment: ["TZ": "UTC"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("WORD") && lines[0].contains("DUE") && lines[0].contains("SENSE"))
        #expect(lines[1].hasPrefix("say \"cheese\", please") && lines[1].contains(" now ") && lines[1].hasSuffix("笑一笑"),
                "\(r.stdout)")
        #expect(lines[2].hasPrefix("apple") && lines[2].contains("2100-01-02 00:00") && lines[2].contains(" 1d "), "\(r.stdout)")
        #expect(lines[2].hasSuffix("n. 苹果"))
    }

    @Test func exportWritesRFC4180CSV() throws {
        let (dir, path) = try book()
        let csv = dir + "/book.csv"
        let r = try Spawn.run([tachikoma, "words", "--book", path, "--export", csv])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2 words written to \(csv)"))
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(text == "word,part_of_speech,sense,entry,added,last_looked_up,lookups,due,interval_days,repetitions,easiness\r\n"
                + "\"say \"\"cheese\"\", please\",,笑一笑,说“茄子”,2025-12-06T00:00:00Z,2025-12-06T00:00:00Z,1,2025-12-06T00:00:00Z,0,0,2.50\r\n"
                + "apple,n.,苹果,\"n. 苹果, 家伙\",2025-12-06T00:00:00Z,2025-12-06T00:00:00Z,1,2025-12-07T00:00:00Z,1,1,2.50\r\n")
    }

    @Test func aMissingBookIsEmptyAndIsNotCreated() throws {
        let dir = try WordBookStoreTests.tempDir()
        let r = try Spawn.run([tachikoma, "words"], environment: ["XDG_DATA_HOME": dir, "HOME": dir])
        #expect(r.status == 0)
        #expect(r.stdout.contains("The word book is empty"))
        #expect(r.stdout.contains(dir + "/tachikoma/words.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/tachikoma/words.sqlite"))
    }

    @Test func aBookThatIsNotSQLiteIsAClearErrorAndIsLeftAlone() throws {
        let dir = try WordBookStoreTests.tempDir()
        let path = dir + "/words.sqlite"
        let junk = Data("apple,苹果\nkeep,保持\n".utf8)
        try junk.write(to: URL(fileURLWithPath: path))
        let r = try Spawn.run([tachikoma, "words", "--book", path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("tachikoma words: word book \(path): file is not a database"), "\(r.stderr)")
        #expect(FileManager.default.contents(atPath: path) == junk)
    }
}
