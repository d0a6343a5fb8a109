import MDNS
import Testing
import SeededRandom

/// Malformed, truncated, oversized and compression-loop packets: each is a clear
/// `DNSDecodeError`, never a crash or a hang.
@Suite struct HostilePacketTests {
    /// A header with the given counts.
    func header(questions: UInt16 = 0, answers: UInt16 = 0, response: Bool = false) -> [UInt8] {
        [0, 0, response ? 0x84 : 0, 0, UInt8(questions >> 8), UInt8(questions & 0xFF), UInt8(answers >> 8), UInt8(answers & 0xFF), 0, 0, 0, 0]
    }

    func reason(_ bytes: [UInt8]) -> DNSDecodeError.Reason? {
        do {
            _ = try DNSMessage(decoding: bytes)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func everyTruncationOfAValidPacketIsAnError() throws {
        let bytes = try DNSWireTests.service.announcement().encoded()
        for length in 0..<bytes.count {
            let error = #expect(throws: DNSDecodeError.self) { try DNSMessage(decoding: Array(bytes[0..<length])) }
            #expect(error?.description.hasPrefix("malformed DNS message at byte") == true)
        }
    }

    @Test func aPointerToItselfIsALoop() {
        // Question name at offset 12 is a pointer to offset 12.
        let packet = header(questions: 1) + [0xC0, 12, 0, 1, 0, 1]
        #expect(reason(packet) == .compressionLoop)
    }

    @Test func aPointerForwardIsALoop() {
        let packet = header(questions: 1) + [0xC0, 14, 1, 0x61, 0, 0, 1, 0, 1]
        #expect(reason(packet) == .compressionLoop)
    }

    @Test func twoPointersAtEachOtherAreALoop() {
        // Question 1 at 12: "a" then a pointer to 18; question 2 at 18: "b" then a pointer to 12.
        let packet = header(questions: 2) + [1, 0x61, 0xC0, 18, 0, 1, 0, 1] + [1, 0x62, 0xC0, 12, 0, 1, 0, 1]
        // The first name jumps forward (18 > 12): refused at once.
        #expect(reason(packet) == .compressionLoop)
    }

    @Test func aPointerIntoItsOwnLabelsIsALoop() {
        // "a" at 12, then a pointer back to 12: backwards, but into the name's own run.
        let packet = header(questions: 1) + [1, 0x61, 0xC0, 12, 0, 1, 0, 1]
        #expect(reason(packet) == .compressionLoop)
    }

    @Test func reservedLabelTypesAreRefused() {
        #expect(reason(header(questions: 1) + [0x41, 0, 0, 1, 0, 1]) == .badLabelType(0x40))
        #expect(reason(header(questions: 1) + [0x81, 0, 0, 1, 0, 1]) == .badLabelType(0x80))
    }

    @Test func namesLongerThan255BytesAreRefused() {
        // Five labels of 60 bytes: 306 bytes expanded.
        var name: [UInt8] = []
        for _ in 0..<5 { name += [60] + Array(repeating: 0x61, count: 60) }
        #expect(reason(header(questions: 1) + name + [0, 0, 1, 0, 1]) == .nameTooLong)
        // The same reached through pointers: each question adds labels in front of the last.
        var packet = header(questions: 5)
        var previous: Int?
        for _ in 0..<5 {
            let start = packet.count
            packet += [60] + Array(repeating: 0x62, count: 60)
            if let previous { packet += [0xC0 | UInt8(previous >> 8), UInt8(previous & 0xFF)] } else { packet += [0] }
            packet += [0, 1, 0, 1]
            previous = start
        }
        #expect(reason(packet) == .nameTooLong)
    }

    @Test func countsBeyondThePacketAreRefusedBeforeReading() {
        #expect(reason(header(questions: 0xFFFF, answers: 0xFFFF)) == .countsExceedPacket)
        #expect(reason(header(answers: 2, response: true) + Array(repeating: 0, count: 12)) == .countsExceedPacket)
    }

    @Test func oversizedPacketsAreRefused() {
        #expect(reason(header() + Array(repeating: 0, count: DNSMessage.maximumSize)) == .oversized(DNSMessage.maximumSize + 12))
    }

    @Test func recordDataMustFitItsType() {
        let a5 = header(answers: 1, response: true) + [0, 0, 1, 0, 1, 0, 0, 0, 120, 0, 5, 10, 0, 0, 1, 9]
        #expect(reason(a5) == .badRecordData(type: 1))
        // A TXT string claiming 9 bytes in a 4-byte record.
        let txt = header(answers: 1, response: true) + [0, 0, 16, 0, 1, 0, 0, 0, 120, 0, 4, 9, 0x61, 0x62, 0x63]
        #expect(reason(txt) == .badRecordData(type: 16))
        // A PTR whose name ends before its data does.
        let ptr = header(answers: 1, response: true) + [0, 0, 12, 0, 1, 0, 0, 0, 120, 0, 4, 1, 0x61, 0, 0xFF]
        #expect(reason(ptr) == .badRecordData(type: 12))
        // An SRV record too short for its fixed fields.
        let srv = header(answers: 1, response: true) + [0, 0, 33, 0, 1, 0, 0, 0, 120, 0, 3, 0, 0, 0]
        #expect(reason(srv) == .badRecordData(type: 33))
        // A record whose length runs past the packet.
        let long = header(answers: 1, response: true) + [0, 0, 1, 0, 1, 0, 0, 0, 120, 0x10, 0, 1, 2, 3, 4]
        #expect(reason(long) == .truncated)
    }

    @Test func trailingBytesAreRefused() {
        #expect(reason(header() + [0]) == .trailingBytes(1))
    }

    /// Seeded random corruption of a real announcement (byte flips, cuts, splices): every
    /// result either fails with an error or decodes to a message that encodes and reads
    /// back the same.
    @Test func randomCorruptionNeverCrashes() throws {
        let valid = try DNSWireTests.service.announcement().encoded()
        var rng = SplitMix64(seed: 0x7A_C41C_0AA)
        var decoded = 0
        for _ in 0..<20_000 {
            var bytes = valid
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let position = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 4 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes[position] ^= 0xC0
                case 2: bytes.removeSubrange(position...)
                default: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: position)
                }
                if bytes.isEmpty { break }
            }
            guard let message = try? DNSMessage(decoding: bytes) else { continue }
            decoded += 1
            let again = try DNSMessage(decoding: try message.encoded())
            #expect(again == message)
        }
        #expect(decoded > 0)
    }
}

