import ArgumentParser
import FileIO
import Foundation
import ScreenCore
import WordBook
import WordBookSQLite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `tachikoma words`: the word book from the shell — every word looked up, with when the
/// pet will next quiz it (SM-2); `--export FILE.csv` writes it as CSV (RFC 4180).
struct WordsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "words",
        abstract: "List the word book (words you looked up) with their next quiz dates.",
        discussion: """
            Every word looked up with `tachikoma translate` or in the pet's Translate dialog goes
            into the word book, $XDG_DATA_HOME/tachikoma/words.sqlite. When you leave the pet
            idle (quiz_after_idle in config.toml, 10 minutes by default) it quizzes you on a
            due word; the schedule is SM-2 (Wozniak 1990): a right answer counts as grade 4,
            a wrong one as grade 1.
            """
    )

    @Option(name: .customLong("export"), help: "Write the book as CSV (RFC 4180) to this file.")
    var export: String?

    @Option(name: .customLong("book"), help: "The word book file (default: $XDG_DATA_HOME/tachikoma/words.sqlite).")
    var book: String?

    /// Test support: records this many words (`stressN`), printing each after its commit,
    /// so a test can kill the process mid-write and check what it said was committed.
    @Option(name: .customLong("stress-writes"), help: .hidden)
    var stressWrites: Int?

    func run() throws {
        let path = book ?? WordBookService.defaultPath()
        var errors = StandardError()
        if let stressWrites { return try stress(path: path, count: stressWrites) }
        guard FileManager.default.fileExists(atPath: path) else {
            if let export { try write(WordBookCSV.text([]), to: export) }
            print("The word book is empty: words you look up with `tachikoma translate` or the Translate dialog go into \(path).")
            return
        }
        let records: [WordRecord]
        do {
            records = try WordBookStore(path: path, readOnly: true).all()
        } catch {
            print("tachikoma words: \(error)", to: &errors)
            throw ExitCode.failure
        }
        if let export {
            try write(WordBookCSV.text(records), to: export)
            print("\(records.count) word\(records.count == 1 ? "" : "s") written to \(export)")
            return
        }
        if records.isEmpty {
            print("The word book is empty: words you look up with `tachikoma translate` or the Translate dialog go into \(path).")
            return
        }
        for line in Self.table(records, now: Date().timeIntervalSince1970) { print(line) }
    }

    /// The listing: one line per word, the soonest due first, the sense last (its width
    /// varies with CJK text).
    static func table(_ records: [WordRecord], now: Double) -> [String] {
        let wordWidth = max(4, records.map { DisplayWidth.of($0.word) }.max() ?? 4)
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - DisplayWidth.of(s))) }
        var lines = [pad("WORD", wordWidth) + "  " + pad("DUE", 16) + "  " + pad("INTERVAL", 8) + "  REPS  EF    SENSE"]
        for r in records {
            let due = r.isDue(at: now) ? "now" : localDate(r.due)
            let interval = r.schedule.interval == 0 ? "new" : "\(r.schedule.interval)d"
            let sense = (r.partOfSpeech.isEmpty ? "" : r.partOfSpeech + " ") + r.sense
            lines.append(pad(r.word, wordWidth) + "  " + pad(due, 16) + "  " + pad(interval, 8) + "  "
                         + pad(String(r.schedule.repetitions), 4) + "  " + WordBookCSV.formatEasiness(r.schedule.easiness)
                         + "  " + sense)
        }
        return lines
    }

    /// `2026-12-06 10:30` in local time.
    static func localDate(_ seconds: Double) -> String {
        var t = time_t(seconds)
        var parts = tm()
        localtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02d %02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min))
    }

    /// Writes `text` to `path` atomically (a reader never sees half a file; flushed to disk).
    private func write(_ text: String, to path: String) throws {
        do throws(FileWriteError) {
            try AtomicFile.replace(path, with: Array(text.utf8))
        } catch {
            var errors = StandardError()
            print("tachikoma words: \(error)", to: &errors)
            throw ExitCode.failure
        }
    }

    private func stress(path: String, count: Int) throws {
        let service = WordBookService(path: path)
        for i in 0..<max(0, count) {
            do {
                try service.open().recordLookup(word: "stress\(i)", partOfSpeech: "n.", sense: "压力\(i)",
                                                entry: "n. 压力\(i)", at: Date().timeIntervalSince1970)
            } catch {
                var errors = StandardError()
                print("tachikoma words: \(error)", to: &errors)
                throw ExitCode.failure
            }
            print("stress\(i)")
            fflush(nil)
        }
    }
}
