import ScreenCore
import TerminalInput

/// A tool that opens over part of the screen while the pet lives on beside it: the chat
/// panel, the translator. Panels are pure values like the rest of the app state: they
/// take input and results, draw into a buffer area, and ask for work through commands
/// that the runner hands to the panel's handler (which does the I/O and posts results
/// back as `AppEvent.panel(id:message:)`).
///
/// A panel keeps its state while closed, and still receives results, so a chat goes on
/// in the background.
public protocol Panel: Sendable {
    /// Stable identifier, also the key its handler is registered under ("chat").
    var id: String { get }
    /// The menu item that opens it.
    var title: String { get }
    /// Input while the panel is open (keys, pastes, mouse inside its area).
    mutating func handle(_ input: InputEvent, area: Rect, now: Double) -> [PanelCommand]
    /// A result from the handler, whether the panel is open or not.
    mutating func receive(_ message: any Sendable, now: Double) -> [PanelCommand]
    /// The panel just opened (true) or closed (false).
    mutating func setOpen(_ open: Bool, now: Double) -> [PanelCommand]
    /// Draws the panel into `area` of `buffer`.
    func render(into buffer: inout ScreenBuffer, area: Rect, now: Double)
    /// When the panel next needs a redraw without input (a blinking cursor, a timer); nil for never.
    func nextDeadline() -> Double?
}

extension Panel {
    public mutating func setOpen(_ open: Bool, now: Double) -> [PanelCommand] { [] }
    public func nextDeadline() -> Double? { nil }
}

/// What a panel asks of the app.
public enum PanelCommand: Sendable {
    /// Close the panel and go back to the pet.
    case close
    /// Say something in the pet's speech bubble.
    case toast(String)
    /// Work for the panel's handler (send a line, look up a word); opaque to the app.
    case task(any Sendable)
    /// The pet reacts (a friend came online: it waves).
    case react(PetReaction)
    /// The count on the pet's unread badge.
    case unread(Int)
    /// Quit the whole program (`/quit` asks for it explicitly).
    case quit
    /// A friend's pet comes to visit.
    case visit(Visitor)
}

/// A short reaction of the pet to something outside it.
public enum PetReaction: Sendable, Hashable {
    case happy, surprised
}
