/// Where a message sits in its conversation: `(time, id)`, compared as a row value, so
/// messages of the same millisecond keep their order.
public typealias HistoryPosition = (time: Int64, id: Int64)

extension HistoryQuery {
    /// The messages this query selects, through three primitives an engine provides: where a
    /// `msgid` sits in the conversation, and the newest or oldest `limit` messages strictly
    /// between two positions (nil: open), returned oldest first. Both storage adapters answer
    /// CHATHISTORY through this one reading of the anchors: a lower `timestamp=` bound excludes
    /// everything at that instant, an upper one everything from it; a `msgid` excludes exactly
    /// itself, except that AROUND includes its own message.
    public func select(
        position: (String) throws -> HistoryPosition?,
        newest: (_ before: HistoryPosition?, _ after: HistoryPosition?, _ limit: Int) throws -> [HistoryEntry],
        oldest: (_ after: HistoryPosition?, _ before: HistoryPosition?, _ limit: Int) throws -> [HistoryEntry]
    ) rethrows -> [HistoryEntry] {
        func bound(_ anchor: HistoryAnchor, lower: Bool) throws -> HistoryPosition? {
            switch anchor {
            case .none: return nil
            case .time(let t): return (t.milliseconds, lower ? Int64.max : 0)
            case .msgid(let id): return try position(id)
            }
        }
        // An unknown msgid selects nothing (rather than everything).
        if case .msgid = start, try bound(start, lower: true) == nil { return [] }
        switch kind {
        case .latest:
            return try newest(nil, bound(start, lower: true), limit)
        case .before:
            return try newest(bound(start, lower: false), nil, limit)
        case .after:
            return try oldest(bound(start, lower: true), nil, limit)
        case .around:
            let half = limit / 2
            let earlier = half > 0 ? try newest(bound(start, lower: false), nil, half) : []
            // From the anchor on: a msgid anchor includes its own message.
            var from = try bound(start, lower: false)
            if let f = from { from = (f.time, f.id - 1) }
            return earlier + (try oldest(from, nil, limit - half))
        case .between:
            guard let a = try bound(start, lower: true), let b = try bound(end, lower: false) else { return [] }
            if a <= b { return try oldest(a, b, limit) }
            guard let a2 = try bound(start, lower: false), let b2 = try bound(end, lower: true) else { return [] }
            return try newest(a2, b2, limit)
        }
    }
}
