import LineEditing
import PetCore
import ScreenCore
import TerminalInput
import Testing
@testable import TranslateUI
import Translator

/// Drives a `TranslatePanel` as the app does, and renders it to text.
struct PanelDriver {
    var panel = TranslatePanel()
    var area: Rect

    init(width: Int = 50, height: Int = 16) {
        area = Rect(x: 0, y: 0, width: width, height: height)
    }

    @discardableResult
    mutating func key(_ k: Key, _ mods: Modifiers = []) -> [PanelCommand<TranslateTask>] {
        panel.handle(.key(k, mods), area: area, now: 0)
    }

    @discardableResult
    mutating func type(_ text: String) -> [PanelCommand<TranslateTask>] {
        text.flatMap { key(.char($0)) }
    }

    @discardableResult
    mutating func mouse(_ action: MouseAction, _ button: MouseButton = .none, x: Int, y: Int) -> [PanelCommand<TranslateTask>] {
        panel.handle(.mouse(MouseEvent(action: action, button: button, x: x, y: y)), area: area, now: 0)
    }

    /// Types `query`, presses Enter and answers like the handler, with the tiny dictionary.
    @discardableResult
    mutating func lookUp(_ query: String) throws -> TranslateTask {
        panel.editor.clear()
        type(query)
        let task = try #require(Self.task(in: key(.enter)))
        receive(.offline(request: task.request, try TinyDictionary.translator().translate(task.query)))
        return task
    }

    mutating func receive(_ message: TranslateMessage) {
        _ = panel.receive(message, now: 0)
    }

    func screen() -> String {
        var buffer = ScreenBuffer(width: area.maxX, height: area.maxY)
        panel.render(into: &buffer, area: area, now: 0)
        return buffer.plainText()
    }

    /// The buffer itself, to check widths and styles.
    func buffer() -> ScreenBuffer {
        var buffer = ScreenBuffer(width: area.maxX, height: area.maxY)
        panel.render(into: &buffer, area: area, now: 0)
        return buffer
    }

    static func task(in commands: [PanelCommand<TranslateTask>]) -> TranslateTask? {
        for case .task(let payload) in commands { return payload }
        return nil
    }

    static func closes(_ commands: [PanelCommand<TranslateTask>]) -> Bool {
        commands.contains { if case .close = $0 { true } else { false } }
    }
}
