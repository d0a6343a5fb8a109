import ScreenCore
import TerminalInput

/// The one line editor of every input in the program (the chat's input line and login form,
/// the Translate dialog): it edits by grapheme cluster, so UTF-8 text, combining accents,
/// emoji and wide (CJK) characters move and delete as the user sees them, scrolls
/// horizontally by display columns so the cursor is always on screen, keeps a history of
/// submitted lines, and has one key map (`edit(_:_:)`) so the same keys work everywhere.
///
/// The whole text can be *selected* (the Translate dialog does it after a lookup): typing
/// replaces it, Backspace clears it, and Left/Right/Home/End keep it and move the cursor, as
/// a search box does.
public struct LineEditor: Hashable, Sendable {
    /// The text, one element per grapheme cluster.
    public private(set) var characters: [Character] = []
    /// The cursor, as an index into `characters` (0…count).
    public private(set) var cursor = 0
    /// Whether the whole text is selected (the next typed text replaces it).
    public private(set) var selected = false
    /// Input longer than this is cut.
    public let limit: Int
    private var history: [String] = []
    private var historyIndex: Int?
    private var draft: [Character] = []

    /// How many submitted lines the history keeps.
    public static let historyLimit = 200

    /// A line holding `text` (cleaned like a paste), cursor at the end.
    public init(_ text: String = "", limit: Int = 4000) {
        self.limit = max(1, limit)
        characters = Array(Self.clean(text).prefix(self.limit))
        cursor = characters.count
    }

    /// The text as a string.
    public var text: String { String(characters) }

    /// Whether there is no text.
    public var isEmpty: Bool { characters.isEmpty }

    /// Replaces the text, cursor at the end, optionally selected.
    public mutating func set(_ text: String, selected: Bool = false) {
        characters = Array(Self.clean(text).prefix(limit))
        cursor = characters.count
        self.selected = selected && !characters.isEmpty
    }

    /// Selects the whole text.
    public mutating func selectAll() { selected = !characters.isEmpty }

    /// Inserts typed or pasted text at the cursor; a selection is replaced. Line breaks and
    /// tabs become spaces (a pasted paragraph is one query) and other control characters
    /// are dropped. Returns false when nothing could be inserted.
    @discardableResult
    public mutating func insert(_ text: String) -> Bool {
        if selected { clear() }
        let new = Array(Self.clean(text).prefix(limit - characters.count))
        guard !new.isEmpty else { return false }
        characters.insert(contentsOf: new, at: cursor)
        cursor += new.count
        return true
    }

