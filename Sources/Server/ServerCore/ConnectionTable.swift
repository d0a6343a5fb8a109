/// Every connection and the user it speaks for, also kept in `sweepParts` groups by
/// `ClientID` (id mod `sweepParts`), so the periodic sweep in parts (`ServerCore.tick`) walks
/// only the part it is asked for instead of filtering every connection each time.
struct ConnectionTable: Sequence {
    /// How many parts the sweep groups connections into.
    static let sweepParts = 10
    private var all: [ClientID: Client] = [:]
    private var parts = [[ClientID: Client]](repeating: [:], count: ConnectionTable.sweepParts)

    subscript(id: ClientID) -> Client? {
        get { all[id] }
        set {
            all[id] = newValue
            parts[Self.part(of: id)][id] = newValue
        }
    }

    @discardableResult
    mutating func removeValue(forKey id: ClientID) -> Client? {
        parts[Self.part(of: id)].removeValue(forKey: id)
        return all.removeValue(forKey: id)
    }

    var count: Int { all.count }
    var keys: Dictionary<ClientID, Client>.Keys { all.keys }
    var values: Dictionary<ClientID, Client>.Values { all.values }
    func makeIterator() -> Dictionary<ClientID, Client>.Iterator { all.makeIterator() }

    /// The connections of sweep part `part` (of `sweepParts`).
    func sweepPart(_ part: Int) -> [ClientID: Client] { parts[part] }

    private static func part(of id: ClientID) -> Int { Int(id.rawValue % UInt64(sweepParts)) }
}
