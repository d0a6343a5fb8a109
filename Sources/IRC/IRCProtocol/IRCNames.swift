/// Rules for nicknames and channel names shared by the server and the client.
public enum IRCNames {
    /// The channel prefixes this project uses (`#` network channels, `&` local ones).
    public static let channelPrefixes: Set<Character> = ["#", "&"]

    /// Whether `name` can be a nickname: 1 to `maxLength` bytes, no space, comma, `*`, `?`,
    /// `!`, `@`, `.` or control bytes, not starting with a digit, `-`, `:`, `$`, `#` or `&`.
    public static func isValidNickname(_ name: String, maxLength: Int = 30) -> Bool {
        let u = name.utf8
        guard let first = u.first, u.count <= maxLength else { return false }
        if (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) || first == UInt8(ascii: "-")
            || first == UInt8(ascii: ":") || first == UInt8(ascii: "$") || first == UInt8(ascii: "#")
            || first == UInt8(ascii: "&") || first == UInt8(ascii: "+") || first == UInt8(ascii: "~")
            || first == UInt8(ascii: "%") {
            return false
        }
        for b in u {
            if b <= 0x20 || b == 0x7F { return false }
            switch b {
            case UInt8(ascii: ","), UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "!"),
                 UInt8(ascii: "@"), UInt8(ascii: "."), UInt8(ascii: ":"):
                return false
            default: continue
            }
        }
        return true
    }

    /// Whether `name` can be a channel name: a prefix from `prefixes`, then 1 to
    /// `maxLength - 1` bytes without space, comma, BEL or control bytes.
    public static func isValidChannelName(_ name: String, prefixes: Set<Character> = channelPrefixes, maxLength: Int = 64) -> Bool {
        guard let first = name.first, prefixes.contains(first), name.utf8.count >= 2, name.utf8.count <= maxLength else {
            return false
        }
        return !name.utf8.contains { $0 <= 0x20 || $0 == UInt8(ascii: ",") || $0 == 0x7F }
    }

    /// Whether `target` looks like a channel (starts with a channel prefix).
    public static func isChannel(_ target: String, prefixes: Set<Character>) -> Bool {
        guard let first = target.first else { return false }
        return prefixes.contains(first)
    }

    /// Whether `target` names a channel with the default prefixes (`#`, `&`): one byte
    /// compared, no hashing (asked for every message target).
    public static func isChannel(_ target: String) -> Bool {
        guard let first = target.utf8.first else { return false }
        return first == UInt8(ascii: "#") || first == UInt8(ascii: "&")
    }

    /// Glob match with `*` and `?` (used by bans and WHO masks), after folding both sides.
    public static func matches(mask: String, _ text: String, caseMapping: CaseMapping = .rfc1459) -> Bool {
        let m = Array(caseMapping.fold(mask).utf8)
        let t = Array(caseMapping.fold(text).utf8)
        var mi = 0, ti = 0, starM = -1, starT = 0
        while ti < t.count {
            if mi < m.count, m[mi] == UInt8(ascii: "?") || m[mi] == t[ti] {
                mi += 1
                ti += 1
            } else if mi < m.count, m[mi] == UInt8(ascii: "*") {
                starM = mi
                starT = ti
                mi += 1
            } else if starM >= 0 {
                mi = starM + 1
                starT += 1
                ti = starT
            } else {
                return false
            }
        }
        while mi < m.count, m[mi] == UInt8(ascii: "*") { mi += 1 }
        return mi == m.count
    }
}
