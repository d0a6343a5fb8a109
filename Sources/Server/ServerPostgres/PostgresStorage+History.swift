import IRCProtocol
import PostgresNIO
import ServerCore

/// CHATHISTORY selections, the same statements as `SQLiteStorage+History`: positions compare
/// as `(time, id)` row values, so messages with the same millisecond keep their order and a
/// `msgid` anchor excludes exactly itself. One connection serves a whole selection.
extension PostgresStorage {
    public func history(_ q: HistoryQuery) throws -> [HistoryEntry] {
        // Without event-playback only messages are selected, so the limit counts them.
        let kinds = q.messagesOnly ? "AND command IN ('PRIVMSG', 'NOTICE')" : ""
        let logger = self.logger
        return try connections.with { c in
            func position(_ id: String) throws -> HistoryPosition? {
                try c.run("SELECT time, id FROM message WHERE msgid = \(id) AND conversation = \(q.conversation) LIMIT 1",
                          logger).first.map { try $0.decode((Int64, Int64).self) }
            }
            func newest(before b: HistoryPosition?, after a: HistoryPosition?, limit: Int) throws -> [HistoryEntry] {
                let upper = b ?? (Int64.max, Int64.max), lower = a ?? (Int64.min, Int64.min)
                return try fetch(c, """
                    SELECT msgid, time, source, account, target, command, text, conversation, tags FROM message
                    WHERE conversation = \(q.conversation) AND (time, id) < (\(upper.0), \(upper.1))
                      AND (time, id) > (\(lower.0), \(lower.1)) \(unescaped: kinds)
                    ORDER BY time DESC, id DESC LIMIT \(limit)
                    """).reversed()
            }
            func oldest(after a: HistoryPosition?, before b: HistoryPosition?, limit: Int) throws -> [HistoryEntry] {
                let upper = b ?? (Int64.max, Int64.max), lower = a ?? (Int64.min, Int64.min)
                return try fetch(c, """
                    SELECT msgid, time, source, account, target, command, text, conversation, tags FROM message
                    WHERE conversation = \(q.conversation) AND (time, id) > (\(lower.0), \(lower.1))
                      AND (time, id) < (\(upper.0), \(upper.1)) \(unescaped: kinds)
                    ORDER BY time ASC, id ASC LIMIT \(limit)
                    """)
            }
            return try q.select(position: position, newest: { try newest(before: $0, after: $1, limit: $2) },
                                oldest: { try oldest(after: $0, before: $1, limit: $2) })
        }
    }

    public func targets(account: String?, channels: [String], from: ServerInstant, to: ServerInstant, limit: Int) throws -> [HistoryTarget] {
        let lo = min(from, to).milliseconds, hi = max(from, to).milliseconds
        return try connections.with { c in
            var out: [HistoryTarget] = []
            if let account {
                // A target is in the window when its latest message is.
                let rows = try c.run("""
                    SELECT CASE WHEN pm_a = \(account) THEN pm_b ELSE pm_a END AS other, max(time) AS latest FROM message
                    WHERE (pm_a = \(account) OR pm_b = \(account))
                    GROUP BY other HAVING max(time) > \(lo) AND max(time) < \(hi)
                    """, logger)
                out += try rows.map { row in
                    let (other, latest) = try row.decode((String, Int64).self)
                    return HistoryTarget(name: other, latest: ServerInstant(milliseconds: latest))
                }
            }
            for channel in channels {
                if let latest = try c.run("""
                    SELECT max(time) FROM message WHERE conversation = \(channel) AND command != 'TOPIC'
                    """, logger).first.flatMap({ try $0.decode(Int64?.self) }), latest > lo, latest < hi {
                    out.append(HistoryTarget(name: channel, latest: ServerInstant(milliseconds: latest)))
                }
            }
            out.sort { ($0.latest, $0.name) < ($1.latest, $1.name) }
            // The targets nearest the first timestamp, still oldest first.
            return Array(from <= to ? out.prefix(limit) : out.suffix(limit))
        }
    }

    private func fetch(_ c: PostgresConnection, _ query: PostgresQuery) throws -> [HistoryEntry] {
        try c.run(query, logger).map { row in
            let (msgid, time, source, account, target, command, text, conversation, tags) =
                try row.decode((String, Int64, String, String?, String, String, String, String, String).self)
            return HistoryEntry(msgid: msgid, time: ServerInstant(milliseconds: time), source: source, account: account,
                                target: target, command: command, text: text, conversation: conversation,
                                clientTags: HistoryTags.parse(tags))
        }
    }
}
