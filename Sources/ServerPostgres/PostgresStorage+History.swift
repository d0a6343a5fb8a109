import IRCProtocol
import PostgresNIO
import ServerCore

/// CHATHISTORY selections, the same statements as `SQLiteStorage+History`: positions compare
/// as `(time, id)` row values, so messages with the same millisecond keep their order and a
/// `msgid` anchor excludes exactly itself. One connection serves a whole selection.
extension PostgresStorage {
    func history(_ q: HistoryQuery) throws -> [HistoryEntry] {
        // Without event-playback only messages are selected, so the limit counts them.
        let kinds = q.messagesOnly ? "AND command IN ('PRIVMSG', 'NOTICE')" : ""
        let logger = self.logger
        return try connections.with { c in
            // Lower bounds exclude everything at a timestamp, upper bounds everything from it.
            func bound(_ anchor: HistoryAnchor, lower: Bool) throws -> (Int64, Int64)? {
                switch anchor {
                case .none: return nil
                case .time(let t): return (t.milliseconds, lower ? Int64.max : 0)
                case .msgid(let id):
                    return try c.run("SELECT time, id FROM message WHERE msgid = \(id) AND conversation = \(q.conversation) LIMIT 1",
                                     logger).first.map { try $0.decode((Int64, Int64).self) }
                }
            }
            func newest(before b: (Int64, Int64)?, after a: (Int64, Int64)?, limit: Int) throws -> [HistoryEntry] {
                let upper = b ?? (Int64.max, Int64.max), lower = a ?? (Int64.min, Int64.min)
                return try fetch(c, """
                    SELECT msgid, time, source, account, target, command, text, conversation, tags FROM message
                    WHERE conversation = \(q.conversation) AND (time, id) < (\(upper.0), \(upper.1))
                      AND (time, id) > (\(lower.0), \(lower.1)) \(unescaped: kinds)
                    ORDER BY time DESC, id DESC LIMIT \(limit)
                    """).reversed()
            }
            func oldest(after a: (Int64, Int64)?, before b: (Int64, Int64)?, limit: Int) throws -> [HistoryEntry] {
                let upper = b ?? (Int64.max, Int64.max), lower = a ?? (Int64.min, Int64.min)
                return try fetch(c, """
                    SELECT msgid, time, source, account, target, command, text, conversation, tags FROM message
                    WHERE conversation = \(q.conversation) AND (time, id) > (\(lower.0), \(lower.1))
                      AND (time, id) < (\(upper.0), \(upper.1)) \(unescaped: kinds)
                    ORDER BY time ASC, id ASC LIMIT \(limit)
                    """)
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
                guard let a2 = try bound(q.start, lower: false), let b2 = try bound(q.end, lower: true) else { return [] }
                return try newest(before: a2, after: b2, limit: q.limit)
            }
        }
    }

    func targets(account: String?, channels: [String], from: ServerInstant, to: ServerInstant, limit: Int) throws -> [HistoryTarget] {
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
