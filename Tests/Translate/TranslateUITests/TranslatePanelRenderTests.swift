import Foundation
import ScreenCore
import TerminalInput
import Testing
@testable import TranslateUI
import Translator

/// Golden text of the rendered panel (`ScreenBuffer.plainText()`, trailing blanks trimmed
/// as tmux's capture does) in Golden/NAME.txt. `TACHIKOMA_RECORD_GOLDEN=1 swift test
/// --filter TranslatePanelRenderTests` rewrites them; review the diff before committing.
@Suite struct TranslatePanelRenderTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func expectScreen(_ d: PanelDriver, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let got = d.screen() + "\n"
        let file = Self.goldenDirectory.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["TACHIKOMA_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.goldenDirectory, withIntermediateDirectories: true)
            try got.write(to: file, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: file, encoding: .utf8)
        #expect(got == golden, "screen differs from Golden/\(name).txt:\n\(got)", sourceLocation: sourceLocation)
    }

    @Test func missingDictionaryNamesTheInstallScript() throws {
        var d = PanelDriver(width: 50, height: 12)
        d.receive(.status(dictionary: .notInstalled(path: "/nowhere/ecdict.tkd"), online: nil, onlineProblem: nil))
        try expectScreen(d, "missing-dictionary")
    }

    @Test func aWordWithItsBaseForm() throws {
        var d = PanelDriver(width: 50, height: 20)
        try d.lookUp("kept")
        try expectScreen(d, "word-with-base-form")
    }

    @Test func onlinePendingThenTheAnswerAboveTheDictionary() throws {
        var d = PanelDriver(width: 50, height: 12)
        let task = try d.lookUp("cat")
        d.receive(.onlinePending(request: task.request, service: "LibreTranslate"))
        try expectScreen(d, "online-pending")
        d.receive(.online(request: task.request, service: "LibreTranslate", text: "猫"))
        try expectScreen(d, "online-answer")
    }

    @Test func anOnlineTranslationReplacesTheGloss() throws {
        var d = PanelDriver(width: 50, height: 12)
        let task = try d.lookUp("the cat kept")
        d.receive(.online(request: task.request, service: "chat endpoint (qwen2.5:3b)", text: "那只猫留了下来。"))
        try expectScreen(d, "online-replaces-gloss")
    }

    @Test func anOnlineFailureIsSaidAndTheOfflineAnswerStays() throws {
        var d = PanelDriver(width: 50, height: 10)
        let task = try d.lookUp("cat")
        d.receive(.onlinePending(request: task.request, service: "LibreTranslate"))
        d.receive(.onlineFailed(request: task.request, service: "LibreTranslate",
                                message: "LibreTranslate did not answer within 10 s"))
        try expectScreen(d, "online-failed")
    }

    @Test func narrowPanelWrapsCJKAndScrolls() throws {
        var d = PanelDriver(width: 30, height: 12)
        try d.lookUp("keep")
        try expectScreen(d, "narrow-top")
        d.key(.pageDown)
        try expectScreen(d, "narrow-page-down")
    }
}
