import IRCProtocol
import Testing

@Suite struct FramerTests {
    func lines(_ framer: inout IRCLineFramer) -> [IRCLineFramer.Event] {
        var out: [IRCLineFramer.Event] = []
        while let e = framer.next() { out.append(e) }
        return out
    }

    @Test func splitsOnAnyTerminatorAndSkipsEmptyLines() {
        var f = IRCLineFramer()
        f.append(Array("A\r\nB\nC\rD\r\n\r\n\nE".utf8))
        #expect(lines(&f) == ["A", "B", "C", "D"].map { .line(Array($0.utf8)) })
        f.append(Array("F\r\n".utf8))
        #expect(lines(&f) == [.line(Array("EF".utf8))])
        #expect(f.bufferedByteCount == 0)
    }

    /// A terminator at any position of a line, after any split of the input, among bytes that
    /// differ from CR or LF only in their top bit or by one, ends the line exactly there (a
    /// check for any faster scan: one looking at eight bytes at a time was tried, 2026-12-07).
    @Test func aTerminatorEndsTheLineAtEveryPositionAndSplit() {
        let filler: [UInt8] = [0x8D, 0x8A, 0x0C, 0x0E, 0x0B, 0x09, 0x4D, 0x4A, 0xFF, 0x20, 0x41]
        for length in 1...25 {
            let line = (0..<length).map { filler[$0 % filler.count] }
            for terminator: [UInt8] in [[0x0D, 0x0A], [0x0A], [0x0D]] {
                let input = line + terminator + Array("next".utf8) + [0x0A]
                for split in 0...input.count {
                    var f = IRCLineFramer()
                    f.append(input[..<split])
                    var got = lines(&f)
                    f.append(input[split...])
                    got += lines(&f)
                    #expect(got == [.line(line), .line(Array("next".utf8))], "length \(length), split at \(split)")
                }
            }
        }
    }

    @Test func byteByByteDelivery() {
        var f = IRCLineFramer()
        var got: [IRCLineFramer.Event] = []
        for b in "NICK a\r\nUSER u 0 * :R\r\n".utf8 {
            f.append([b])
            while let e = f.next() { got.append(e) }
        }
        #expect(got == [.line(Array("NICK a".utf8)), .line(Array("USER u 0 * :R".utf8))])
    }

    @Test func overlongLineIsReportedOnceAndDiscarded() {
        var f = IRCLineFramer(maxLineBytes: 16)
        f.append(Array(repeating: UInt8(ascii: "x"), count: 40))
        #expect(lines(&f) == [.tooLong])
        #expect(f.bufferedByteCount == 0)
        f.append(Array(repeating: UInt8(ascii: "y"), count: 40))
        #expect(lines(&f).isEmpty)
        f.append(Array("tail\r\nOK\r\n".utf8))
        #expect(lines(&f) == [.line(Array("OK".utf8))])
    }

    @Test func completeOverlongLineInOneChunk() {
        var f = IRCLineFramer(maxLineBytes: 4)
        f.append(Array("abcdefgh\nok\n".utf8))
        #expect(lines(&f) == [.tooLong, .line(Array("ok".utf8))])
    }

    @Test func exactlyAtLimitPasses() {
        var f = IRCLineFramer(maxLineBytes: 4)
        f.append(Array("abcd".utf8))
        #expect(lines(&f).isEmpty)
        f.append(Array("\n".utf8))
        #expect(lines(&f) == [.line(Array("abcd".utf8))])
    }

    @Test func memoryStaysBoundedUnderEndlessGarbage() {
        var f = IRCLineFramer(maxLineBytes: 100)
        for _ in 0..<1000 {
            f.append(Array(repeating: UInt8(ascii: "z"), count: 37))
            _ = lines(&f)
            #expect(f.bufferedByteCount <= 137)
        }
    }
}
