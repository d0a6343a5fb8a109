import ChatCore
import IRCProtocol
import PetCore

/// The sidebar as rows: the one list that both drawing and mouse clicks read, so a click
/// always means the row the person sees under the pointer.
enum SidebarRow: Hashable, Sendable {
    /// A buffer (index into the session's buffers).
    case buffer(Int)
    /// A section title ("Friends", "Members 12").
    case heading(String)
    /// A friend and their presence (a click opens a private buffer).
    case friend(String)
    /// A member of the active channel with its highest prefix (a click opens a private buffer).
    case member(String, prefix: String)
    /// Members that do not fit.
    case more(Int)
    case blank
}

extension ChatPanel {
    /// The sidebar's rows for a sidebar `height` rows high: buffers, then friends, then the
    /// active channel's members (operators first), as many as fit.
    func sidebarRows(height: Int) -> [SidebarRow] {
        guard let s = session, height > 0 else { return [] }
        var rows = s.buffers.indices.map { SidebarRow.buffer($0) }
        if !s.config.friends.isEmpty, rows.count + 2 < height {
            rows.append(.blank)
            rows.append(.heading("Friends"))
            rows += s.config.friends.map { SidebarRow.friend($0) }
        }
        if let i = s.bufferIndex(active), s.buffers[i].kind == .channel, !s.buffers[i].members.isEmpty, rows.count + 4 <= height {
            let members = s.buffers[i].members
            let rank: (String) -> Int = { prefix in prefix.contains("@") ? 0 : prefix.contains("+") ? 1 : prefix.isEmpty ? 3 : 2 }
            let sorted = members.keys.sorted { a, b in
                let (ra, rb) = (rank(members[a]!), rank(members[b]!))
                return ra != rb ? ra < rb : a.lowercased() < b.lowercased()
            }
            rows.append(.blank)
            rows.append(.heading("Members \(sorted.count)"))
            let room = height - rows.count
            if sorted.count <= room {
                rows += sorted.map { SidebarRow.member($0, prefix: members[$0]!) }
            } else if room > 0 {
                rows += sorted.prefix(room - 1).map { SidebarRow.member($0, prefix: members[$0]!) }
                rows.append(.more(sorted.count - (room - 1)))
            }
        }
        return Array(rows.prefix(height))
    }

    /// What a left click on sidebar row `row` does.
    mutating func clickSidebar(row: Int, height: Int) -> [PanelCommand<ChatTask>] {
        let rows = sidebarRows(height: height)
        guard let s = session, rows.indices.contains(row) else { return [] }
        switch rows[row] {
        case .buffer(let index):
            let b = s.buffers[index]
            return switchTo(b.kind == .server ? "" : b.name)
        case .friend(let name), .member(let name, _):
            guard !s.caseMapping.equal(name, s.nick) else { return [] }
            return [.task(ChatTask.intent(.query(name)))] + switchTo(name)
        case .heading, .more, .blank:
            return []
        }
    }
}