    /// Deletes the character before the cursor (the selection, when there is one).
    public mutating func backspace() {
        if selected { return clear() }
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    /// Deletes the character under the cursor (the selection, when there is one).
    public mutating func deleteForward() {
        if selected { return clear() }
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    /// Ctrl-W: deletes the word before the cursor and the spaces after it.
    public mutating func deleteWordBackward() {
        if selected { return clear() }
        var start = cursor
        while start > 0, characters[start - 1].isWhitespace { start -= 1 }
        while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Ctrl-U: deletes everything before the cursor.
    public mutating func deleteToStart() {
        if selected { return clear() }
        characters.removeSubrange(0..<cursor)
        cursor = 0
    }

    /// Ctrl-K: deletes everything from the cursor on.
    public mutating func deleteToEnd() {
        if selected { return clear() }
        characters.removeSubrange(cursor...)
    }

    /// Moves the cursor one character left (to the start of a selection).
    public mutating func moveLeft() {
        if selected { selected = false; cursor = 0; return }
        cursor = max(0, cursor - 1)
    }

    /// Moves the cursor one character right (to the end of a selection).
    public mutating func moveRight() {
        if selected { selected = false; cursor = characters.count; return }
        cursor = min(characters.count, cursor + 1)
    }

    /// Moves the cursor to the start of the line.
    public mutating func home() {
        selected = false
        cursor = 0
    }

    /// Moves the cursor to the end of the line.
    public mutating func end() {
        selected = false
        cursor = characters.count
    }

    /// Puts the cursor before character `index` (clamped), ending any selection.
    public mutating func moveCursor(to index: Int) {
        selected = false
        cursor = max(0, min(index, characters.count))
    }

    /// Empties the line.
    public mutating func clear() {
        characters = []
        cursor = 0
        selected = false
    }

    /// The part of the line to show in `width` columns with the cursor visible: the first
    /// character shown and the cursor's column within the window. The last column is kept
    /// for the cursor when it sits at the end.
    public func window(width: Int) -> (start: Int, cursorColumn: Int) {
        guard width > 1 else { return (cursor, 0) }
        let widths = characters.map { max(1, DisplayWidth.of($0)) }
        let cursorWidth = cursor < widths.count ? widths[cursor] : 1
        // Scroll so that the text before the cursor plus the cursor cell fits.
        var start = 0
        var before = widths[0..<cursor].reduce(0, +)
        while before + cursorWidth > width, start < cursor {
            before -= widths[start]
            start += 1
        }
        return (start, before)
    }

    /// The editing keys, the same in every input: characters insert; ←/→ (Ctrl-B/F),
    /// Home/End (Ctrl-A/E) move; Backspace (Ctrl-H), Delete (Ctrl-D), Ctrl-W and Alt-Backspace
    /// (word), Ctrl-U (to start), Ctrl-K (to end) delete. Returns false for any other key,
    /// which is the host's to handle (Enter, ↑/↓, Tab, Esc…).
    public mutating func edit(_ key: Key, _ mods: Modifiers = []) -> Bool {
        switch key {
        case .char(let c) where !mods.contains(.alt) && !mods.contains(.ctrl):
            insert(String(c))
        case .backspace where mods.contains(.alt), .ctrl("w"):
            deleteWordBackward()
        case .backspace, .ctrl("h"):
            backspace()
        case .delete, .ctrl("d"):
            deleteForward()
        case .ctrl("u"):
            deleteToStart()
        case .ctrl("k"):
            deleteToEnd()
        case .left where !mods.contains(.alt), .ctrl("b"):
            moveLeft()
        case .right where !mods.contains(.alt), .ctrl("f"):
            moveRight()
        case .home, .ctrl("a"):
            home()
        case .end, .ctrl("e"):
            end()
        default:
            return false
        }
        return true
    }

    // MARK: History

    /// Takes the line for sending: remembers it in the history and clears the editor.
    public mutating func submit() -> String {
        let line = text
        if !line.isEmpty && history.last != line {
            history.append(line)
            if history.count > Self.historyLimit { history.removeFirst() }
        }
        historyIndex = nil
        clear()
        return line
    }

    /// Recalls the previous history entry (↑), keeping what was being typed.
    public mutating func historyUp() {
        guard !history.isEmpty else { return }
        if historyIndex == nil {
            draft = characters
            historyIndex = history.count
        }
        guard let i = historyIndex, i > 0 else { return }
        historyIndex = i - 1
        set(history[i - 1])
    }

    /// Goes forward in history (↓); past the newest entry comes back the draft.
    public mutating func historyDown() {
        guard let i = historyIndex else { return }
        if i + 1 >= history.count {
            historyIndex = nil
            set(String(draft))
        } else {
            historyIndex = i + 1
            set(history[i + 1])
        }
    }

    // MARK: Completion and display

    /// The word being typed before the cursor and where it starts.
    public var wordBeforeCursor: (start: Int, word: String) {
        var i = cursor
        while i > 0 && characters[i - 1] != " " { i -= 1 }
        return (i, String(characters[i..<cursor]))
    }

    /// Replaces characters `start..<cursor` with `text` (Tab completion).
    public mutating func replace(from start: Int, with text: String) {
        let new = Self.clean(text)
        characters.replaceSubrange(start..<cursor, with: new)
        cursor = start + new.count
        selected = false
    }

    /// What to show in `width` columns: the visible text and the cursor's column (see `window`).
    public func visible(width: Int) -> (text: String, cursorColumn: Int) {
        guard width > 1 else { return ("", 0) }
        let (start, column) = window(width: width)
        var out = ""
        var used = 0
        for ch in characters[start...] {
            let cw = DisplayWidth.of(ch)
            if used + cw > width { break }
            out.append(ch)
            used += cw
        }
        return (out, column)
    }

    /// `text` with line breaks and tabs as spaces and other control characters removed.
    static func clean(_ text: String) -> [Character] {
        var out: [Character] = []
        out.reserveCapacity(text.count)
        var lastWasBreak = false
        for c in text {
            if c == "\r\n" || c == "\n" || c == "\r" || c == "\t" {
                // "\r\n" is one grapheme; a run of breaks becomes one space.
                if !lastWasBreak { out.append(" ") }
                lastWasBreak = true
                continue
            }
            lastWasBreak = false
            guard let first = c.unicodeScalars.first else { continue }
            if first.value < 0x20 || (0x7F..<0xA0).contains(first.value) { continue }
            if DisplayWidth.of(c) == 0 { continue }
            out.append(c)
        }
        return out
    }
}
