import Testing
@testable import ScreenCore

@Suite struct ScreenBufferTests {
    @Test func widths() {
        #expect(DisplayWidth.of("a" as Character) == 1)
        #expect(DisplayWidth.of("中" as Character) == 2)
        #expect(DisplayWidth.of("😀" as Character) == 2)
        #expect(DisplayWidth.of("é" as Character) == 1)
        #expect(DisplayWidth.of("e\u{301}" as Character) == 1)
        #expect(DisplayWidth.of("❤️" as Character) == 2)
        #expect(DisplayWidth.of("ｱ" as Character) == 1)
        #expect(DisplayWidth.of("中文abc") == 7)
    }

    @Test func wideCharacterTakesTwoCells() {
        var b = ScreenBuffer(width: 6, height: 1)
        let end = b.text("a中b", x: 0, y: 0)
        #expect(end == 4)
        #expect(b[1, 0].grapheme == "中")
        #expect(b[1, 0].width == 2)
        #expect(b[2, 0].isContinuation)
        #expect(b.plainText() == "a中b")
    }

    @Test func wideCharacterAtRightEdgeBecomesBlank() {
        var b = ScreenBuffer(width: 4, height: 1)
        b.text("abc中", x: 0, y: 0)
        #expect(b.plainText(trimTrailing: false) == "abc ")
        #expect(!b.cells.contains { $0.width == 2 })
        #expect(!b.cells.contains { $0.isContinuation })
    }

    @Test func wideCharacterAtClipEdgeBecomesBlank() {
        var b = ScreenBuffer(width: 10, height: 1, fill: Cell("."))
        b.text("中文字", x: 2, y: 0, clip: Rect(x: 2, y: 0, width: 5, height: 1))
        #expect(b.plainText() == "..中文 ...")
    }

    @Test func clippingOnTheLeftSkipsAndBlanksStraddlers() {
        var b = ScreenBuffer(width: 8, height: 1, fill: Cell("."))
        b.text("a中bc", x: 0, y: 0, clip: Rect(x: 2, y: 0, width: 4, height: 1))
        // "a" at 0 and the left half of 中 at 1 are outside; 中's right half at 2 is blank.
        #expect(b.plainText() == ".. bc...")
        b.text("xyz", x: -2, y: 0)
        #expect(b.plainText() == "z. bc...")
    }

    @Test func clippingVerticallyAndOutsideDrawsNothing() {
        var b = ScreenBuffer(width: 3, height: 2)
        b.text("abc", x: 0, y: 5)
        b.text("abc", x: 0, y: -1)
        b.text("abc", x: 5, y: 0)
        #expect(b.plainText() == "\n")
    }

    @Test func overwritingHalfOfAWideCharacterBlanksTheOtherHalf() {
        var b = ScreenBuffer(width: 4, height: 1)
        b.text("中文", x: 0, y: 0)
        b.text("x", x: 1, y: 0)
        #expect(b.plainText() == " x文")
        b.text("y", x: 2, y: 0)
        #expect(b.plainText(trimTrailing: false) == " xy ")
        #expect(!b.cells.contains { $0.isContinuation })
    }

    @Test func controlCharactersAreReplaced() {
        var b = ScreenBuffer(width: 4, height: 1)
        b.text("a\u{1B}b", x: 0, y: 0)
        #expect(b.plainText() == "a\u{FFFD}b")
    }

    @Test func boxAndFill() {
        var b = ScreenBuffer(width: 4, height: 3)
        b.fill(Rect(x: 0, y: 0, width: 4, height: 3), with: Cell("#"))
        b.box(Rect(x: 0, y: 0, width: 4, height: 3))
        #expect(b.plainText() == "┌──┐\n│##│\n└──┘")
    }

    @Test func diffOfIdenticalBuffersIsEmpty() {
        var a = ScreenBuffer(width: 20, height: 5)
        a.text("hello 世界", x: 2, y: 2)
        #expect(a.changes(from: a).isEmpty)
    }

    @Test func diffListsExactlyTheChangedCells() {
        var a = ScreenBuffer(width: 20, height: 5)
        a.text("hello", x: 0, y: 0)
        var b = a
        b.text("J", x: 0, y: 0)
        b.text("!", x: 10, y: 3)
        let changes = b.changes(from: a)
        #expect(changes.map { [$0.x, $0.y] } == [[0, 0], [10, 3]])
        #expect(changes[0].cell.grapheme == "J")
    }

    @Test func diffOfAWideCharacterListsOnlyItsLead() {
        let a = ScreenBuffer(width: 6, height: 1)
        var b = a
        b.text("中", x: 2, y: 0)
        let changes = b.changes(from: a)
        #expect(changes.count == 1)
        #expect(changes[0].x == 2)
        // Replacing it by a narrow character lists both columns.
        var c = b
        c.text("ab", x: 2, y: 0)
        #expect(c.changes(from: b).map(\.x) == [2, 3])
    }

    @Test func diffOfAStyleChangeOnly() {
        var a = ScreenBuffer(width: 3, height: 1)
        a.text("abc", x: 0, y: 0)
        var b = a
        b.text("b", x: 1, y: 0, style: Style(fg: .rgb(RGB(1, 2, 3))))
        #expect(b.changes(from: a).map(\.x) == [1])
    }

    @Test func diffAgainstAnotherSizeListsEverything() {
        let a = ScreenBuffer(width: 3, height: 2)
        let b = ScreenBuffer(width: 4, height: 2)
        #expect(b.changes(from: a).count == 8)
        #expect(b.changes(from: nil).count == 8)
    }

    @Test func ansiDump() {
        var b = ScreenBuffer(width: 3, height: 1)
        b.text("ab", x: 0, y: 0, style: Style(fg: .rgb(RGB(255, 0, 0)), bg: .palette(4), attributes: .bold))
        #expect(b.ansiText() == "\u{1B}[0;1;38;2;255;0;0;44mab\u{1B}[0m \u{1B}[0m")
    }
}

@Suite struct TextWrapTests {
    @Test func wrapsAtSpaces() {
        #expect(TextWrap.lines("the quick brown fox", width: 10) == ["the quick", "brown fox"])
    }

    @Test func wrapsCJKByWidth() {
        let lines = TextWrap.lines("你好世界你好世界", width: 5)
        #expect(lines == ["你好", "世界", "你好", "世界"])
        for l in lines { #expect(DisplayWidth.of(l) <= 5) }
    }

    @Test func cutsLongWordsAndKeepsNewlines() {
        #expect(TextWrap.lines("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(TextWrap.lines("a\nb", width: 4) == ["a", "b"])
    }

    @Test func mixedTextNeverExceedsWidth() {
        let text = "New message from 小明: 今天晚上一起吃饭吗？😀 ok see you"
        for width in 2...20 {
            for l in TextWrap.lines(text, width: width) { #expect(DisplayWidth.of(l) <= width) }
        }
    }

    @Test func aWideCharacterWiderThanTheLineStandsAlone() {
        #expect(TextWrap.lines("中a", width: 1) == ["中", "a"])
    }

    @Test func truncates() {
        #expect(TextWrap.truncate("hello world", width: 6) == "hello…")
        #expect(TextWrap.truncate("中文中文", width: 5) == "中文…")
        #expect(TextWrap.truncate("ok", width: 6) == "ok")
    }
}
