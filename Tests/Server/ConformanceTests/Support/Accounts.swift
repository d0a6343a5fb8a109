import Foundation
import TerminalHarness

/// Shared set-up of the tests that need accounts and history.
enum Fixture {
    /// The capabilities a history-aware client negotiates.
    static let historyCaps = ["draft/chathistory", "batch", "server-time", "message-tags"]

    /// A server with accounts `names` (password "pw-" + name).
    static func server(accounts names: [String], extraTOML: String = "") throws -> ServerProcess {
        try ServerProcess(extraTOML: extraTOML, accounts: names.map { ($0, "pw-" + $0 + "-secret") })
    }

    /// A client logged in (SASL PLAIN) to account `name`, registered with nick `nick` (default: the name).
    static func login(_ server: ServerProcess, _ name: String, nick: String? = nil, caps: [String] = historyCaps) throws -> LineClient {
        let c = try server.connect()
        try c.register(nick ?? name, caps: caps, login: (name, "pw-" + name + "-secret"))
        return c
    }
}

/// One stored message as a client saw it when it was sent (its echo).
struct Sent: Equatable, CustomStringConvertible {
    var text: String
    var msgid: String
    var time: String
    var description: String { "\(text)@\(time)" }
}

extension LineClient {
    /// Sends `line` (a PRIVMSG/NOTICE/TAGMSG; the client must have echo-message) and returns its echo.
    func sendEchoed(_ line: String) throws -> Sent {
        let replies = try exchange(line)
        guard let echo = replies.first(where: { ["PRIVMSG", "NOTICE", "TAGMSG"].contains($0.command) && $0.nick == nick }),
              let msgid = echo.tags["msgid"], let time = echo.tags["time"] else {
            throw Failure(description: "no echo for \(line): \(replies)")
        }
        return Sent(text: echo.command == "TAGMSG" ? "" : echo.trailing, msgid: msgid, time: time)
    }

    /// `CHATHISTORY …` and the PRIVMSG texts of the chathistory batch that answers it.
    func history(_ command: String) throws -> [String] {
        let replies = try exchange(command)
        guard replies.contains(where: { $0.command == "BATCH" && $0.params.count >= 2 && $0.param(1) == "chathistory" }) else {
            throw Failure(description: "no chathistory batch for \(command): \(replies)")
        }
        return replies.batch("chathistory").with("PRIVMSG").map(\.trailing)
    }
}

extension LineClient {
    /// Waits, by asking the server (TIME, which answers with milliseconds), until the
    /// server's clock has passed `time`: the next message gets a later timestamp. No sleep.
    func waitUntilServerTime(after time: String) throws {
        for _ in 0..<10_000 {
            if let now = try exchange("TIME").with("391").first?.param(2), now > time { return }
        }
        throw Failure(description: "the server's clock did not pass \(time)")
    }
}
