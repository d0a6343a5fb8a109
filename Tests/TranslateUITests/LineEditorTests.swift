import Testing
@testable import TranslateUI

/// The input line edits graphemes, not bytes or scalars, and keeps the cursor visible.
@Suite struct LineEditorTests {
    @Test func cursorMovesAndDeletesWholeGraphemes() {
        // CJK, a combining accent, an emoji with a skin tone, a flag: one step each.
        var e = LineEditor("你好e\u{301}👍🏽🇯🇵x")
        #expect(e.characters.count == 6)
        #expect(e.cursor == 6)
        e.moveLeft()
        e.moveLeft()
        e.backspace()  // removes 👍🏽 whole
        #expect(e.text == "你好e\u{301}🇯🇵x")
        e.home()
        e.deleteForward()
        #expect(e.text == "好e\u{301}🇯🇵x")
        e.moveRight()
        e.insert("世")
        #expect(e.text == "好世e\u{301}🇯🇵x")
        #expect(e.cursor == 2)
        e.end()
        e.backspace()
        #expect(e.text == "好世e\u{301}🇯🇵")
    }

    @Test func movementStopsAtTheEnds() {
        var e = LineEditor("ab")
        e.moveRight()
        #expect(e.cursor == 2)
        e.home()
        e.moveLeft()
        e.backspace()
        #expect(e.cursor == 0)
        #expect(e.text == "ab")
        e.end()
        e.deleteForward()
        #expect(e.text == "ab")
    }

    @Test func ctrlWDeletesTheWordBeforeTheCursorAndCtrlUTheStart() {
        var e = LineEditor("give it  up")
        e.deleteWordBackward()
        #expect(e.text == "give it  ")
        e.deleteWordBackward()
        #expect(e.text == "give ")
        e.set("hello 世界 world")
        for _ in 0..<6 { e.moveLeft() }
        e.deleteWordBackward()
        #expect(e.text == "hello  world")
        #expect(e.cursor == 6)
        e.deleteToStart()
        #expect(e.text == " world")
        #expect(e.cursor == 0)
        e.moveRight()
        e.deleteToEnd()
        #expect(e.text == " ")
    }

    @Test func pasteBecomesOneLine() {
        var e = LineEditor()
        e.insert("first line\nsecond\r\nthird\r\n\n\tfourth\u{7}\u{1B}[31m")
        #expect(e.text == "first line second third fourth[31m")
        #expect(!e.text.contains("\n"))
    }

    @Test func controlAndLoneCombiningCharactersAreDropped() {
        var e = LineEditor()
        let inserted = e.insert("\u{0}\u{8}\u{7F}\u{9B}")
        #expect(!inserted)
        #expect(e.isEmpty)
        e.insert("\u{301}a\u{200B}b")
        #expect(e.text == "ab")
    }

    @Test func theLimitCutsLongInput() {
        var e = LineEditor(limit: 5)
        e.insert("abcdefgh")
        #expect(e.text == "abcde")
        let more = e.insert("x")
        #expect(!more)
        e.set(String(repeating: "字", count: 100))
        #expect(e.characters.count == 5)
    }

    @Test func aSelectionIsReplacedByTypingAndClearedByBackspace() {
        var e = LineEditor()
        e.set("kept", selected: true)
        e.insert("g")
        #expect(e.text == "g")
        e.set("kept", selected: true)
        e.backspace()
        #expect(e.isEmpty)
        e.set("kept", selected: true)
        e.moveLeft()
        #expect(!e.selected && e.cursor == 0)
        e.set("kept", selected: true)
        e.deleteWordBackward()
        #expect(e.isEmpty)
        e.set("", selected: true)
        #expect(!e.selected)
    }

    @Test func theWindowKeepsTheCursorVisible() {
        var e = LineEditor(String(repeating: "a", count: 30))
        var w = e.window(width: 10)
        #expect(w.start == 21)
        #expect(w.cursorColumn == 9)
        e.home()
        w = e.window(width: 10)
        #expect(w.start == 0 && w.cursorColumn == 0)
        // Wide characters: two columns each, never split.
        e.set(String(repeating: "字", count: 10))
        w = e.window(width: 9)
        #expect(w.cursorColumn <= 8)
        #expect(w.start == 6)  // 4 characters = 8 columns, then the cursor cell
        e.moveLeft()
        w = e.window(width: 9)
        #expect(w.cursorColumn + 2 <= 9)
    }
}
