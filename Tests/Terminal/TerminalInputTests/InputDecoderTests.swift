import Testing
@testable import TerminalInput

@Suite struct InputDecoderTests {
    func decode(_ s: String) -> [InputEvent] {
        var d = InputDecoder()
        return d.feed(Array(s.utf8))
    }

    @Test func plainTextAndControls() {
        #expect(decode("aZ中\r\t\u{7F}\u{03}") == [
            .key(.char("a")), .key(.char("Z")), .key(.char("中")), .key(.enter), .key(.tab),
            .key(.backspace), .key(.ctrl("c")),
        ])
    }

    @Test func arrowsInBothForms() {
        #expect(decode("\u{1B}[A\u{1B}OB\u{1B}[1;5C\u{1B}[5~\u{1B}[6~\u{1B}[3~\u{1B}OQ\u{1B}[H\u{1B}[4~") == [
            .key(.up), .key(.down), .key(.right, [.ctrl]), .key(.pageUp), .key(.pageDown), .key(.delete),
            .key(.function(2)), .key(.home), .key(.end),
        ])
    }

    @Test func sgrMouse() {
        #expect(decode("\u{1B}[<2;10;5M") == [.mouse(MouseEvent(action: .press, button: .right, x: 9, y: 4))])
        #expect(decode("\u{1B}[<0;1;1m") == [.mouse(MouseEvent(action: .release, button: .left, x: 0, y: 0))])
        #expect(decode("\u{1B}[<32;300;100M") == [.mouse(MouseEvent(action: .drag, button: .left, x: 299, y: 99))])
        #expect(decode("\u{1B}[<35;3;4M") == [.mouse(MouseEvent(action: .move, button: .none, x: 2, y: 3))])
        let wheel: [MouseAction?] = decode("\u{1B}[<64;3;4M\u{1B}[<65;3;4M").map { event -> MouseAction? in
            if case .mouse(let m) = event { return m.action }
            return nil
        }
        #expect(wheel == [.wheelUp, .wheelDown])
    }

    @Test func x10Mouse() {
        let bytes: [UInt8] = [0x1B, 0x5B, 0x4D, 32 + 2, 33 + 9, 33 + 4]
        var d = InputDecoder()
        #expect(d.feed(bytes) == [.mouse(MouseEvent(action: .press, button: .right, x: 9, y: 4))])
    }

    @Test func sequencesSplitAcrossReads() {
        var d = InputDecoder()
        #expect(d.feed(Array("\u{1B}[<2;1".utf8)).isEmpty)
        #expect(d.hasPending)
        #expect(d.feed(Array("0;5M".utf8)) == [.mouse(MouseEvent(action: .press, button: .right, x: 9, y: 4))])
        let zhong = Array("中".utf8)
        #expect(d.feed(zhong.prefix(2)).isEmpty)
        #expect(d.feed(zhong.suffix(1)) == [.key(.char("中"))])
        #expect(!d.hasPending)
    }

    @Test func loneEscapeWaitsForFlush() {
        var d = InputDecoder()
        #expect(d.feed([0x1B]).isEmpty)
        #expect(d.flush() == [.key(.escape)])
        #expect(d.feed(Array("\u{1B}x".utf8)) == [.key(.char("x"), [.alt])])
    }

    @Test func bracketedPasteIsOneEvent() {
        var d = InputDecoder()
        #expect(d.feed(Array("\u{1B}[200~line one\nline".utf8)).isEmpty)
        #expect(d.feed(Array(" two\u{1B}[20".utf8)).isEmpty)
        #expect(d.feed(Array("1~q".utf8)) == [.paste("line one\nline two"), .key(.char("q"))])
    }

    @Test func hostileBytesNeverCrashAndResync() {
        #expect(decode("\u{FF}\u{FE}a") .last == .key(.char("a")))
        var d = InputDecoder()
        let junk = "\u{1B}[" + String(repeating: "9", count: 500) + "Aq"
        let events = d.feed(Array(junk.utf8))
        #expect(events.last == .key(.char("q")))
        let invalid: [UInt8] = [0xE4, 0x41]
        #expect(d.feed(invalid) == [.key(.char("\u{FFFD}")), .key(.char("A"))])
        #expect(d.feed(Array("\u{1B}[<9999999999999999999999;1;1M".utf8)).count <= 1)
    }
}
