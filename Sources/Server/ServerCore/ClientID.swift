/// Identifies one connection for its whole life. ServerNIO makes it `generation << 32 | slot`
/// (the slot indexes its connection table; the generation grows each time the slot is
/// reused), so an ID comes back only after 2³² connections on one slot; in cluster mode the
/// core numbers other nodes' users with the top bit set.
public struct ClientID: Hashable, Sendable, CustomStringConvertible {
    /// The raw number, assigned by the adapter.
    public let rawValue: UInt64

    /// Wraps a number.
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }

    /// `c<number>`, for logs.
    public var description: String { "c\(rawValue)" }
}

/// Wall-clock time in milliseconds since the Unix epoch, passed into the core by the adapter
/// so that the core itself never reads a clock (and tests can drive time).
public struct ServerInstant: Hashable, Comparable, Sendable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var milliseconds: Int64

    /// Wraps a millisecond count.
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// Whole seconds since the epoch (for numerics such as 329 and 333).
    public var seconds: Int64 { milliseconds / 1000 }

    /// Orders instants.
    public static func < (a: ServerInstant, b: ServerInstant) -> Bool { a.milliseconds < b.milliseconds }

    /// This instant plus `seconds`.
    public func adding(seconds: Double) -> ServerInstant {
        ServerInstant(milliseconds: milliseconds + Int64(seconds * 1000))
    }

    /// The IRCv3 `server-time` form: `YYYY-MM-DDThh:mm:ss.sssZ` (UTC), written straight
    /// into 24 bytes (this runs for every relayed message).
    public var iso8601: String {
        let ms = Int(((milliseconds % 1000) + 1000) % 1000)
        let secs = (milliseconds - Int64(ms)) / 1000
        var days = secs / 86_400
        var rem = Int(secs % 86_400)
        if rem < 0 { rem += 86_400; days -= 1 }
        // Civil date from days since the epoch (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        let y = Int(yoe + era * 400 + (m <= 2 ? 1 : 0))
        return String(unsafeUninitializedCapacity: 24) { buf in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var v = value
                for i in stride(from: offset + width - 1, through: offset, by: -1) {
                    buf[i] = UInt8(48 + v % 10)
                    v /= 10
                }
            }
            put(y, 4, at: 0); buf[4] = 0x2D
            put(m, 2, at: 5); buf[7] = 0x2D
            put(d, 2, at: 8); buf[10] = 0x54
            put(rem / 3600, 2, at: 11); buf[13] = 0x3A
            put(rem % 3600 / 60, 2, at: 14); buf[16] = 0x3A
            put(rem % 60, 2, at: 17); buf[19] = 0x2E
            put(ms, 3, at: 20); buf[23] = 0x5A
            return 24
        }
    }
}
