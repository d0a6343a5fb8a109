import Foundation
import GRDB
import TerminalHarness
import Testing
import WordBook
import WordBookSQLite

#if canImport(Glibc)
import Glibc
#endif

/// The word book's file: a real SQLite file in a temporary folder, opened as the pet and
/// the shell commands open it.
@Suite struct WordBookStoreTests {
    static func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "tk-words-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func lookupsAddWordsAndALookupAgainUpdatesTheSameRow() throws {
        let path = try Self.tempDir() + "/words.sqlite"
        let book = try WordBookStore(path: path)
        try book.recordLookup(word: "apple", partOfSpeech: "n.", sense: "苹果", entry: "n. 苹果", at: 1000)
        try book.recordLookup(word: "keep", partOfSpeech: "vt.", sense: "保持", entry: "vt. 保持", at: 1001)
        let again = try book.recordLookup(word: "Apple", partOfSpeech: "n.", sense: "苹果", entry: "n. 苹果, 家伙", at: 2000)
        #expect(again.lookups == 2)
        #expect(again.added == 1000 && again.lastLookedUp == 2000)
        // A second handle on the file (another process would see the same) reads two words.
        let reread = try WordBookStore(path: path, readOnly: true).all()
        #expect(reread.count == 2)
        let apple = try #require(reread.first { $0.word.lowercased() == "apple" })
        #expect(apple.entry == "n. 苹果, 家伙")
        #expect(apple.schedule == SM2.new)
        #expect(apple.due == 1000)  // a new word is due at once
        let rows = try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM word") }
        #expect(rows == 2)
    }

    @Test func anAnswerReschedulesTheWordAndALookupKeepsTheSchedule() throws {
        let path = try Self.tempDir() + "/words.sqlite"
        let book = try WordBookStore(path: path)
        try book.recordLookup(word: "apple", partOfSpeech: "n.", sense: "苹果", entry: "n. 苹果", at: 0)
        let first = try #require(try book.review(word: "apple", grade: 4, at: 100))
        #expect(first.schedule.interval == 1 && first.due == 100 + 86_400)
        let second = try #require(try book.review(word: "APPLE", grade: 4, at: 200))
        #expect(second.schedule.interval == 6 && second.due == 200 + 6 * 86_400)
        try book.recordLookup(word: "apple", partOfSpeech: "n.", sense: "苹果", entry: "n. 苹果", at: 300)
        let kept = try #require(try book.record(for: "apple"))
        #expect(kept.schedule.repetitions == 2 && kept.due == second.due)
        #expect(try book.due(at: 300).isEmpty)
        #expect(try book.due(at: second.due).map(\.word) == ["apple"])
        #expect(try book.review(word: "pear", grade: 4, at: 0) == nil)
    }

    @Test func aFileThatIsNotSQLiteIsRefusedAndLeftAsItIs() throws {
        let path = try Self.tempDir() + "/words.sqlite"
        let bytes = Data("these are my notes, not a database\n".utf8) + Data(repeating: 0x41, count: 5000)
        try bytes.write(to: URL(fileURLWithPath: path))
        for readOnly in [false, true] {
            #expect {
                _ = try WordBookStore(path: path, readOnly: readOnly)
            } throws: { error in
                "\(error)".contains("not a database") && "\(error)".contains(path)
            }
        }
        #expect(FileManager.default.contents(atPath: path) == bytes)
    }

    @Test func aDamagedBookIsReportedNotRepaired() throws {
        let path = try Self.tempDir() + "/words.sqlite"
        do {
            let book = try WordBookStore(path: path)
            for i in 0..<300 {
                try book.recordLookup(word: "w\(i)", partOfSpeech: "n.", sense: "词\(i)", entry: String(repeating: "n. 词 ", count: 20), at: 0)
            }
        }
        var bytes = try #require(FileManager.default.contents(atPath: path))
        // Overwrite pages after the first (the header stays a SQLite header).
        for i in 4096..<min(bytes.count, 4096 * 6) { bytes[i] = 0xA5 }
        try bytes.write(to: URL(fileURLWithPath: path))
        var failed = false
        do {
            let book = try WordBookStore(path: path)
            _ = try book.all()
            failed = try book.integrityCheck() != "ok"
        } catch {
            failed = "\(error)".contains(path)
        }
        #expect(failed)
        #expect(FileManager.default.contents(atPath: path) == bytes)
    }

    @Test func aFolderThatCannotBeWrittenGivesAClearError() throws {
        // /proc refuses new files even to root, as a read-only data folder does.
        #expect {
            _ = try WordBookStore(path: "/proc/tk-words-\(UUID().uuidString.prefix(8)).sqlite")
        } throws: { error in
            "\(error)".contains("unable to open") && "\(error)".contains("/proc/tk-words-")
        }
        guard getuid() != 0 else { return }  // root writes anywhere
        let dir = try Self.tempDir()
        chmod(dir, 0o555)
        defer { chmod(dir, 0o755) }
        #expect(throws: WordBookError.self) { _ = try WordBookStore(path: dir + "/words.sqlite") }
    }

    /// A child process writes lookups as fast as it can, printing each word after its
    /// commit; it is killed with SIGKILL in the middle. The file must be intact and hold
    /// every word the child reported.
    @Test func theBookSurvivesKillNineMidWrite() throws {
        let dir = try Self.tempDir()
        let path = dir + "/words.sqlite"
        let out = dir + "/committed.txt"
        let pid = try Spawn.background([Products.path("tachikoma"), "words", "--book", path, "--stress-writes", "1000000"],
                                       stderrPath: dir + "/stderr.txt", stdoutPath: out)
        let deadline = Date().addingTimeInterval(30)
        var reported = 0
        while Date() < deadline {
            reported = (try? String(contentsOfFile: out, encoding: .utf8))?.filter { $0 == "\n" }.count ?? 0
            if reported >= 300 { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        Spawn.killAndReap(pid)
        #expect(reported >= 300, "the writer reported \(reported) commits; stderr: \((try? String(contentsOfFile: dir + "/stderr.txt", encoding: .utf8)) ?? "")")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        // Only whole lines count: a word printed without its newline may not have been flushed.
        let committed = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(committed.count >= 300)

        let db = try DatabaseQueue(path: path)
        let check = try db.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        #expect(check == ["ok"])
        let stored = Set(try db.read { db in try String.fetchAll(db, sql: "SELECT word FROM word") })
        let missing = committed.filter { !stored.contains($0) }
        #expect(missing.isEmpty, "reported committed but not in the book: \(missing.prefix(5))")
        #expect(stored.count >= committed.count)
        // The book opens as the pet would open it.
        #expect(try WordBookStore(path: path).integrityCheck() == "ok")
    }
}
