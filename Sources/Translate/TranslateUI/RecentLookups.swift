/// The queries looked up lately, newest first, without repeats: shown in the panel and
/// recalled with Up on an empty input (or Ctrl-P / Ctrl-N, or a click).
public struct RecentLookups: Hashable, Sendable {
    /// The queries, newest first.
    public private(set) var items: [String] = []
    /// How many are kept.
    public let capacity: Int

    /// An empty list keeping at most `capacity` lookups.
    public init(capacity: Int = 20) {
        self.capacity = max(1, capacity)
    }

    /// Records a lookup; an earlier identical one (ignoring case) moves to the front.
    public mutating func add(_ query: String) {
        let key = query.lowercased()
        items.removeAll { $0.lowercased() == key }
        items.insert(query, at: 0)
        if items.count > capacity { items.removeLast(items.count - capacity) }
    }

    /// How many lookups are remembered.
    public var count: Int { items.count }
    /// Whether nothing was looked up yet.
    public var isEmpty: Bool { items.isEmpty }
    /// The `i`-th most recent lookup (0 is the newest).
    public subscript(i: Int) -> String { items[i] }
}
