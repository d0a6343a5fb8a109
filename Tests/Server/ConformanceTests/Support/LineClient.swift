import Foundation
import TerminalHarness

/// One IRC message as this suite reads it. The suite has its own small parser (it does not
/// borrow the server's) so that a bug shared by both cannot hide itself.
struct Message: CustomStringConvertible {
    var tags: [String: String] = [:]
    var source: String?
    var command: String
    var params: [String]
    var raw: String

    /// The nick part of the source (`nick!user@host` → `nick`).
    var nick: String? { source.map { String($0.split(separator: "!", maxSplits: 1, omittingEmptySubsequences: false)[0]) } }
    /// Parameter `i`, or "" when there are fewer.
    func param(_ i: Int) -> String { i < params.count ? params[i] : "" }
    /// The last parameter, or "".
    var trailing: String { params.last ?? "" }
    var description: String { raw }

    init(_ line: String) {
        raw = line
        var rest = Substring(line)
        if rest.hasPrefix("@") {
            let end = rest.firstIndex(of: " ") ?? rest.endIndex
            for item in rest[rest.index(after: rest.startIndex)..<end].split(separator: ";") {
                let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                tags[String(kv[0])] = kv.count > 1 ? Self.unescape(kv[1]) : ""
            }
            rest = rest[end...].drop { $0 == " " }
        }
        if rest.hasPrefix(":") {
            let end = rest.firstIndex(of: " ") ?? rest.endIndex
            source = String(rest[rest.index(after: rest.startIndex)..<end])
            rest = rest[end...].drop { $0 == " " }
        }
        let end = rest.firstIndex(of: " ") ?? rest.endIndex
        command = rest[..<end].uppercased()
        rest = rest[end...].drop { $0 == " " }
        params = []
        while !rest.isEmpty {
            if rest.hasPrefix(":") {
                params.append(String(rest.dropFirst()))
                break
            }
            let e = rest.firstIndex(of: " ") ?? rest.endIndex
            params.append(String(rest[..<e]))
            rest = rest[e...].drop { $0 == " " }
        }
    }

    private static func unescape(_ value: Substring) -> String {
        var out = ""
        var escaped = false
        for c in value {
            if escaped {
                switch c {
                case ":": out.append(";")
                case "s": out.append(" ")
                case "r": out.append("\r")
                case "n": out.append("\n")
                default: out.append(c)
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }
}

/// A blocking line client over real TCP. It synchronises the way real clients and bots do:
/// `PING token`, then read until `PONG … token` — everything the server answered to the
/// earlier lines has arrived by then. It never sleeps; a read that gets nothing within a
/// generous bound fails the test instead of hanging it.
final class LineClient: LineSocket {
    struct Failure: Error, CustomStringConvertible { let description: String }

    private var syncCounter = 0

    /// Reads until a message satisfies `predicate`; returns every message read, that one last.
    @discardableResult
    func read(until predicate: (Message) -> Bool, timeout: Double = 15) throws -> [Message] {
        var seen: [Message] = []
        while let line = try readLine(timeout: timeout) {
            let m = Message(line)
            seen.append(m)
            if predicate(m) { return seen }
        }
        throw Failure(description: "\(nick): connection closed; last lines: \(transcript.suffix(10))")
    }

    /// Reads until a message with `command` and returns it.
    @discardableResult
    func expect(_ command: String) throws -> Message {
        try read(until: { $0.command == command }).last!
    }

    /// PING/PONG round trip: returns what the server sent before the PONG (the PONG excluded).
    @discardableResult
    func sync() throws -> [Message] {
        syncCounter += 1
        let token = "sync\(syncCounter)"
        send("PING \(token)")
        return try read(until: { $0.command == "PONG" && $0.trailing == token }).dropLast()
    }

    /// Sends `lines`, then synchronises: returns every reply to them, in order.
    @discardableResult
    func exchange(_ lines: String...) throws -> [Message] {
        for line in lines { send(line) }
        return try sync()
    }

    /// Negotiates `caps` (CAP LS 302 / REQ, fails unless every one is ACKed), optionally
    /// logs in with SASL PLAIN, registers as `nick` and reads through the end of the MOTD.
    @discardableResult
    func register(_ nick: String, caps: [String] = [], login: (account: String, password: String)? = nil,
                  user: String = "user", realname: String = "Conformance Tester") throws -> [Message] {
        self.nick = nick
        var wanted = caps
        if login != nil && !wanted.contains("sasl") { wanted.append("sasl") }
        if !wanted.isEmpty {
            send("CAP LS 302")
            send("CAP REQ :" + wanted.joined(separator: " "))
            let reply = try read(until: { $0.command == "CAP" && ($0.param(1) == "ACK" || $0.param(1) == "NAK") }).last!
            guard reply.param(1) == "ACK" else { throw Failure(description: "caps refused: \(reply)") }
        }
        send("NICK \(nick)")
        send("USER \(user) 0 * :\(realname)")
        if let login {
            send("AUTHENTICATE PLAIN")
            try read(until: { $0.command == "AUTHENTICATE" })
            let blob = Data("\(login.account)\0\(login.account)\0\(login.password)".utf8).base64EncodedString()
            send("AUTHENTICATE \(blob)")
            let end = try read(until: { ["903", "904", "905", "906", "907"].contains($0.command) }).last!
            guard end.command == "903" else { throw Failure(description: "SASL failed: \(end)") }
        }
        if !wanted.isEmpty { send("CAP END") }
        return try read(until: { $0.command == "376" || $0.command == "422" })
    }
}

extension Array where Element == Message {
    /// The messages with `command`.
    func with(_ command: String) -> [Message] { filter { $0.command == command } }
    /// Whether a message has `command`.
    func has(_ command: String) -> Bool { contains { $0.command == command } }
    /// The commands, in order (for failure messages and order checks).
    var commands: [String] { map(\.command) }

    /// The messages inside the batch opened by the first `BATCH +ref <type>` (nested batches'
    /// lines included), without the BATCH lines.
    func batch(_ type: String) -> [Message] {
        guard let open = first(where: { $0.command == "BATCH" && $0.params.count >= 2 && $0.param(1) == type }) else { return [] }
        let ref = String(open.param(0).dropFirst())
        return filter { $0.tags["batch"] == ref && $0.command != "BATCH" }
    }
}
