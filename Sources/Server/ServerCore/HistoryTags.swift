import IRCProtocol

/// How storage adapters keep a message's client-only tags in one text column: the wire
/// form `+a=b;+c` (values escaped as in a message), empty for none. Both engines share it,
/// so a database moved between them reads the same tags.
public enum HistoryTags {
    /// Client-only tags in their wire form (`+a=b;+c`).
    public static func wire(_ tags: [IRCTag]) -> String {
        tags.map { $0.value.isEmpty ? $0.key : $0.key + "=" + IRCTag.escape($0.value) }.joined(separator: ";")
    }

    /// The inverse of `wire`.
    public static func parse(_ text: String) -> [IRCTag] {
        text.split(separator: ";").map { item in
            let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return IRCTag(key: String(kv[0]), value: kv.count > 1 ? IRCTag.unescape(kv[1]) : "")
        }
    }
}
