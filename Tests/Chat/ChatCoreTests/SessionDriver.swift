import ChatCore
import IRCProtocol

/// Feeds events to a session and records what it sends, as wire lines, and what it announces.
struct SessionDriver {
    var session: ChatSession
    var sent: [String] = []
    var actions: [ChatAction] = []
    var now = 1_790_000_000.0

    init(_ config: ChatConfig, seed: UInt64 = 42, scram: (any ScramProver)? = nil) {
        session = ChatSession(config: config, seed: seed, scram: scram)
    }

    @discardableResult
    mutating func handle(_ event: ChatEvent) -> [ChatAction] {
        now += 1
        let out = session.handle(event, now: now)
        actions += out
        for case .send(let m) in out { sent.append(m.serialized()) }
        return out
    }

    /// Feeds server lines (recorded transcripts), one event each.
    mutating func server(_ lines: String...) {
        for l in lines { handle(.line(l)) }
    }

    /// Returns and forgets the lines sent so far.
    mutating func takeSent() -> [String] {
        defer { sent = [] }
        return sent
    }

    var notices: [ChatNotice] {
        actions.compactMap { if case .notify(let n) = $0 { n } else { nil } }
    }

    func buffer(_ name: String) -> ChatBuffer? {
        session.bufferIndex(name).map { session.buffers[$0] }
    }

    /// Connects and completes a registration on a server with the given CAP LS list.
    mutating func register(caps: String, isupport: String = "CASEMAPPING=rfc1459 CHANTYPES=#") {
        handle(.intent(.connect))
        handle(.connected)
        server(":srv CAP * LS :\(caps)")
        let req = sent.last { $0.hasPrefix("CAP REQ") }
        if let req {
            var list = req.dropFirst("CAP REQ ".count)
            if list.hasPrefix(":") { list = list.dropFirst() }
            server(":srv CAP \(session.nick) ACK :\(list)")
        }
        server(":srv 001 \(session.nick) :Welcome", ":srv 005 \(session.nick) \(isupport) :are supported", ":srv 376 \(session.nick) :End of MOTD")
    }
}
