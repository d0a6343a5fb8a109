import ScreenCore
import TerminalHarness

/// Reads ANSI text — `tmux capture-pane -e` output or `ScreenBuffer.ansiText()` — back into
/// cells (with the test emulator), so what a terminal shows can be compared with what the
/// pet rendered.
enum ANSIScreen {
    static func parse(_ text: String, width: Int, height: Int) -> ScreenBuffer {
        var terminal = TerminalEmulator(width: width, height: height)
        terminal.feed(Array(text.utf8))
        return terminal.grid
    }

    /// The cells whose look differs (see `Look`).
    static func differences(_ expected: ScreenBuffer, _ shown: ScreenBuffer) -> [String] {
        Look.differences(expected, shown)
    }
}
