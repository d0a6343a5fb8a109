import ScreenCore

/// The input line: UTF-8 text edited by grapheme (so a CJK character or an emoji is one step
/// of the cursor), with the usual keys and a history of sent lines.
public struct LineEditor: Hashable, Sendable {
    /// The characters of the line.
    public private(set) var characters: [Character] = []
    /// The cursor position, as an index into `characters` (0...count).
    public private(set) var cursor = 0
    private var history: [String] = []
    private var historyIndex: Int?
    private var draft: [Character] = []

    /// Makes an empty editor.
    public init() {}

    /// The line as a string.
    public var text: String { String(characters) }

    /// Replaces the whole line, the cursor at its end.
    public mutating func set(_ text: String) {
        characters = Array(text)
        cursor = characters.count
    }

    /// Inserts text at the cursor (line breaks become spaces).
    public mutating func insert(_ text: String) {
        let chars = text.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\t" ? " " : $0 }
            .filter { !($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) }
        characters.insert(contentsOf: chars, at: cursor)
        cursor += chars.count
    }

    /// Deletes the character before the cursor.
    public mutating func backspace() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    /// Deletes the character under the cursor.
    public mutating func delete() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    /// Moves the cursor one character left.
    public mutating func left() { cursor = max(0, cursor - 1) }
    /// Moves the cursor one character right.
    public mutating func right() { cursor = min(characters.count, cursor + 1) }
    /// Moves the cursor to the start.
    public mutating func home() { cursor = 0 }
    /// Moves the cursor to the end.
    public mutating func end() { cursor = characters.count }

    /// Deletes the word before the cursor (Ctrl-W), with the spaces after it.
    public mutating func deleteWordBefore() {
        var i = cursor
        while i > 0 && characters[i - 1] == " " { i -= 1 }
        while i > 0 && characters[i - 1] != " " { i -= 1 }
        characters.removeSubrange(i..<cursor)
        cursor = i
    }

    /// Deletes everything before the cursor (Ctrl-U).
    public mutating func deleteToStart() {
        characters.removeSubrange(0..<cursor)
        cursor = 0
    }

    /// Takes the line for sending: remembers it in the history and clears the editor.
    public mutating func submit() -> String {
        let line = text
        if !line.isEmpty && history.last != line {
            history.append(line)
            if history.count > 200 { history.removeFirst() }
        }
        historyIndex = nil
        characters = []
        cursor = 0
        return line
    }

    /// Recalls the previous history entry (Up), keeping what was being typed.
    public mutating func historyUp() {
        guard !history.isEmpty else { return }
        if historyIndex == nil {
            draft = characters
            historyIndex = history.count
        }
        guard let i = historyIndex, i > 0 else { return }
        historyIndex = i - 1
        characters = Array(history[i - 1])
        cursor = characters.count
    }

    /// Goes forward in history (Down); past the newest entry comes back the draft.
    public mutating func historyDown() {
        guard let i = historyIndex else { return }
        if i + 1 >= history.count {
            historyIndex = nil
            characters = draft
        } else {
            historyIndex = i + 1
            characters = Array(history[i + 1])
        }
        cursor = characters.count
    }

    /// The word being typed before the cursor and where it starts.
    public var wordBeforeCursor: (start: Int, word: String) {
        var i = cursor
        while i > 0 && characters[i - 1] != " " { i -= 1 }
        return (i, String(characters[i..<cursor]))
    }

    /// Replaces characters `start..<cursor` with `text`.
    public mutating func replace(from start: Int, with text: String) {
        characters.replaceSubrange(start..<cursor, with: Array(text))
        cursor = start + text.count
    }

    /// What to show in `width` columns: the visible text and the cursor's column, scrolled so
    /// the cursor is always visible, by display width (wide characters take two columns).
    public func visible(width: Int) -> (text: String, cursorColumn: Int) {
        guard width > 1 else { return ("", 0) }
        var start = 0
        var w = characters[0..<cursor].reduce(0) { $0 + DisplayWidth.of($1) }
        while w > width - 1 && start < cursor {
            w -= DisplayWidth.of(characters[start])
            start += 1
        }
        var out = ""
        var used = 0
        for ch in characters[start...] {
            let cw = DisplayWidth.of(ch)
            if used + cw > width { break }
            out.append(ch)
            used += cw
        }
        return (out, w)
    }
}
