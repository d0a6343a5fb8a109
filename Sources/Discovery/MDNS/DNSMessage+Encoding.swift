extension DNSMessage {
    /// The wire form, names compressed against every name written before them (RFC 1035
    /// §4.1.4; RFC 6762 §18.14 allows it in PTR and SRV data too). A label over 63 bytes, a
    /// name over 255, a TXT string over 255 or a message over 9000 bytes is an error.
    public func encoded() throws(DNSEncodeError) -> [UInt8] {
        var writer = DNSWireWriter()
        writer.writeUInt16(id)
        var flags = otherFlags & 0x01F0
        if isResponse { flags |= 0x8000 }
        flags |= UInt16(opcode & 0x0F) << 11
        if isAuthoritative { flags |= 0x0400 }
        if isTruncated { flags |= 0x0200 }
        flags |= UInt16(responseCode & 0x0F)
        writer.writeUInt16(flags)
        for count in [questions.count, answers.count, authorities.count, additionals.count] {
            guard count <= Int(UInt16.max) else { throw DNSEncodeError("\(count) entries in one section") }
            writer.writeUInt16(UInt16(count))
        }
        for question in questions {
            try writer.writeName(question.name)
            writer.writeUInt16(question.type.rawValue)
            writer.writeUInt16(question.dnsClass & 0x7FFF | (question.unicastResponse ? 0x8000 : 0))
        }
        for record in answers + authorities + additionals { try writer.writeRecord(record) }
        guard writer.bytes.count <= Self.maximumSize else {
            throw DNSEncodeError("message of \(writer.bytes.count) bytes (at most \(Self.maximumSize))")
        }
        return writer.bytes
    }
}

/// Appends wire-format fields, remembering where each name suffix was written so later
/// names can point at it.
struct DNSWireWriter {
    private(set) var bytes: [UInt8] = []
    private var suffixOffsets: [[[UInt8]]: Int] = [:]

    mutating func writeUInt16(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }

    mutating func writeUInt32(_ value: UInt32) {
        writeUInt16(UInt16(value >> 16))
        writeUInt16(UInt16(value & 0xFFFF))
    }

    mutating func writeName(_ name: DNSName) throws(DNSEncodeError) {
        try name.validate()
        let key = name.key
        for index in name.rawLabels.indices {
            let suffix = Array(key[index...])
            if let target = suffixOffsets[suffix] {
                writeUInt16(0xC000 | UInt16(target))
                return
            }
            // A pointer has 14 bits: suffixes written later than that cannot be targets.
            if bytes.count < 0x4000 { suffixOffsets[suffix] = bytes.count }
            let label = name.rawLabels[index]
            bytes.append(UInt8(label.count))
            bytes.append(contentsOf: label)
        }
        bytes.append(0)
    }

    mutating func writeRecord(_ record: DNSRecord) throws(DNSEncodeError) {
        try writeName(record.name)
        writeUInt16(record.type.rawValue)
        writeUInt16(record.dnsClass & 0x7FFF | (record.cacheFlush ? 0x8000 : 0))
        writeUInt32(record.ttl)
        let lengthAt = bytes.count
        writeUInt16(0)
        switch record.data {
        case .a(let address): bytes.append(contentsOf: address.bytes)
        case .aaaa(let address): bytes.append(contentsOf: address.bytes)
        case .ptr(let target): try writeName(target)
        case .srv(let priority, let weight, let port, let target):
            writeUInt16(priority)
            writeUInt16(weight)
            writeUInt16(port)
            try writeName(target)
        case .txt(let strings):
            for string in strings {
                guard string.count <= 255 else { throw DNSEncodeError("TXT string of \(string.count) bytes (at most 255)") }
                bytes.append(UInt8(string.count))
                bytes.append(contentsOf: string)
            }
        case .other(_, let data): bytes.append(contentsOf: data)
        }
        let length = bytes.count - lengthAt - 2
        guard length <= Int(UInt16.max) else { throw DNSEncodeError("record data of \(length) bytes") }
        bytes[lengthAt] = UInt8(length >> 8)
        bytes[lengthAt + 1] = UInt8(length & 0xFF)
    }
}
