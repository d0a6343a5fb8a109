import Foundation
import LineEditing
import PetCore
import ScreenCore
import TerminalInput
import Testing
@testable import TranslateUI
import Translator

/// Keys, pastes, the mouse and the handler's messages, through the panel's own entry points.
@Suite struct TranslatePanelTests {
    @Test func enterAsksForALookupAndEscapeCloses() throws {
        var d = PanelDriver()
        d.type("kept")
        let task = try #require(PanelDriver.task(in: d.key(.enter)))
        #expect(task.query == "kept")
        #expect(d.panel.recent.items == ["kept"])
        #expect(d.panel.editor.selected)
        #expect(d.panel.lookup?.query == "kept")
        // A second lookup gets a new request number.
        d.type("cat")
        #expect(d.panel.editor.text == "cat")
        let second = try #require(PanelDriver.task(in: d.key(.enter)))
        #expect(second.request > task.request)
        #expect(PanelDriver.closes(d.key(.escape)))
        #expect(PanelDriver.closes(d.key(.ctrl("c"))))
    }

    @Test func blankInputAsksForNothing() {
        var d = PanelDriver()
        #expect(PanelDriver.task(in: d.key(.enter)) == nil)
        d.type("   ")
        #expect(PanelDriver.task(in: d.key(.enter)) == nil)
        #expect(d.panel.recent.isEmpty)
    }

    @Test func queryIsTrimmedAndAPasteIsOneLine() throws {
        var d = PanelDriver()
        _ = d.panel.handle(.paste("  give\nup \r\n"), area: d.area, now: 0)
        #expect(d.panel.editor.text == "  give up  ")
        let task = try #require(PanelDriver.task(in: d.key(.enter)))
        #expect(task.query == "give up")
    }

    @Test func editingKeysReachTheLine() {
        var d = PanelDriver()
        d.type("hello wörld 你好")
        d.key(.ctrl("w"))
        #expect(d.panel.editor.text == "hello wörld ")
        d.key(.backspace)
        d.key(.left)
        d.key(.left)
        d.key(.delete)
        #expect(d.panel.editor.text == "hello wörd")
        d.key(.home)
        d.type("¡")
        d.key(.end)
        d.type("!")
        #expect(d.panel.editor.text == "¡hello wörd!")
        d.key(.left)
        d.key(.ctrl("u"))
        #expect(d.panel.editor.text == "!")
        // Alt-letters and Ctrl-letters are not text.
        d.key(.char("x"), .alt)
        d.key(.ctrl("g"))
        #expect(d.panel.editor.text == "!")
    }

    @Test func upOnAnEmptyLineRecallsRecentLookups() throws {
        var d = PanelDriver()
        for q in ["one", "two", "three"] { try d.lookUp(q) }
        d.key(.backspace)  // clears the selected query
        #expect(d.panel.editor.isEmpty)
        d.key(.up)
        #expect(d.panel.editor.text == "three")
        d.key(.up)
        d.key(.up)
        #expect(d.panel.editor.text == "one")
        d.key(.up)  // nothing older
        #expect(d.panel.editor.text == "one")
        d.key(.down)
        #expect(d.panel.editor.text == "two")
        d.key(.down)
        d.key(.down)
        #expect(d.panel.editor.isEmpty)
        // Ctrl-P recalls even with text on the line.
        d.type("x")
        d.key(.ctrl("p"))
        #expect(d.panel.editor.text == "three")
        // Editing a recalled line ends recalling: Up scrolls again.
        d.type("s")
        d.key(.up)
        #expect(d.panel.editor.text == "threes")
        // A repeated lookup moves to the front instead of appearing twice.
        try d.lookUp("ONE")
        #expect(d.panel.recent.items == ["ONE", "three", "two"])
    }

    @Test func clickingARecentLookupTranslatesItAgain() throws {
        var d = PanelDriver(width: 50, height: 16)
        try d.lookUp("cat")
        try d.lookUp("keep")
        let row = d.screen().components(separatedBy: "\n")[14]
        #expect(row == " Recent: keep · cat")
        let x = try #require(row.range(of: "cat")).lowerBound.utf16Offset(in: row)
        let task = try #require(PanelDriver.task(in: d.mouse(.press, .left, x: x + 1, y: 14)))
        #expect(task.query == "cat")
        #expect(d.panel.editor.text == "cat")
        #expect(PanelDriver.task(in: d.mouse(.press, .left, x: 2, y: 14)) == nil)
    }

    @Test func resultsScrollWithKeysAndTheWheelAndStayInRange() throws {
        var d = PanelDriver(width: 30, height: 12)  // 7 result rows, 17 lines of content
        try d.lookUp("keep")
        #expect(d.panel.scroll == 0)
        d.key(.down)
        #expect(d.panel.scroll == 1)
        d.key(.up)
        d.key(.up)
        #expect(d.panel.scroll == 0)
        d.key(.pageDown)
        #expect(d.panel.scroll == 6)
        d.key(.pageDown)
        #expect(d.panel.scroll == 10)  // 17 lines - 7 rows: the last line at the bottom
        d.mouse(.wheelUp, x: 5, y: 5)
        #expect(d.panel.scroll == 7)
        d.mouse(.wheelDown, x: 5, y: 5)
        d.mouse(.wheelDown, x: 5, y: 5)
        #expect(d.panel.scroll == 10)
        d.key(.pageUp)
        d.key(.pageUp)
        #expect(d.panel.scroll == 0)
        // A new lookup starts at the top.
        d.key(.pageDown)
        try d.lookUp("cat")
        #expect(d.panel.scroll == 0)
    }

