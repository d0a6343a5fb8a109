/// One IRCv3 message tag (`key=value`); an empty `value` means the tag has no value.
///
/// Values are held unescaped; `IRCTag.escape` and `IRCTag.unescape` implement the escaping
/// of the message-tags specification (`\:` `\s` `\\` `\r` `\n`).
public struct IRCTag: Hashable, Sendable {
    /// The key, with its `+` client-only prefix and vendor part if any (`+example.com/foo`).
    public var key: String
    /// The unescaped value; `""` when the tag has no value.
    public var value: String

    /// Makes a tag; `value` defaults to none.
    public init(key: String, value: String = "") {
        self.key = key
        self.value = value
    }

    /// Whether this is a client-only tag (its key starts with `+`).
    public var isClientOnly: Bool { key.utf8.first == UInt8(ascii: "+") }

    /// Escapes a value for the wire.
    public static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x3B || $0 == 0x20 || $0 == 0x5C || $0 == 0x0D || $0 == 0x0A }) else {
            return value
        }
        var out = [UInt8]()
        out.reserveCapacity(value.utf8.count + 8)
        for b in value.utf8 {
            switch b {
            case 0x3B: out += [0x5C, UInt8(ascii: ":")]
            case 0x20: out += [0x5C, UInt8(ascii: "s")]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Unescapes a value read from the wire: an unknown escape `\x` becomes `x` and a lone
    /// trailing backslash is dropped, as the specification asks.
    public static func unescape(_ raw: Substring) -> String {
        guard raw.utf8.contains(0x5C) else { return String(raw) }
        var out = [UInt8]()
        out.reserveCapacity(raw.utf8.count)
        var escaping = false
        for b in raw.utf8 {
            if escaping {
                switch b {
                case UInt8(ascii: ":"): out.append(0x3B)
                case UInt8(ascii: "s"): out.append(0x20)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "n"): out.append(0x0A)
                default: out.append(b)
                }
                escaping = false
            } else if b == 0x5C {
                escaping = true
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `key` is a valid tag key: optional `+`, optional `vendor/`, then letters,
    /// digits and hyphens (the vendor part may hold dots).
    public static func isValidKey(_ key: String) -> Bool {
        var bytes = Substring(key).utf8
        if bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        guard !bytes.isEmpty else { return false }
        var name = bytes
        if let slash = bytes.lastIndex(of: UInt8(ascii: "/")) {
            let vendor = bytes[bytes.startIndex..<slash]
            name = bytes[bytes.index(after: slash)...]
            guard !vendor.isEmpty, vendor.allSatisfy({ isKeyByte($0) || $0 == UInt8(ascii: ".") }) else { return false }
        }
        return !name.isEmpty && name.allSatisfy(isKeyByte)
    }

    private static func isKeyByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-")
    }
}
