/// Every connection and the user it speaks for, plus when each connection next needs the
/// periodic sweep (`ServerCore.tick`): the earliest moment its registration, PING or PONG
/// timeout could be due. Connections are grouped in `sweepParts` parts by `ClientID` (id mod
/// `sweepParts`), and a part's sweep looks only at the connections that are due, so 10 000
/// idle connections are not all touched every second (an idle one is looked at once per
/// PING interval).
struct ConnectionTable: Sequence {
    /// How many parts the sweep groups connections into.
    static let sweepParts = 10
    private var all: [ClientID: Client] = [:]
    /// Per part: each connection's next check, in milliseconds (`Int64.min`: at the next sweep).
    private var due = [[ClientID: Int64]](repeating: [:], count: ConnectionTable.sweepParts)

    /// Setting a connection (new, or moved to another user) makes it due at its part's next
    /// sweep, which then works out its real next check.
    subscript(id: ClientID) -> Client? {
        get { all[id] }
        set {
            all[id] = newValue
            due[Self.part(of: id)][id] = newValue == nil ? nil : Int64.min
        }
    }

    @discardableResult
    mutating func removeValue(forKey id: ClientID) -> Client? {
        due[Self.part(of: id)].removeValue(forKey: id)
        return all.removeValue(forKey: id)
    }

    var count: Int { all.count }
    var keys: Dictionary<ClientID, Client>.Keys { all.keys }
    var values: Dictionary<ClientID, Client>.Values { all.values }
    func makeIterator() -> Dictionary<ClientID, Client>.Iterator { all.makeIterator() }

    /// The connections of part `part` whose next check is at or before `now`.
    func due(inPart part: Int, now: ServerInstant) -> [ClientID] {
        due[part].compactMap { $0.value <= now.milliseconds ? $0.key : nil }
    }

    /// Every connection of part `part` with its next check (for the invariant checks).
    func sweepPart(_ part: Int) -> [ClientID: Int64] { due[part] }

    /// Checks connection `id` next at `instant`.
    mutating func checkNext(_ id: ClientID, at instant: ServerInstant) {
        let part = Self.part(of: id)
        if due[part][id] != nil { due[part][id] = instant.milliseconds }
    }

    /// Moves every next check by `milliseconds` (the wall clock was set; see
    /// `ServerCore.clockStepped`).
    mutating func shiftChecks(by milliseconds: Int64) {
        for part in due.indices {
            for (id, at) in due[part] where at != Int64.min { due[part][id] = at &+ milliseconds }
        }
    }

    private static func part(of id: ClientID) -> Int { Int(id.rawValue % UInt64(sweepParts)) }
}
