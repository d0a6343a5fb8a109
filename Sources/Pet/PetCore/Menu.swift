import ScreenCore

/// What choosing a menu item asks for.
public enum MenuAction: Hashable, Sendable {
    /// Open the app's panel at this index of its `PanelSet.entries`.
    case panel(Int)
    case screenshot, quiet, about, quit
    /// Offer the bundled chat server to the local network, or stop offering it.
    case shareServer
    case skin(String)
    case visit(String)
    case submenu
}

/// One line of the popup menu.
public struct MenuItem: Hashable, Sendable {
    public var title: String
    public var action: MenuAction
    public var children: [MenuItem]

    public init(_ title: String, _ action: MenuAction, children: [MenuItem] = []) {
        self.title = title
        self.action = action
        self.children = children
    }
}

/// The popup menu: its items, where it is on screen (clamped inside it), which item is
/// highlighted, and an open submenu.
public struct Menu: Hashable, Sendable {
    public var items: [MenuItem]
    public private(set) var frame: Rect
    public var highlighted: Int?
    public var submenu: SubmenuBox?
    /// The cell of the right-button press that opened the menu, until the pointer moves: a
    /// release there is the end of that click, not a choice.
    var openingPress: Cell?

    struct Cell: Hashable, Sendable {
        var x: Int
        var y: Int
    }

    /// A menu box of its own (the submenu is a `Menu` too, boxed to allow recursion).
    public final class SubmenuBox: Hashable, Sendable {
        public let menu: Menu
        public let parentIndex: Int
        init(menu: Menu, parentIndex: Int) {
            self.menu = menu
            self.parentIndex = parentIndex
        }
        public static func == (a: SubmenuBox, b: SubmenuBox) -> Bool { a.menu == b.menu && a.parentIndex == b.parentIndex }
        public func hash(into h: inout Hasher) {
            h.combine(menu)
            h.combine(parentIndex)
        }
    }

    /// Lays the menu out with its top-left corner at the pointer, moved as little as
    /// needed to fit inside `screen`.
    public init(items: [MenuItem], at x: Int, _ y: Int, screen: Rect, highlighted: Int? = nil) {
        self.items = items
        self.highlighted = highlighted
        let inner = items.map { DisplayWidth.of($0.title) + ($0.children.isEmpty ? 0 : 2) }.max() ?? 0
        let w = min(inner + 4, screen.width)
        let h = min(items.count + 2, screen.height)
        let fx = max(screen.x, min(x, screen.maxX - w))
        let fy = max(screen.y, min(y, screen.maxY - h))
        frame = Rect(x: fx, y: fy, width: w, height: h)
    }

    /// The item under a cell, if any.
    public func itemIndex(atX x: Int, y: Int) -> Int? {
        let inside = frame.inset(by: 1)
        guard inside.contains(x: x, y: y) else { return nil }
        let i = y - inside.y
        return i < items.count ? i : nil
    }

    /// Moves the highlight by `delta`, wrapping around.
    public mutating func move(_ delta: Int) {
        guard !items.isEmpty else { return }
        let current = highlighted ?? (delta > 0 ? -1 : items.count)
        highlighted = ((current + delta) % items.count + items.count) % items.count
    }

    /// Opens the submenu of the highlighted item beside this menu.
    public mutating func openSubmenu(screen: Rect) {
        guard let i = highlighted, !items[i].children.isEmpty else { return }
        let rowY = frame.y + 1 + i
        var sub = Menu(items: items[i].children, at: frame.maxX - 1, rowY - 1, screen: screen, highlighted: 0)
        if sub.frame.x < frame.maxX - 1 {
            // No room on the right: open on the left side.
            sub = Menu(items: items[i].children, at: frame.x - sub.frame.width + 1, rowY - 1, screen: screen, highlighted: 0)
        }
        submenu = SubmenuBox(menu: sub, parentIndex: i)
    }

    /// The menu the pet shows; `panels` are the titles of the app's panels, first;
    /// `skins` lists the skins that can be chosen; `sharing` tells
    /// whether the bundled chat server is offered to the local network.
    /// `friends` are whom the Visit ▸ submenu offers (none: no such item).
    public static func main(panels: [String] = [], skins: [String], current: String, quiet: Bool, sharing: Bool = false,
                            friends: [String] = []) -> [MenuItem] {
        let skinItems = skins.isEmpty
            ? [MenuItem("(no skins found)", .about)]
            : skins.map { MenuItem(($0 == current ? "• " : "  ") + $0, .skin($0)) }
        let visit = friends.isEmpty ? [] : [MenuItem("Visit", .submenu, children: friends.prefix(12).map { MenuItem($0, .visit($0)) })]
        return panels.enumerated().map { MenuItem($1, .panel($0)) } + [
            MenuItem("Screenshot", .screenshot),
        ] + visit + [
            MenuItem("Skin", .submenu, children: skinItems),
            MenuItem(quiet ? "Quiet mode: on" : "Quiet mode: off", .quiet),
            MenuItem(sharing ? "Stop sharing my server" : "Share my server on this network", .shareServer),
            MenuItem("About", .about),
            MenuItem("Quit", .quit),
        ]
    }
}
