extension DNSMessage {
    /// Reads a message from its wire form. Every length, count and pointer is checked
    /// against the packet before it is used: a malformed, truncated or hostile packet is a
    /// `DNSDecodeError`, never a crash or an unbounded loop.
    public init(decoding bytes: [UInt8]) throws(DNSDecodeError) {
        guard bytes.count <= Self.maximumSize else { throw DNSDecodeError(.oversized(bytes.count), at: 0) }
        var reader = DNSWireReader(bytes: bytes)
        id = try reader.readUInt16()
        let flags = try reader.readUInt16()
        isResponse = flags & 0x8000 != 0
        opcode = UInt8((flags >> 11) & 0x0F)
        isAuthoritative = flags & 0x0400 != 0
        isTruncated = flags & 0x0200 != 0
        responseCode = UInt8(flags & 0x000F)
        otherFlags = flags & 0x01F0
        let questionCount = Int(try reader.readUInt16())
        let answerCount = Int(try reader.readUInt16())
        let authorityCount = Int(try reader.readUInt16())
        let additionalCount = Int(try reader.readUInt16())
        // A question takes at least 5 bytes (root name, type, class), a record at least 11:
        // counts that cannot fit are refused before anything is allocated for them.
        let smallest = questionCount * 5 + (answerCount + authorityCount + additionalCount) * 11
        guard smallest <= reader.remaining else { throw DNSDecodeError(.countsExceedPacket, at: 4) }

        questions = []
        for _ in 0..<questionCount {
            let name = try reader.readName()
            let type = DNSRecordType(rawValue: try reader.readUInt16())
            let rawClass = try reader.readUInt16()
            questions.append(DNSQuestion(name: name, type: type, unicastResponse: rawClass & 0x8000 != 0, dnsClass: rawClass & 0x7FFF))
        }
        answers = try reader.readRecords(answerCount)
        authorities = try reader.readRecords(authorityCount)
        additionals = try reader.readRecords(additionalCount)
        guard reader.remaining == 0 else { throw DNSDecodeError(.trailingBytes(reader.remaining), at: reader.offset) }
    }
}

/// A cursor over a packet that checks every read against its end.
struct DNSWireReader {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func readUInt8() throws(DNSDecodeError) -> UInt8 {
        guard offset < bytes.count else { throw DNSDecodeError(.truncated, at: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readUInt16() throws(DNSDecodeError) -> UInt16 {
        guard offset + 2 <= bytes.count else { throw DNSDecodeError(.truncated, at: offset) }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func readUInt32() throws(DNSDecodeError) -> UInt32 {
        let high = UInt32(try readUInt16())
        return high << 16 | UInt32(try readUInt16())
    }

    mutating func readBytes(_ count: Int) throws(DNSDecodeError) -> [UInt8] {
        guard count >= 0, offset + count <= bytes.count else { throw DNSDecodeError(.truncated, at: offset) }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    /// Reads a name at the cursor, following compression pointers (RFC 1035 §4.1.4). Each
    /// pointer must point strictly before the run of labels that led to it, so every jump
    /// goes further back and the walk ends; the expanded name is held to 255 bytes.
    mutating func readName() throws(DNSDecodeError) -> DNSName {
        var labels: [[UInt8]] = []
        var wireLength = 1
        var position = offset
        var runStart = offset
        var resumeAt: Int?
        while true {
            guard position < bytes.count else { throw DNSDecodeError(.truncated, at: position) }
            let length = bytes[position]
            switch length & 0xC0 {
            case 0x00:
                if length == 0 {
                    offset = resumeAt ?? position + 1
                    return DNSName(rawLabels: labels)
                }
                let start = position + 1
                let end = start + Int(length)
                guard end <= bytes.count else { throw DNSDecodeError(.truncated, at: position) }
                wireLength += Int(length) + 1
                guard wireLength <= DNSName.maximumWireLength else { throw DNSDecodeError(.nameTooLong, at: position) }
                labels.append(Array(bytes[start..<end]))
                position = end
            case 0xC0:
                guard position + 1 < bytes.count else { throw DNSDecodeError(.truncated, at: position) }
                let target = Int(length & 0x3F) << 8 | Int(bytes[position + 1])
                guard target < runStart else { throw DNSDecodeError(.compressionLoop, at: position) }
                if resumeAt == nil { resumeAt = position + 2 }
                position = target
                runStart = target
            default:
                throw DNSDecodeError(.badLabelType(length & 0xC0), at: position)
            }
        }
    }

    mutating func readRecords(_ count: Int) throws(DNSDecodeError) -> [DNSRecord] {
        var records: [DNSRecord] = []
        records.reserveCapacity(count)
        for _ in 0..<count { records.append(try readRecord()) }
        return records
    }

    mutating func readRecord() throws(DNSDecodeError) -> DNSRecord {
        let name = try readName()
        let type = DNSRecordType(rawValue: try readUInt16())
        let rawClass = try readUInt16()
        let ttl = try readUInt32()
        let length = Int(try readUInt16())
        let start = offset
        let end = start + length
        guard end <= bytes.count else { throw DNSDecodeError(.truncated, at: start) }
        let bad = DNSDecodeError(.badRecordData(type: type.rawValue), at: start)
        let data: DNSRecordData
        switch type {
        case .a:
            guard length == 4, let address = IPv4Address(bytes: try readBytes(4)) else { throw bad }
            data = .a(address)
        case .aaaa:
            guard length == 16, let address = IPv6Address(bytes: try readBytes(16)) else { throw bad }
            data = .aaaa(address)
        case .ptr:
            let target = try readName()
            guard offset == end else { throw bad }
            data = .ptr(target)
        case .srv:
            guard length >= 7 else { throw bad }
            let priority = try readUInt16()
            let weight = try readUInt16()
            let port = try readUInt16()
            let target = try readName()
            guard offset == end else { throw bad }
            data = .srv(priority: priority, weight: weight, port: port, target: target)
        case .txt:
            var strings: [[UInt8]] = []
            while offset < end {
                let count = Int(try readUInt8())
                guard offset + count <= end else { throw bad }
                strings.append(try readBytes(count))
            }
            data = .txt(strings)
        default:
            data = .other(type: type, bytes: try readBytes(length))
        }
        return DNSRecord(name: name, ttl: ttl, cacheFlush: rawClass & 0x8000 != 0, data: data, dnsClass: rawClass & 0x7FFF)
    }
}
