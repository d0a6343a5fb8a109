import GRDB
import IRCProtocol
import ServerCore

/// CHATHISTORY selections. Positions compare as `(time, id)` row values, so messages with
/// the same millisecond keep their order and a `msgid` anchor excludes exactly itself.
extension SQLiteStorage {
    public func history(_ q: HistoryQuery) throws -> [HistoryEntry] {
        // Without event-playback only messages are selected, so the limit counts them.
        let kinds = q.messagesOnly ? "AND command IN ('PRIVMSG', 'NOTICE')" : ""
        return try pool.read { db in
            func position(_ id: String) throws -> HistoryPosition? {
                let row = try Row.fetchOne(db, sql: "SELECT time, id FROM message WHERE msgid = ? AND conversation = ?",
                                           arguments: [id, q.conversation])
                return row.map { ($0["time"], $0["id"]) }
            }
            func newest(before b: HistoryPosition?, after a: HistoryPosition?, limit: Int) throws -> [HistoryEntry] {
                let upper = b ?? (Int64.max, Int64.max), lower = a ?? (Int64.min, Int64.min)
                return try fetch(db, sql: """
                    SELECT msgid, time, source, account, target, command, text, conversation, tags FROM message
                    WHERE conversation = ? AND (time, id) < (?, ?) AND (time, id) > (?, ?) \(kinds)
                    ORDER BY time DESC, id DESC LIMIT ?
                    """, [q.conversation, upper.0, upper.1, lower.0, lower.1, limit]).reversed()
            }
            func oldest(after a: HistoryPosition?, before b: HistoryPosition?, limit: Int) throws -> [HistoryEntry] {
                let upper = b ?? (Int64.max, Int64.max), lower = a ?? (Int64.min, Int64.min)
                return try fetch(db, sql: """
                    SELECT msgid, time, source, account, target, command, text, conversation, tags FROM message
                    WHERE conversation = ? AND (time, id) > (?, ?) AND (time, id) < (?, ?) \(kinds)
                    ORDER BY time ASC, id ASC LIMIT ?
                    """, [q.conversation, lower.0, lower.1, upper.0, upper.1, limit])
            }
            return try q.select(position: position, newest: { try newest(before: $0, after: $1, limit: $2) },
                                oldest: { try oldest(after: $0, before: $1, limit: $2) })
        }
    }

    public func targets(account: String?, channels: [String], from: ServerInstant, to: ServerInstant, limit: Int) throws -> [HistoryTarget] {
        let lo = min(from, to).milliseconds, hi = max(from, to).milliseconds
        return try pool.read { db in
            var out: [HistoryTarget] = []
            if let account {
                // A target is in the window when its latest message is.
                let rows = try Row.fetchAll(db, sql: """
                    SELECT CASE WHEN pm_a = ? THEN pm_b ELSE pm_a END AS other, max(time) AS latest FROM message
                    WHERE (pm_a = ? OR pm_b = ?)
                    GROUP BY other HAVING latest > ? AND latest < ?
                    """, arguments: [account, account, account, lo, hi])
                out += rows.map { HistoryTarget(name: $0["other"], latest: ServerInstant(milliseconds: $0["latest"])) }
            }
            for channel in channels {
                if let latest = try Int64.fetchOne(db, sql: """
                    SELECT max(time) FROM message WHERE conversation = ? AND command != 'TOPIC'
                    """, arguments: [channel]), latest > lo, latest < hi {
                    out.append(HistoryTarget(name: channel, latest: ServerInstant(milliseconds: latest)))
                }
            }
            out.sort { ($0.latest, $0.name) < ($1.latest, $1.name) }
            // The targets nearest the first timestamp, still oldest first.
            return Array(from <= to ? out.prefix(limit) : out.suffix(limit))
        }
    }

    private func fetch(_ db: Database, sql: String, _ arguments: StatementArguments) throws -> [HistoryEntry] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            HistoryEntry(msgid: row["msgid"], time: ServerInstant(milliseconds: row["time"]), source: row["source"],
                         account: row["account"], target: row["target"], command: row["command"], text: row["text"],
                         conversation: row["conversation"], clientTags: HistoryTags.parse(row["tags"]))
        }
    }
}
