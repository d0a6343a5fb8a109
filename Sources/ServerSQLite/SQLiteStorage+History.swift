import GRDB
import IRCProtocol
import ServerCore

/// CHATHISTORY selections. Positions compare as `(time, id)` row values, so messages with
/// the same millisecond keep their order and a `msgid` anchor excludes exactly itself.
extension SQLiteStorage {
    func history(_ q: HistoryQuery) throws -> [HistoryEntry] {
        // Without event-playback only messages are selected, so the limit counts them.
        let kinds = q.messagesOnly ? "AND command IN ('PRIVMSG', 'NOTICE')" : ""
        return try pool.read { db in
            // Lower bounds exclude everything at a timestamp, upper bounds everything from it.
            func bound(_ anchor: HistoryAnchor, lower: Bool) throws -> (Int64, Int64)? {
                switch anchor {
                case .none: return nil
                case .time(let t): return (t.milliseconds, lower ? Int64.max : 0)
                case .msgid(let id):
                    let row = try Row.fetchOne(db, sql: "SELECT time, id FROM message WHERE msgid = ? AND conversation = ?",
                                               arguments: [id, q.conversation])
                    return row.map { ($0["time"], $0["id"]) }
                }
            }
            func newest(before b: (Int64, Int64)?, after a: (Int64, Int64)?, limit: Int) throws -> [HistoryEntry] {
                let upper = b ?? (Int64.max, Int64.max), lower = a ?? (Int64.min, Int64.min)
                return try fetch(db, sql: """
                    SELECT msgid, time, source, account, target, command, text, conversation, tags FROM message
                    WHERE conversation = ? AND (time, id) < (?, ?) AND (time, id) > (?, ?) \(kinds)
                    ORDER BY time DESC, id DESC LIMIT ?
                    """, [q.conversation, upper.0, upper.1, lower.0, lower.1, limit]).reversed()
            }
            func oldest(after a: (Int64, Int64)?, before b: (Int64, Int64)?, limit: Int) throws -> [HistoryEntry] {
                let upper = b ?? (Int64.max, Int64.max), lower = a ?? (Int64.min, Int64.min)
                return try fetch(db, sql: """
                    SELECT msgid, time, source, account, target, command, text, conversation, tags FROM message
                    WHERE conversation = ? AND (time, id) > (?, ?) AND (time, id) < (?, ?) \(kinds)
                    ORDER BY time ASC, id ASC LIMIT ?
                    """, [q.conversation, lower.0, lower.1, upper.0, upper.1, limit])
            }
            let resolvesToNothing: Bool
            if case .msgid = q.start { resolvesToNothing = try bound(q.start, lower: true) == nil } else { resolvesToNothing = false }
            if resolvesToNothing { return [] }
            switch q.kind {
            case .latest:
                return try newest(before: nil, after: bound(q.start, lower: true), limit: q.limit)
            case .before:
                return try newest(before: bound(q.start, lower: false), after: nil, limit: q.limit)
            case .after:
                return try oldest(after: bound(q.start, lower: true), before: nil, limit: q.limit)
            case .around:
                let half = q.limit / 2
                let earlier = half > 0 ? try newest(before: bound(q.start, lower: false), after: nil, limit: half) : []
                // From the anchor on: a msgid anchor includes its own message.
                var from = try bound(q.start, lower: false)
                if let f = from { from = (f.0, f.1 - 1) }
                return earlier + (try oldest(after: from, before: nil, limit: q.limit - half))
            case .between:
                guard let a = try bound(q.start, lower: true), let b = try bound(q.end, lower: false) else { return [] }
                if a <= b {
                    return try oldest(after: a, before: b, limit: q.limit)
                }
                let a2 = try bound(q.start, lower: false)!, b2 = try bound(q.end, lower: true)!
                return try newest(before: a2, after: b2, limit: q.limit)
            }
        }
    }

    func targets(account: String?, channels: [String], from: ServerInstant, to: ServerInstant, limit: Int) throws -> [HistoryTarget] {
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
