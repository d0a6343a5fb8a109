import ScreenCore
import TerminalInput

/// A tool that opens over part of the screen while the pet lives on beside it (the app's
/// chat panel and translator are two). Panels are pure values like the rest of the app
/// state: they take input and results, draw into a buffer area, and ask for work through
/// commands whose tasks the runner hands to the app's task handler (which does the I/O and
/// posts results back as `AppEvent.panel`).
///
/// A panel keeps its state while closed, and still receives results, so a chat goes on
/// in the background. Its messages and tasks are its own types: nothing is cast.
public protocol Panel: Sendable {
    /// What its handler posts back to it.
    associatedtype Message: Sendable
    /// The work it asks its handler for.
    associatedtype Task: Sendable
    /// The menu item that opens it.
    var title: String { get }
    /// Input while the panel is open (keys, pastes, mouse inside its area).
    mutating func handle(_ input: InputEvent, area: Rect, now: Double) -> [PanelCommand<Task>]
    /// A result from the handler, whether the panel is open or not.
    mutating func receive(_ message: Message, now: Double) -> [PanelCommand<Task>]
    /// The panel just opened (true) or closed (false).
    mutating func setOpen(_ open: Bool, now: Double) -> [PanelCommand<Task>]
    /// Draws the panel into `area` of `buffer`.
    func render(into buffer: inout ScreenBuffer, area: Rect, now: Double)
    /// When the panel next needs a redraw without input (a blinking cursor, a timer); nil for never.
    func nextDeadline() -> Double?
}

extension Panel {
    public mutating func setOpen(_ open: Bool, now: Double) -> [PanelCommand<Task>] { [] }
    public func nextDeadline() -> Double? { nil }
}

/// What a panel asks of the app; `Task` is the panel's (or the panel set's) work type.
public enum PanelCommand<Task: Sendable>: Sendable {
    /// Close the panel and go back to the pet.
    case close
    /// Say something in the pet's speech bubble.
    case toast(String)
    /// Work for the panel's handler (send a line, look up a word).
    case task(Task)
    /// The pet reacts (a friend came online: it waves).
    case react(PetReaction)
    /// The count on the pet's unread badge.
    case unread(Int)
    /// Quit the whole program (`/quit` asks for it explicitly).
    case quit
    /// A friend's pet comes to visit.
    case visit(Visitor)

    /// The same command with its task wrapped (a panel's task as its set's).
    public func mapTask<Other: Sendable>(_ transform: (Task) -> Other) -> PanelCommand<Other> {
        switch self {
        case .close: .close
        case .toast(let text): .toast(text)
        case .task(let task): .task(transform(task))
        case .react(let reaction): .react(reaction)
        case .unread(let n): .unread(n)
        case .quit: .quit
        case .visit(let visitor): .visit(visitor)
        }
    }
}

/// A short reaction of the pet to something outside it.
public enum PetReaction: Sendable, Hashable {
    case happy, surprised
}

/// The panels an app plugs into the pet, composed by the app: its own ids, one message type
/// and one task type over all of its panels (an enum with a case per panel, say). PetCore
/// routes by `ID` and never names a panel.
public protocol PanelSet: Sendable {
    associatedtype ID: Hashable, Sendable
    associatedtype Message: Sendable
    associatedtype Task: Sendable
    /// The panels in menu order, with their titles and shortcut keys.
    var entries: [PanelEntry<ID>] { get }
    /// The panel a message is for.
    func panel(for message: Message) -> ID
    /// Input for panel `id` while it is open.
    mutating func handle(_ id: ID, _ input: InputEvent, area: Rect, now: Double) -> [PanelCommand<Task>]
    /// A result for the panel `panel(for: message)`.
    mutating func receive(_ message: Message, now: Double) -> [PanelCommand<Task>]
    /// Panel `id` just opened (true) or closed (false).
    mutating func setOpen(_ id: ID, _ open: Bool, now: Double) -> [PanelCommand<Task>]
    /// Draws panel `id` into `area` of `buffer`.
    func render(_ id: ID, into buffer: inout ScreenBuffer, area: Rect, now: Double)
    /// When panel `id` next needs a redraw without input.
    func nextDeadline(_ id: ID) -> Double?
}

/// One panel as the menu and the keyboard offer it.
public struct PanelEntry<ID: Hashable & Sendable>: Hashable, Sendable {
    public var id: ID
    /// The menu item.
    public var title: String
    /// The key that opens it from the pet (none: only the menu does).
    public var key: Character?
    /// The word the key help (`?`) gives it ("c chat").
    public var keyHelp: String

    public init(id: ID, title: String, key: Character?, keyHelp: String) {
        self.id = id
        self.title = title
        self.key = key
        self.keyHelp = keyHelp
    }
}

/// No panels at all (a pet alone; tests). Its id, message and task type is `Nothing`, of
/// which none is ever made.
public struct NoPanels: PanelSet {
    /// The type of what never exists here.
    public struct Nothing: Hashable, Sendable {}

    public init() {}
    public var entries: [PanelEntry<Nothing>] { [] }
    public func panel(for message: Nothing) -> Nothing { message }
    public mutating func handle(_ id: Nothing, _ input: InputEvent, area: Rect, now: Double) -> [PanelCommand<Nothing>] { [] }
    public mutating func receive(_ message: Nothing, now: Double) -> [PanelCommand<Nothing>] { [] }
    public mutating func setOpen(_ id: Nothing, _ open: Bool, now: Double) -> [PanelCommand<Nothing>] { [] }
    public func render(_ id: Nothing, into buffer: inout ScreenBuffer, area: Rect, now: Double) {}
    public func nextDeadline(_ id: Nothing) -> Double? { nil }
}

/// A set of exactly one panel, under an id and key of the caller's choosing (an app with
/// one tool; tests of one panel inside the app).
public struct OnePanel<Base: Panel, ID: Hashable & Sendable>: PanelSet {
    public var base: Base
    public let id: ID
    public let key: Character?
    public let keyHelp: String

    public init(_ base: Base, id: ID, key: Character? = nil, keyHelp: String = "") {
        self.base = base
        self.id = id
        self.key = key
        self.keyHelp = keyHelp
    }

    public var entries: [PanelEntry<ID>] { [PanelEntry(id: id, title: base.title, key: key, keyHelp: keyHelp)] }
    public func panel(for message: Base.Message) -> ID { id }
    public mutating func handle(_ id: ID, _ input: InputEvent, area: Rect, now: Double) -> [PanelCommand<Base.Task>] {
        base.handle(input, area: area, now: now)
    }
    public mutating func receive(_ message: Base.Message, now: Double) -> [PanelCommand<Base.Task>] {
        base.receive(message, now: now)
    }
    public mutating func setOpen(_ id: ID, _ open: Bool, now: Double) -> [PanelCommand<Base.Task>] {
        base.setOpen(open, now: now)
    }
    public func render(_ id: ID, into buffer: inout ScreenBuffer, area: Rect, now: Double) {
        base.render(into: &buffer, area: area, now: now)
    }
    public func nextDeadline(_ id: ID) -> Double? { base.nextDeadline() }
}
