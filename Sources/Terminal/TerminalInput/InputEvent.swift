/// A key as the program sees it, whatever bytes the terminal used for it.
public enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)  // Ctrl plus a letter, lower case: Ctrl-C is `.ctrl("c")`
    case enter, escape, tab, backTab, backspace, delete, insert
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)
}

/// Modifier keys held with a key or mouse event.
public struct Modifiers: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let shift = Modifiers(rawValue: 1)
    public static let alt = Modifiers(rawValue: 2)
    public static let ctrl = Modifiers(rawValue: 4)
}

/// A mouse button in a report; `none` for motion with no button held.
public enum MouseButton: Hashable, Sendable {
    case left, middle, right, none
}

/// What the mouse did.
public enum MouseAction: Hashable, Sendable {
    case press, release, drag, move, wheelUp, wheelDown
}

/// One mouse report at a 0-based cell.
public struct MouseEvent: Hashable, Sendable {
    public var action: MouseAction
    public var button: MouseButton
    public var x: Int
    public var y: Int
    public var modifiers: Modifiers

    public init(action: MouseAction, button: MouseButton, x: Int, y: Int, modifiers: Modifiers = []) {
        self.action = action
        self.button = button
        self.x = x
        self.y = y
        self.modifiers = modifiers
    }
}

/// One input fact decoded from the terminal's byte stream.
public enum InputEvent: Hashable, Sendable {
    case key(Key, Modifiers)
    case mouse(MouseEvent)
    /// Text pasted with bracketed paste mode on: kept whole so a multi-line paste is
    /// never taken for typed lines.
    case paste(String)

    /// A key without modifiers.
    public static func key(_ k: Key) -> InputEvent { .key(k, []) }
}
