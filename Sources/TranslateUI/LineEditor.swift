import ScreenCore

/// A one-line text input that edits by grapheme cluster, so UTF-8 text, combining accents,
/// emoji and wide (CJK) characters move and delete as the user sees them, and that scrolls
/// horizontally by display columns so the cursor is always on screen.
///
/// After a lookup the whole text is *selected*: typing replaces it, Backspace clears it,
/// and Left/Right/Home/End keep it and move the cursor, as a search box does.
public struct LineEditor: Hashable, Sendable {
    /// The text, one element per grapheme cluster.
    public private(set) var characters: [Character] = []
    /// The cursor, as an index into `characters` (0…count).
    public private(set) var cursor = 0
    /// Whether the whole text is selected (the next typed text replaces it).
    public private(set) var selected = false
    /// Input longer than this is cut: the translator reads no more anyway.
    public let limit: Int

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
