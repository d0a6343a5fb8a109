import Testing
@testable import LineEditing
import ScreenCore
import TerminalInput

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

/// What the chat's input line needs beyond the dialog's: history and completion.
@Suite struct LineEditorHistoryTests {
    @Test func editsWideTextByCharacter() {
        var e = LineEditor()
        e.insert("ab塔奇👍🏽c")
        #expect(e.cursor == 6)
        e.moveLeft()
        e.backspace()
        #expect(e.text == "ab塔奇c")
        e.home()
        e.moveRight()
        e.deleteForward()
        #expect(e.text == "a塔奇c")
        e.end()
        e.insert(" word  ")
        e.deleteWordBackward()
        #expect(e.text == "a塔奇c ")
        let v = e.visible(width: 5)
        // The cursor stays visible: columns are counted by display width.
        #expect(v.cursorColumn <= 4)
        #expect(DisplayWidth.of(v.text) <= 5)
        e.insert("\u{7}x\ny")
        #expect(e.text == "a塔奇c x y")
    }

    @Test func historyKeepsTheDraft() {
        var e = LineEditor()
        e.insert("first")
        _ = e.submit()
        e.insert("second")
        _ = e.submit()
        e.insert("draft")
        e.historyUp()
        #expect(e.text == "second")
        e.historyUp()
        e.historyUp()
        #expect(e.text == "first")
        e.historyDown()
        e.historyDown()
        #expect(e.text == "draft")
    }

    @Test func completionReplacesTheWordBeforeTheCursor() {
        var e = LineEditor()
        e.insert("hi bat")
        #expect(e.wordBeforeCursor.start == 3)
        #expect(e.wordBeforeCursor.word == "bat")
        e.replace(from: 3, with: "batou: ")
        #expect(e.text == "hi batou: ")
        #expect(e.cursor == e.characters.count)
    }
}

/// The one key map: every input in the program answers these keys the same way.
@Suite struct LineEditorKeyMapTests {
    @Test func everyEditingKey() {
        func run(_ keys: [(Key, Modifiers)], from text: String = "one two three") -> (String, Int) {
            var e = LineEditor(text)
            for (k, m) in keys {
                let handled = e.edit(k, m)
                #expect(handled, "\(k) is an editing key")
            }
            return (e.text, e.cursor)
        }
        #expect(run([(.ctrl("w"), [])]) == ("one two ", 8))
        #expect(run([(.backspace, .alt)]) == ("one two ", 8))
        #expect(run([(.ctrl("a"), []), (.ctrl("k"), [])]) == ("", 0))
        #expect(run([(.ctrl("b"), []), (.ctrl("b"), []), (.ctrl("u"), [])]) == ("ee", 0))
        #expect(run([(.home, []), (.ctrl("f"), []), (.ctrl("d"), [])]) == ("oe two three", 1))
        #expect(run([(.ctrl("a"), []), (.ctrl("e"), []), (.ctrl("h"), [])]) == ("one two thre", 12))
        #expect(run([(.left, []), (.delete, [])]) == ("one two thre", 12))
        #expect(run([(.char("!"), [])]) == ("one two three!", 14))
    }

    @Test func theHostsKeysAreLeftToTheHost() {
        var e = LineEditor("x")
        for (k, m) in [(Key.enter, Modifiers()), (.up, []), (.down, []), (.tab, []), (.escape, []), (.ctrl("n"), []),
                       (.ctrl("p"), []), (.right, .alt), (.left, .alt), (.char("x"), .alt), (.pageUp, [])] {
            let handled = e.edit(k, m)
            #expect(!handled, "\(k) \(m) belongs to the panel")
        }
        #expect(e.text == "x")
    }
}
