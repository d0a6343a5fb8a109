extension IRCMessage {
    /// The wire form without CR LF. The last parameter gets a `:` only when it needs one
    /// (empty, holds a space, or starts with `:`), so a valid message round-trips exactly.
    public func serialized() -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 + parameters.reduce(0) { $0 + $1.utf8.count + 1 })
        write(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the wire form and CR LF to `bytes`; this is what a connection sends.
    public func serializedLine(into bytes: inout [UInt8]) {
        write(into: &bytes)
        bytes.append(0x0D)
        bytes.append(0x0A)
    }

    /// Appends the wire form (no CR LF) to `bytes`.
    public func write(into bytes: inout [UInt8]) {
        IRCMessage.writeTags(tags, into: &bytes)
        writeBody(into: &bytes)
    }

    /// Appends `@tag=value;... ` (with the trailing space) or nothing when `tags` is empty.
    public static func writeTags(_ tags: [IRCTag], into bytes: inout [UInt8]) {
        if !tags.isEmpty {
            bytes.append(UInt8(ascii: "@"))
            for (n, tag) in tags.enumerated() {
                if n > 0 { bytes.append(UInt8(ascii: ";")) }
                bytes.append(contentsOf: tag.key.utf8)
                if !tag.value.isEmpty {
                    bytes.append(UInt8(ascii: "="))
                    bytes.append(contentsOf: IRCTag.escape(tag.value).utf8)
                }
            }
            bytes.append(UInt8(ascii: " "))
        }
    }

    /// Appends the body (source, command, parameters; no tags, no CR LF) to `bytes`.
    /// A server serializes the body once and adds per-recipient tags in front of it.
    public func writeBody(into bytes: inout [UInt8]) {
        if let source {
            source.write(into: &bytes)
            bytes.append(UInt8(ascii: " "))
        }
        bytes.append(contentsOf: command.utf8)
        for (n, p) in parameters.enumerated() {
            bytes.append(UInt8(ascii: " "))
            if n == parameters.count - 1,
               p.isEmpty || p.utf8.first == UInt8(ascii: ":") || p.utf8.contains(UInt8(ascii: " ")) {
                bytes.append(UInt8(ascii: ":"))
            }
            bytes.append(contentsOf: p.utf8)
        }
    }
}
