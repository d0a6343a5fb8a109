import Foundation
import GRDB
import WordBook

/// The word book in one SQLite file through GRDB (`$XDG_DATA_HOME/tachikoma/words.sqlite`).
///
/// A `DatabaseQueue` with a rollback journal (`journal_mode = DELETE`) and
/// `synchronous = FULL`: every change is one transaction, so a process killed in the middle
/// of a write (`kill -9`) leaves the last committed state and an intact file, and a power cut
/// loses nothing committed either. The rollback journal (not WAL) keeps the book readable
/// from a read-only folder (`tachikoma words`), where WAL would need its `-shm` file. The pet,
/// `tachikoma translate` and `tachikoma words` may use the file at the same time: SQLite's
/// locks serialise them and a busy writer is waited for. Every statement is a constant SQL
/// text with `?` arguments.
public final class WordBookStore: Sendable {
    // Sendable: `queue` is GRDB's serialised, thread-safe DatabaseQueue; `path` is a constant.
    private let queue: DatabaseQueue
    /// The file.
    public let path: String

    /// The book's file name inside the data folder.
    public static let fileName = "words.sqlite"

    /// Opens the book at `path`, creating and migrating it unless `readOnly` (then the file
    /// must exist). A file that is not a SQLite database, a damaged one, or a folder that
    /// cannot be written throws a `WordBookError` and leaves the file as it is.
    public init(path: String, readOnly: Bool = false) throws(WordBookError) {
        self.path = path
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            if !readOnly {
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
            }
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        var isBook = true
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
            if readOnly {
                // Reading the schema makes SQLite read the header: a stranger file fails here.
                isBook = try queue.read { db in try db.tableExists("word") }
            } else {
                try Self.migrator.migrate(queue)
            }
        } catch {
            throw WordBookError(path: path, reason: Self.reason(error))
        }
        guard isBook else { throw WordBookError(path: path, reason: "a SQLite file without a word table, not a word book") }
    }

    /// SQLite's message for `error`, with a hint where one helps.
    static func reason(_ error: any Error) -> String {
        guard let db = error as? DatabaseError else { return "\(error)" }
        let message = db.message ?? "\(db.resultCode)"
        switch db.resultCode.primaryResultCode {
        case .SQLITE_NOTADB: return "\(message) (not a SQLite word book; it is left as it is)"
        case .SQLITE_CORRUPT: return "\(message) (the file is damaged; it is left as it is)"
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM:
            return "\(message) (is the folder writable?)"
        default: return message
        }
    }

    /// The versioned schema; a new version is a new registered migration, never an edit.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: words with their SM-2 schedule") { db in
            try db.create(table: "word") { t in
                t.column("key", .text).primaryKey()
                t.column("word", .text).notNull()
                t.column("part_of_speech", .text).notNull()
                t.column("sense", .text).notNull()
                t.column("entry", .text).notNull()
                t.column("added", .double).notNull()
                t.column("last_looked_up", .double).notNull()
                t.column("lookups", .integer).notNull()
                t.column("easiness", .double).notNull()
                t.column("interval_days", .integer).notNull()
                t.column("repetitions", .integer).notNull()
                t.column("due", .double).notNull()
            }
            try db.create(index: "word_by_due", on: "word", columns: ["due"])
        }
        return migrator
    }

    /// Puts a looked-up word into the book in one transaction: a new word is due at once
    /// with a new SM-2 schedule; a word already there counts one more lookup and takes the
    /// dictionary's current sense, keeping its schedule. Returns the word as stored.
    @discardableResult
    public func recordLookup(word: String, partOfSpeech: String, sense: String, entry: String,
                             at now: Double) throws(WordBookError) -> WordRecord {
        try write { db in
            let key = WordRecord.key(word)
            var record: WordRecord
            if let old = try Self.fetch(db, key: key) {
                record = old
                record.word = word
                record.partOfSpeech = partOfSpeech
                record.sense = sense
                record.entry = entry
                record.lookups += 1
                record.lastLookedUp = now
            } else {
                record = WordRecord(word: word, partOfSpeech: partOfSpeech, sense: sense, entry: entry, added: now)
            }
            try Self.save(db, record)
            return record
        }
    }

    /// Applies a quiz answer of quality `grade` (SM-2) to `word` at `now`, in one
    /// transaction; nil when the word is not in the book.
    @discardableResult
    public func review(word: String, grade: Int, at now: Double) throws(WordBookError) -> WordRecord? {
        try write { db in
            guard let old = try Self.fetch(db, key: WordRecord.key(word)) else { return nil }
            let next = old.reviewed(grade: grade, at: now)
            try Self.save(db, next)
            return next
        }
    }

    /// Every word, the soonest due first.
    public func all() throws(WordBookError) -> [WordRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM word ORDER BY due, key").map(Self.record)
        }
    }

    /// The words due at `now`, the longest overdue first, at most `limit`.
    public func due(at now: Double, limit: Int = 20) throws(WordBookError) -> [WordRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM word WHERE due <= ? ORDER BY due, key LIMIT ?",
                             arguments: [now, limit]).map(Self.record)
        }
    }

    /// Every word's key (lower case): what the chat underlines.
    public func keys() throws(WordBookError) -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT key FROM word")) }
    }

    /// The word filed under `word` (any case), if it is in the book.
    public func record(for word: String) throws(WordBookError) -> WordRecord? {
        try read { db in try Self.fetch(db, key: WordRecord.key(word)) }
    }

    /// `PRAGMA integrity_check`'s answer: "ok" for a sound file.
    public func integrityCheck() throws(WordBookError) -> String {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n") }
    }

    // MARK: Private

    private func write<T>(_ body: (Database) throws -> T) throws(WordBookError) -> T {
        do {
            return try queue.write(body)
        } catch {
            throw WordBookError(path: path, reason: Self.reason(error))
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(WordBookError) -> T {
        do {
            return try queue.read(body)
        } catch {
            throw WordBookError(path: path, reason: Self.reason(error))
        }
    }

    private static func fetch(_ db: Database, key: String) throws -> WordRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM word WHERE key = ?", arguments: [key]).map(record)
    }

    private static func record(_ row: Row) -> WordRecord {
        WordRecord(word: row["word"], partOfSpeech: row["part_of_speech"], sense: row["sense"], entry: row["entry"],
                   added: row["added"], lastLookedUp: row["last_looked_up"], lookups: row["lookups"],
                   schedule: SM2(easiness: row["easiness"], interval: row["interval_days"], repetitions: row["repetitions"]),
                   due: row["due"])
    }

    private static func save(_ db: Database, _ r: WordRecord) throws {
        try db.execute(sql: """
            INSERT INTO word (key, word, part_of_speech, sense, entry, added, last_looked_up, lookups,
                              easiness, interval_days, repetitions, due)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET word = excluded.word, part_of_speech = excluded.part_of_speech,
                sense = excluded.sense, entry = excluded.entry, last_looked_up = excluded.last_looked_up,
                lookups = excluded.lookups, easiness = excluded.easiness, interval_days = excluded.interval_days,
                repetitions = excluded.repetitions, due = excluded.due
            """, arguments: [WordRecord.key(r.word), r.word, r.partOfSpeech, r.sense, r.entry, r.added, r.lastLookedUp,
                             r.lookups, r.schedule.easiness, r.schedule.interval, r.schedule.repetitions, r.due])
    }
}
