/// The source (prefix) of a message: a server name, or a client's `nick!user@host`.
public struct IRCSource: Hashable, Sendable, CustomStringConvertible {
    /// The nickname, or the server name when the source is a server.
    public var name: String
    /// The user (ident) part after `!`, if present.
    public var user: String?
    /// The host part after `@`, if present.
    public var host: String?

    /// Makes a source from its parts.
    public init(name: String, user: String? = nil, host: String? = nil) {
        self.name = name
        self.user = user
        self.host = host
    }

    /// Parses `nick!user@host`, `nick@host` or a bare name; the first `!` ends the name and
    /// the first `@` after it starts the host, so every string round-trips through `description`.
    public init(parsing raw: Substring) {
        if let bang = raw.firstIndex(of: "!") {
            name = String(raw[..<bang])
            let rest = raw[raw.index(after: bang)...]
            if let at = rest.firstIndex(of: "@") {
                user = String(rest[..<at])
                host = String(rest[rest.index(after: at)...])
            } else {
                user = String(rest)
                host = nil
            }
        } else if let at = raw.firstIndex(of: "@") {
            name = String(raw[..<at])
            user = nil
            host = String(raw[raw.index(after: at)...])
        } else {
            name = String(raw)
            user = nil
            host = nil
        }
    }

    /// The wire form without the leading `:`.
    public var description: String {
        var s = name
        if let user { s += "!" + user }
        if let host { s += "@" + host }
        return s
    }

    /// Appends the wire form, `:nick!user@host` (no space after it), to `bytes`.
    public func write(into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: name.utf8)
        if let user {
            bytes.append(UInt8(ascii: "!"))
            bytes.append(contentsOf: user.utf8)
        }
        if let host {
            bytes.append(UInt8(ascii: "@"))
            bytes.append(contentsOf: host.utf8)
        }
    }

    /// How many bytes `write(into:)` appends.
    public var byteCount: Int {
        1 + name.utf8.count + (user.map { $0.utf8.count + 1 } ?? 0) + (host.map { $0.utf8.count + 1 } ?? 0)
    }
}
