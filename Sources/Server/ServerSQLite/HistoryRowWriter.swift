import GRDB
import GRDBSQLite
import ServerCore

/// Inserts history rows through the prepared INSERT's SQLite handle: every text of a row is
/// copied once into one scratch buffer and bound in place (`SQLITE_STATIC`) for the step, with
/// no `StatementArguments` — GRDB's arguments box each value as an existential and convert it
/// again to bind it, which was about a third of the history writer's time in the fan-out
/// benchmark (issue 16). The bindings are cleared before the buffer is touched again.
struct HistoryRowWriter {
    static let sql = """
        INSERT INTO message (msgid, time, conversation, pm_a, pm_b, source, account, target, command, text, tags)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    private let statement: Statement
    private var scratch: [UInt8] = []

    init(_ db: Database) throws {
        statement = try db.cachedStatement(sql: Self.sql)
        scratch.reserveCapacity(1024)
    }

    /// Inserts one row; a failing step throws the database's error, and nothing stays bound.
    mutating func insert(_ e: HistoryEntry) throws {
        // The texts, in column order: where each starts in `scratch` and how long it is;
        // a length of -1 binds NULL.
        var starts = InlineArray<11, Int>(repeating: 0), lengths = InlineArray<11, Int>(repeating: -1)
        scratch.removeAll(keepingCapacity: true)
        func put(_ column: Int, _ text: String) {
            starts[column] = scratch.count
            scratch.append(contentsOf: text.utf8)
            lengths[column] = scratch.count - starts[column]
        }
        put(0, e.msgid)
        put(2, e.conversation)
        // A private conversation is "a b": its two participants, each indexed.
        if let space = e.conversation.utf8.firstIndex(of: UInt8(ascii: " ")) {
            let a = e.conversation.utf8.distance(from: e.conversation.utf8.startIndex, to: space)
            let b = e.conversation.utf8.count - a - 1
            if a > 0, b > 0 {
                starts[3] = starts[2]
                lengths[3] = a
                starts[4] = starts[2] + a + 1
                lengths[4] = b
            }
        }
        put(5, e.source)
        if let account = e.account { put(6, account) }
        put(7, e.target)
        put(8, e.command)
        put(9, e.text)
        put(10, HistoryTags.wire(e.clientTags))
        scratch.append(0)  // never empty, so the buffer always has an address
        let handle = statement.sqliteStatement
        let (code, message): (CInt, String?) = scratch.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            sqlite3_bind_int64(handle, 2, e.time.milliseconds)
            for column in 0..<11 where column != 1 {
                if lengths[column] < 0 {
                    sqlite3_bind_null(handle, CInt(column + 1))
                } else {
                    sqlite3_bind_text(handle, CInt(column + 1), UnsafeRawPointer(base + starts[column])
                        .assumingMemoryBound(to: CChar.self), CInt(lengths[column]), nil)
                }
            }
            let code = sqlite3_step(handle)
            let message = code == SQLITE_DONE ? nil : String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            return (code, message)
        }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: Self.sql)
        }
    }
}
