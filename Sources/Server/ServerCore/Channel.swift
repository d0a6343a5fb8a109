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

/// One connection of a channel member, as a channel message's relay needs it: who owns it
/// (the sender's own connections are skipped), where it goes, what it negotiated.
struct RosterEntry {
    /// The member (`Client.id`).
    let owner: ClientID
    /// The connection (`Link.id`).
    let link: ClientID
    let caps: CapabilitySet
    /// `Link.tagProfile`.
    let profile: Int
}

/// One channel. Owned by `ServerCore`; never shared across threads.
final class Channel {
    let name: String
    let folded: String
    let createdAt: Int64
    /// Members by client; `order` keeps join order for NAMES and WHO. Changed through `add`,
    /// `remove` and `setStatus`, which keep `roster` in step.
    private(set) var members: [ClientID: Member] = [:]
    private(set) var order: [ClientID] = []
    /// Every connection of every member, in join order, made when a message is next relayed
    /// after a change: relaying to a thousand members then walks one flat array of values,
    /// with no dictionary walk and no reference counting per member. Dropped when a member
    /// joins or leaves here, and when a member's connections or capabilities change
    /// (`Client.links` and `Client.caps` drop the roster of each channel the user is in).
    private var cachedRoster: [RosterEntry]?
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
        cachedRoster = nil
    }

    func remove(_ id: ClientID) {
        guard members.removeValue(forKey: id) != nil else { return }
        if let i = order.firstIndex(of: id) { order.remove(at: i) }
        cachedRoster = nil
    }

    /// Sets a member's status (op, voice); nothing if `id` is not a member.
    func setStatus(_ status: MemberStatus, of id: ClientID) {
        members[id]?.status = status
    }

    /// Forgets the roster (a member's connections or capabilities changed).
    func rosterChanged() {
        cachedRoster = nil
    }

    /// Every connection of every member (see `cachedRoster`).
    var roster: [RosterEntry] {
        if let cachedRoster { return cachedRoster }
        var entries: [RosterEntry] = []
        entries.reserveCapacity(order.count)
        for id in order {
            guard let client = members[id]?.client else { continue }
            for link in client.links {
                entries.append(RosterEntry(owner: client.id, link: link.id, caps: link.caps, profile: link.tagProfile))
            }
        }
        cachedRoster = entries
        return entries
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
