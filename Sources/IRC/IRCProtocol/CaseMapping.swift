/// How nicknames and channel names compare (the `CASEMAPPING` ISUPPORT token).
public enum CaseMapping: String, Hashable, Sendable, CaseIterable {
    /// Only `A`–`Z` fold to `a`–`z`.
    case ascii
    /// `ascii` plus `[]\^` fold to `{}|~`: the code-point rule (0x5B–0x5E to 0x7B–0x7E)
    /// that servers implement.
    case rfc1459
    /// `ascii` plus `[]\` fold to `{}|`.
    case strictRFC1459 = "strict-rfc1459"

    /// The folded (lower-case) form; two names are equal when their folded forms are.
    public func fold(_ name: String) -> String {
        var needs = false
        for b in name.utf8 where foldByte(b) != b {
            needs = true
            break
        }
        guard needs else { return name }
        return String(decoding: name.utf8.map(foldByte), as: UTF8.self)
    }

    /// `fold` of a name given as its UTF-8 bytes, without making the unfolded `String` first
    /// (the direct relay looks a target up by the bytes of the line).
    public func fold(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { out in
            for i in 0..<bytes.count { out[i] = foldByte(bytes[i]) }
            return bytes.count
        }
    }

    /// Whether `a` and `b` name the same thing under this mapping.
    public func equal(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && fold(a) == fold(b)
    }

    @inline(__always)
    func foldByte(_ b: UInt8) -> UInt8 {
        if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") { return b | 0x20 }
        switch self {
        case .ascii: return b
        case .rfc1459:
            return b >= 0x5B && b <= 0x5E ? b + 0x20 : b
        case .strictRFC1459:
            if b == UInt8(ascii: "[") || b == UInt8(ascii: "]") || b == UInt8(ascii: "\\") { return b + 0x20 }
            return b
        }
    }
}
