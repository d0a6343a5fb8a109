import IRCProtocol
@testable import ServerCore

/// A client's view of the pure core for readable tests: type lines into a slot, read what
/// that connection got since the last look.
extension CoreHarness {
    func send(_ slot: Int, _ lines: String...) {
        for line in lines { run(.line(slot, Array(line.utf8))) }
    }

    /// Connects `slot` and registers `nick` (after `CAP REQ :caps` when given); returns what
    /// the welcome sent, which is then forgotten.
    @discardableResult
    func register(_ slot: Int, _ nick: String, caps: String? = nil) -> [IRCMessage] {
        run(.connect(slot))
        if let caps { send(slot, "CAP LS 302", "CAP REQ :\(caps)") }
        send(slot, "NICK \(nick)", "USER \(nick) 0 * :\(nick)")
        if caps != nil { send(slot, "CAP END") }
        return take(slot)
    }

    /// The lines `slot`'s connection got since the last call.
    func take(_ slot: Int) -> [IRCMessage] {
        guard let id = slots[slot] ?? lastID(of: slot) else { return [] }
        let all = received[id] ?? []
        let start = seen[id, default: 0]
        seen[id] = all.count
        return Array(all[start...])
    }
}

/// Commands of messages, for short assertions.
extension [IRCMessage] {
    var commands: [String] { map(\.command) }
}
