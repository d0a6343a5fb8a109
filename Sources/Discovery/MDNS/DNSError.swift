/// Why a packet could not be read as a DNS message: the reason and the byte offset where
/// reading stopped. A multicast DNS node drops such a packet (and may log this text);
/// nothing in it is used.
public struct DNSDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Equatable {
        /// The packet ends before the part being read.
        case truncated
        /// The packet is larger than any multicast DNS message may be.
        case oversized(Int)
        /// A compression pointer that does not point strictly before the labels that led
        /// to it (which is what makes pointer loops impossible).
        case compressionLoop
        /// A label type other than a plain label or a pointer (0x40, 0x80).
        case badLabelType(UInt8)
        /// A name longer than 255 bytes once expanded.
        case nameTooLong
        /// The header's counts claim more entries than the packet has bytes for.
        case countsExceedPacket
        /// A record's data does not match its type (an A record that is not 4 bytes, a
        /// TXT string running past the record, a name ending before or after the data).
        case badRecordData(type: UInt16)
        /// Bytes left after the last section.
        case trailingBytes(Int)
    }

    /// What went wrong.
    public let reason: Reason
    /// The offset in the packet where it was found.
    public let offset: Int

    /// Makes an error.
    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String {
        let what: String
        switch reason {
        case .truncated: what = "the packet ends early"
        case .oversized(let n): what = "packet of \(n) bytes is larger than \(DNSMessage.maximumSize)"
        case .compressionLoop: what = "a compression pointer does not point backwards (loop)"
        case .badLabelType(let b): what = "unknown label type 0x\(String(b, radix: 16))"
        case .nameTooLong: what = "a name is longer than 255 bytes"
        case .countsExceedPacket: what = "the header counts more records than the packet holds"
        case .badRecordData(let type): what = "record data does not fit its type \(type)"
        case .trailingBytes(let n): what = "\(n) bytes after the last record"
        }
        return "malformed DNS message at byte \(offset): \(what)"
    }
}

/// Why a message could not be written: a name or a string beyond the wire format's limits.
public struct DNSEncodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is too long, with the offending value.
    public let description: String
    /// Makes an error.
    public init(_ description: String) { self.description = description }
}
