import IRCProtocol

/// A member's privileges in one channel.
struct MemberStatus: OptionSet, Hashable {
    let rawValue: UInt8
    static let op = MemberStatus(rawValue: 1)
    static let voice = MemberStatus(rawValue: 2)

    /// The highest prefix (`@`, `+` or nothing), or all of them with multi-prefix.
    func prefix(multi: Bool) -> String {
        if multi {
            return (contains(.op) ? "@" : "") + (contains(.voice) ? "+" : "")
        }
        return contains(.op) ? "@" : contains(.voice) ? "+" : ""
    }
}

/// A channel member: the client and its status.
struct Member {
    let client: Client
    var status: MemberStatus
}

/// A list-mode entry (bans).
struct ListEntry: Hashable {
    var mask: String
    var setBy: String
    var setAt: Int64
}

/// One channel. Owned by `ServerCore`; never shared across threads.
final class Channel {
    let name: String
    let folded: String
    let createdAt: Int64
    /// Members by client; `order` keeps join order for NAMES and WHO.
    var members: [ClientID: Member] = [:]
    private(set) var order: [ClientID] = []
    var topic: String?
    var topicSetBy = ""
    var topicSetAt: Int64 = 0
    var inviteOnly = false
    var moderated = false
    var noExternal = true
    var topicLocked = true
    var secret = false
    var key: String?
    var limit: Int?
    var bans: [ListEntry] = []
    var invited: Set<ClientID> = []
    /// draft/metadata-2 keys (lower case) and values, for as long as the channel exists.
    var metadata: [String: String] = [:]

    init(name: String, folded: String, createdAt: Int64) {
        self.name = name
        self.folded = folded
        self.createdAt = createdAt
    }

    func add(_ client: Client, status: MemberStatus) {
        if members[client.id] == nil { order.append(client.id) }
        members[client.id] = Member(client: client, status: status)
    }

    func remove(_ id: ClientID) {
        guard members.removeValue(forKey: id) != nil else { return }
        if let i = order.firstIndex(of: id) { order.remove(at: i) }
    }

    /// Members in join order.
    var orderedMembers: [Member] { order.compactMap { members[$0] } }

    func status(of id: ClientID) -> MemberStatus? { members[id]?.status }

    func isOp(_ id: ClientID) -> Bool { members[id]?.status.contains(.op) ?? false }

    /// The NAMES symbol: `@` secret, `=` public.
    var symbol: String { secret ? "@" : "=" }

    /// `+ntk...` and its parameters; the key is shown only to members.
    func modeString(showKey: Bool) -> [String] {
        var flags = "+"
        var params: [String] = []
        if inviteOnly { flags += "i" }
        if moderated { flags += "m" }
        if noExternal { flags += "n" }
        if secret { flags += "s" }
        if topicLocked { flags += "t" }
        if let key {
            flags += "k"
            params.append(showKey ? key : "*")
        }
        if let limit {
            flags += "l"
            params.append(String(limit))
        }
        return [flags] + params
    }

    func isBanned(_ client: Client, caseMapping: CaseMapping) -> Bool {
        guard !bans.isEmpty else { return false }
        let full = client.source.description
        return bans.contains { IRCNames.matches(mask: $0.mask, full, caseMapping: caseMapping) }
    }
}
