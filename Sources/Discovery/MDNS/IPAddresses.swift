/// An IPv4 address as its four bytes (the data of an A record).
public struct IPv4Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The bytes in network order.
    public let bytes: [UInt8]

    /// Makes an address from four bytes in network order; other counts are refused.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 else { return nil }
        self.bytes = bytes
    }

    /// Parses dotted-quad text (`"10.0.0.1"`).
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let n = UInt8(part) else { return nil }
            out.append(n)
        }
        bytes = out
    }

    /// The address as a number, for subnet arithmetic.
    public var value: UInt32 { bytes.reduce(0) { $0 << 8 | UInt32($1) } }

    /// 127.0.0.0/8.
    public var isLoopback: Bool { bytes[0] == 127 }
    /// 0.0.0.0, the wildcard a listener binds to mean every interface.
    public var isUnspecified: Bool { value == 0 }
    /// 169.254.0.0/16, link-local.
    public var isLinkLocal: Bool { bytes[0] == 169 && bytes[1] == 254 }

    /// Whether `other` lies in the same subnet as this address under `netmask`.
    public func sameSubnet(as other: IPv4Address, netmask: IPv4Address) -> Bool {
        value & netmask.value == other.value & netmask.value
    }

    public var description: String { bytes.map(String.init).joined(separator: ".") }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }
}

/// An IPv6 address as its sixteen bytes (the data of an AAAA record).
public struct IPv6Address: Hashable, Sendable, CustomStringConvertible {
    /// The bytes in network order.
    public let bytes: [UInt8]

    /// Makes an address from sixteen bytes; other counts are refused.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// RFC 5952 text: lower-case hex, the longest run of two or more zero groups as `::`.
    public var description: String {
        let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        var best = (start: -1, length: 0)
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else { index += 1; continue }
            var end = index
            while end < 8 && groups[end] == 0 { end += 1 }
            if end - index > best.length { best = (index, end - index) }
            index = end
        }
        func hex(_ range: Range<Int>) -> String { groups[range].map { String($0, radix: 16) }.joined(separator: ":") }
        guard best.length >= 2 else { return hex(0..<8) }
        return hex(0..<best.start) + "::" + hex((best.start + best.length)..<8)
    }
}