    @Test func aShorterAreaAfterAResizeNeverShowsPastTheEnd() throws {
        var d = PanelDriver(width: 30, height: 12)
        try d.lookUp("keep")
        d.key(.pageDown)
        d.key(.pageDown)
        d.area = Rect(x: 0, y: 0, width: 110, height: 40)
        #expect(d.screen().contains("keep  /kip/"))
    }

    @Test func answersToAnOlderLookupAreIgnored() throws {
        var d = PanelDriver()
        d.type("keep")
        let old = try #require(PanelDriver.task(in: d.key(.enter)))
        d.type("cat")
        let new = try #require(PanelDriver.task(in: d.key(.enter)))
        let dictionary = try TinyDictionary.translator()
        d.receive(.offline(request: new.request, try dictionary.translate("cat")))
        d.receive(.offline(request: old.request, try dictionary.translate("keep")))
        d.receive(.online(request: old.request, service: "LibreTranslate", text: "保持"))
        #expect(d.panel.lookup?.query == "cat")
        #expect(d.panel.lookup?.online == TranslatePanel.Lookup.Online.none)
        #expect(!d.screen().contains("保持"))
        #expect(d.screen().contains("猫"))
    }

    @Test func aFailedLookupShowsTheInstallCommand() throws {
        var d = PanelDriver(width: 60, height: 14)
        d.type("kept")
        let task = try #require(PanelDriver.task(in: d.key(.enter)))
        d.receive(.dictionaryFailed(request: task.request, .notInstalled(path: "/x/ecdict.tkd")))
        #expect(d.screen().contains("scripts/install-dictionary.sh"))
        d.receive(.dictionaryFailed(request: task.request, .corrupted(reason: "bad magic")))
        #expect(d.screen().contains("corrupted (bad magic)"))
        #expect(d.screen().contains("--force"))
    }

    @Test func aBadOnlineConfigIsSaidBeforeTheFirstLookup() {
        var d = PanelDriver(width: 70, height: 14)
        d.receive(.status(dictionary: nil, online: nil, onlineProblem: "translate.url must be an http:// or https:// URL"))
        #expect(d.screen().contains("Online translation is off: translate.url must be"))
        d.receive(.status(dictionary: nil, online: "LibreTranslate", onlineProblem: nil))
        #expect(d.screen().contains("Online: LibreTranslate answers after the dictionary."))
    }

    @Test func aBadOnlineConfigAtLookupTimeIsOneClearLine() throws {
        var d = PanelDriver(width: 110, height: 14)
        let task = try d.lookUp("cat")
        d.receive(.onlineFailed(request: task.request, service: TranslateMessage.configService,
                                message: "online translation is misconfigured: translate.timeout must be 1 to 120 seconds"))
        let screen = d.screen()
        #expect(screen.contains("✗ online translation is misconfigured: translate.timeout must be 1 to 120 seconds"))
        #expect(screen.contains("n. 猫"))
    }

    @Test func tinyAreasDrawWithoutCrashing() throws {
        for (w, h) in [(0, 0), (1, 1), (3, 2), (5, 4), (8, 6), (44, 3)] {
            var d = PanelDriver(width: w, height: h)
            try d.lookUp("keep")
            d.key(.pageDown)
            d.mouse(.wheelDown, x: 0, y: 0)
            _ = d.screen()
        }
    }

    @Test func everyLineFitsAndWideCharactersAreWhole() throws {
        let dictionary = try TinyDictionary.translator()
        for width in [30, 44, 57, 80] {
            var d = PanelDriver(width: width, height: 40)
            try d.lookUp("keep")
            let buffer = d.buffer()
            for y in 0..<buffer.height {
                for x in 0..<buffer.width where buffer[x, y].width == 2 {
                    #expect(x + 1 < buffer.width && buffer[x + 1, y].isContinuation)
                }
            }
            // Every sense of the entry is on screen, however it wrapped.
            let screen = d.screen().replacingOccurrences(of: "\n", with: " ")
            for sense in try #require(try dictionary.lookup("keep")).entry.entry.senses {
                for item in sense.text.components(separatedBy: ", ") { #expect(screen.contains(item), "\(item) at \(width)") }
            }
        }
    }

    @Test func clickingTheInputLinePlacesTheCursor() {
        var d = PanelDriver(width: 50, height: 16)
        d.type("ab你好cd")
        // The text starts at column 3: a=3 b=4 你=5-6 好=7-8 c=9.
        d.mouse(.press, .left, x: 6, y: 1)
        #expect(d.panel.editor.cursor == 2)
        d.mouse(.press, .left, x: 9, y: 1)
        #expect(d.panel.editor.cursor == 4)
        d.mouse(.press, .left, x: 40, y: 1)
        #expect(d.panel.editor.cursor == 6)
        d.type("!")
        #expect(d.panel.editor.text == "ab你好cd!")
    }

    @Test func aHugePasteIsCutAndItsAnswerStillFits() throws {
        var d = PanelDriver(width: 44, height: 20)
        _ = d.panel.handle(.paste(String(repeating: "x", count: 100_000)), area: d.area, now: 0)
        #expect(d.panel.editor.characters.count == Translator.maxInputCharacters)
        let task = try #require(PanelDriver.task(in: d.key(.enter)))
        d.receive(.offline(request: task.request, try TinyDictionary.translator().translate(task.query)))
        let screen = d.screen()
        #expect(screen.contains("xxx…” is not in the"))  // the word named short, not 4,000 x
        #expect(screen.components(separatedBy: "\n").count == 20)
        // The input shows the end of the line and never spills out of the panel.
        let buffer = d.buffer()
        #expect(buffer.plainText().components(separatedBy: "\n").allSatisfy { $0.count <= 44 })
    }
}
