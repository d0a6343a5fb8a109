import ScreenCore

/// Where the parts of the chat panel go inside its area.
struct Layout {
    let title: Rect
    let sidebar: Rect?
    let messages: Rect
    let input: Rect
    /// The line above the input for the panel's status message (usage, errors), when there is one.
    let status: Rect?

    /// Sidebar width when the panel is wide enough for one.
    static let sidebarWidth = 18

    init(area: Rect, statusLine: Bool = false) {
        title = Rect(x: area.x, y: area.y, width: area.width, height: min(1, area.height))
        let bodyY = area.y + 1
        let hasStatus = statusLine && area.height >= 5
        let bodyHeight = max(0, area.height - 2)
        let messageHeight = max(0, bodyHeight - (hasStatus ? 1 : 0))
        if area.width >= 56 {
            sidebar = Rect(x: area.x, y: bodyY, width: Layout.sidebarWidth, height: bodyHeight)
            messages = Rect(x: area.x + Layout.sidebarWidth + 1, y: bodyY, width: area.width - Layout.sidebarWidth - 1, height: messageHeight)
        } else {
            sidebar = nil
            messages = Rect(x: area.x, y: bodyY, width: area.width, height: messageHeight)
        }
        input = Rect(x: area.x, y: area.maxY - 1, width: area.width, height: area.height >= 2 ? 1 : 0)
        status = hasStatus ? Rect(x: messages.x, y: messages.maxY, width: messages.width, height: 1) : nil
    }
}
