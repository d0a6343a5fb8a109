import IRCProtocol
import TerminalHarness

/// Why a test client gave up.
struct TestClientError: Error, CustomStringConvertible {
    let description: String
}

/// A plain blocking TCP IRC client for tests, on `LineSocket`: real sockets on loopback,
/// nothing mocked, every read bounded so a broken server fails the test instead of hanging it.
final class TestClient: LineSocket {
    /// Reads until a message satisfies `predicate`; earlier messages are returned too.
    @discardableResult
    func read(until predicate: (IRCMessage) -> Bool, timeout: Double = 10) throws -> [IRCMessage] {
        var seen: [IRCMessage] = []
        while let line = try readLine(timeout: timeout) {
            let message = try IRCMessage(parsing: line)
            seen.append(message)
            if predicate(message) { return seen }
        }
        throw TestClientError(description: "connection closed before the expected message; saw \(transcript.suffix(8))")
    }

    /// Reads until a message with `command` arrives and returns it.
    @discardableResult
    func expect(_ command: String, timeout: Double = 10) throws -> IRCMessage {
        try read(until: { $0.command == command }, timeout: timeout).last!
    }

    /// Reads until `command` and returns everything up to and including it.
    func collect(until command: String) throws -> [IRCMessage] {
        try read(until: { $0.command == command })
    }

    /// Registers as `nick`, optionally requesting `caps`, and reads through the MOTD.
    @discardableResult
    func register(_ nick: String, caps: [String] = [], user: String = "user", realname: String = "Real Name") throws -> [IRCMessage] {
        self.nick = nick
        if !caps.isEmpty {
            send("CAP LS 302")
            send("CAP REQ :" + caps.joined(separator: " "))
        }
        send("NICK \(nick)")
        send("USER \(user) 0 * :\(realname)")
        if !caps.isEmpty {
            try expect("CAP")
            let ack = try expect("CAP")
            guard ack.parameters[1] == "ACK" else { throw TestClientError(description: "caps refused: \(ack)") }
            send("CAP END")
        }
        return try read(until: { $0.command == "376" || $0.command == "422" })
    }

    /// Sends PING and reads until its PONG: everything the server sent before is returned.
    func sync(_ token: String = "sync") throws -> [IRCMessage] {
        send("PING \(token)")
        return try read(until: { $0.command == "PONG" && $0.parameters.last == token })
    }

}
