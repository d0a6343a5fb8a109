/// Speech-bubble messages: a queue shown one at a time, each for a time that grows with
/// its length. Any part of the program posts through `AppEvent.toast`.
public struct ToastQueue: Sendable, Hashable {
    public private(set) var current: String?
    private var until: Double = .infinity
    private var waiting: [String] = []
    /// Older toasts are dropped beyond this many waiting, so a flood cannot pile up.
    public static let capacity = 16

    public init() {}

    /// Queues a message; it shows at once when nothing else is showing.
    public mutating func post(_ text: String, now: Double) {
        let clean = String(text.prefix(500))
        if current == nil {
            show(clean, now: now)
        } else {
            waiting.append(clean)
            if waiting.count > Self.capacity { waiting.removeFirst(waiting.count - Self.capacity) }
        }
    }

    /// Closes the current toast (a click on it, or Esc) and shows the next.
    public mutating func dismiss(now: Double) {
        current = nil
        until = .infinity
        if !waiting.isEmpty { show(waiting.removeFirst(), now: now) }
    }

    /// Expires the current toast when its time is up.
    public mutating func tick(now: Double) {
        while current != nil && now >= until { dismiss(now: now) }
    }

    /// When the current toast expires.
    public var deadline: Double? { current == nil ? nil : until }

    public var pending: Int { waiting.count }

    private mutating func show(_ text: String, now: Double) {
        current = text
        until = now + min(8, 2.5 + Double(text.count) * 0.05)
    }
}
