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
