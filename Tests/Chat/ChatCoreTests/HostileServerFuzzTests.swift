import ChatCore
import Foundation
import IRCProtocol
import SeededRandom
import TerminalHarness
import Testing

/// Stateful fuzzing of `ChatSession` against a hostile server (issue 17, item 2): seeded runs
/// of random and malformed lines, reordered and unterminated batches, huge tags, echoes of what
/// the session wrote (right, late or twice), disconnects at every point, reconnects, ticks and
/// the user's own typing. After every step: nothing is written while there is no connection;
/// every line written is one well-formed IRC line; no line the user typed is written twice on
/// one connection, nor ever again once the server confirmed it. A failing run is shrunk and
/// printed with its seed.
@Suite struct HostileServerFuzzTests {
    static let runs = ProcessInfo.processInfo.environment["TACHIKOMA_FUZZ_RUNS"].flatMap(Int.init) ?? 150
    static let steps = 300

    @Test func aHostileServerNeverMakesTheSessionRepeatOrGarble() {
        let base: UInt64 = ProcessInfo.processInfo.environment["TACHIKOMA_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0xC4A7_0000
        for run in 0..<Self.runs {
            let seed = base &+ UInt64(run)
            let steps = HostileServer.steps(seed: seed, count: Self.steps)
            if let failure = HostileServer.firstFailure(steps) {
                let minimal = HostileServer.shrink(steps)
                let listed = minimal.map(\.description).joined(separator: "\n  ")
                Issue.record("seed \(seed): \(failure)\nminimal run (\(minimal.count) steps):\n  \(listed)")
                return
            }
        }
    }

    /// The checks can fail: a session made to write the same typed line twice is caught.
    @Test func theChecksSeeARepeatedLine() {
        var world = HostileServer.World()
        for step in [HostileStep.connectNow, .connected, .line(":srv 001 motoko :hi"), .line(":srv 376 motoko :end")] {
            world.run(step)
        }
        world.run(.type("u1"))
        #expect(world.violations.isEmpty, "\(world.violations)")
        world.run(.raw("PRIVMSG #tachikoma :u1"))
        #expect(world.violations.contains { $0.contains("twice") })
    }

    /// The runs get somewhere: registered, lines typed, written and confirmed, reconnects.
    @Test func theRunsReachDeepStates() {
        var written = 0, confirmed = 0, welcomes = 0, connections = 0
        for run in 0..<30 {
            var world = HostileServer.World()
            for step in HostileServer.steps(seed: 0xD33B &+ UInt64(run), count: Self.steps) { world.run(step) }
            written += world.userLinesWritten
            confirmed += world.confirmed.count
            welcomes += world.welcomes
            connections += world.connections
        }
        print("hostile server: \(connections) connections, \(welcomes) welcomes, \(written) typed lines written, \(confirmed) confirmed")
        #expect(connections >= 40 && welcomes >= 30 && written >= 50 && confirmed >= 5)
    }
}

/// One thing that happens to the session.
enum HostileStep: Hashable, CustomStringConvertible {
    /// The adapter's connection comes up (only if the session asked for one).
    case connected
    /// The connection drops (or the attempt fails).
    case disconnected
    /// The user asks to connect now.
    case connectNow
    /// The reconnect delay passed.
    case reconnectDue
    /// A clock tick.
    case tick
    /// The server sends a line.
    case line(String)
    /// The server echoes the `index`-th line the session wrote on this connection (mod count).
    case echo(Int)
    /// The user types a line (to `#tachikoma` or a nick).
    case type(String)
    /// Another user action.
    case intent(ChatIntent)
    /// The user sends a raw line (`/quote`).
    case raw(String)

    var description: String {
        switch self {
        case .connected: "connected"
        case .disconnected: "disconnected"
        case .connectNow: "connect now"
        case .reconnectDue: "reconnect due"
        case .tick: "tick"
        case .line(let l): "server: \(l.debugDescription)"
        case .echo(let i): "echo \(i)"
        case .type(let t): "type \(t)"
        case .intent(let i): "intent \(i)"
        case .raw(let r): "raw \(r.debugDescription)"
        }
    }
}

enum HostileServer {
    /// The session, the connection's state as the adapter sees it, and what was written.
    struct World {
        var session: ChatSession
        var now = 1_790_000_000.0
        var connectAsked = false
        var isConnected = false
        var connections = 0
        var welcomes = 0
        /// Lines written on this connection (serialized), for echoes.
        var writtenHere: [IRCMessage] = []
        /// Typed texts written on this connection.
        var typedHere: Set<String> = []
        /// Typed texts the server confirmed by echo.
        var confirmed: Set<String> = []
        var userLinesWritten = 0
        var typed = 0
        var violations: [String] = []

        init() {
            var config = ChatConfig(nick: "motoko")
            config.look = PetLook(skin: "tank", hue: 100)
            session = ChatSession(config: config, seed: 7)
        }

        mutating func run(_ step: HostileStep) {
            now += 1
            switch step {
            case .connected:
                guard connectAsked, !isConnected else { return }
                connectAsked = false
                isConnected = true
                connections += 1
                writtenHere = []
                typedHere = []
                apply(session.handle(.connected, now: now))
            case .disconnected:
                guard isConnected || connectAsked else { return }
                isConnected = false
                connectAsked = false
                apply(session.handle(.disconnected(reason: "reset"), now: now))
            case .connectNow: apply(session.handle(.intent(.connect), now: now))
            case .reconnectDue: apply(session.handle(.reconnectDue, now: now))
            case .tick:
                now += 30
                apply(session.handle(.tick, now: now))
            case .line(let line):
                guard isConnected else { return }
                if line.contains(" 001 ") { welcomes += 1 }
                apply(session.handle(.line(line), now: now))
            case .echo(let index):
                guard isConnected, !writtenHere.isEmpty else { return }
                let m = writtenHere[index % writtenHere.count]
                guard m.command == "PRIVMSG" || m.command == "NOTICE", m.parameters.count == 2 else { return }
                var tags = [IRCTag(key: "msgid", value: "e\(Int(now))"), IRCTag(key: "time", value: "2026-09-21T12:00:00.000Z")]
                if let label = m.tag("label") { tags.append(IRCTag(key: "label", value: label)) }
                let echo = IRCMessage(tags: tags, source: IRCSource(name: session.nick, user: "u", host: "h"),
                                      command: m.command, parameters: m.parameters)
                apply(session.handle(.line(echo.serialized()), now: now))
                if m.parameters[1].hasPrefix("u") { confirmed.insert(m.parameters[1]) }
            case .type(let text):
                let target = text.hasSuffix("q") ? "batou" : "#tachikoma"
                apply(session.handle(.intent(.say(target: target, text: text, action: false)), now: now))
            case .intent(let intent): apply(session.handle(.intent(intent), now: now))
            case .raw(let line): apply(session.handle(.intent(.raw(line)), now: now))
            }
        }

        mutating func apply(_ actions: [ChatAction]) {
            for action in actions {
                switch action {
                case .connect:
                    if !isConnected { connectAsked = true }
                case .disconnect:
                    isConnected = false
                case .send(let m):
                    guard isConnected else {
                        violations.append("wrote \(m.command) with no connection")
                        continue
                    }
                    check(m)
                default: break
                }
            }
        }

        mutating func check(_ m: IRCMessage) {
            let wire = m.serialized()
            if wire.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                violations.append("wrote a line with CR, LF or NUL inside: \(wire.debugDescription)")
            }
            let body = IRCMessage(tags: [], source: nil, command: m.command, parameters: m.parameters).serialized()
            if body.utf8.count > 510 { violations.append("wrote \(body.utf8.count) bytes of \(m.command), more than 510") }
            if (try? IRCMessage(parsing: wire)) == nil { violations.append("wrote an unparseable line: \(wire.debugDescription)") }
            writtenHere.append(m)
            guard m.command == "PRIVMSG", m.parameters.count == 2, m.parameters[1].hasPrefix("u") else { return }
            let text = m.parameters[1]
            userLinesWritten += 1
            if !typedHere.insert(text).inserted { violations.append("wrote typed line \(text) twice on one connection") }
            if confirmed.contains(text) { violations.append("wrote typed line \(text) again after the server confirmed it") }
        }
    }

    static func firstFailure(_ steps: [HostileStep]) -> String? {
        var world = World()
        for (i, step) in steps.enumerated() {
            world.run(step)
            if !world.violations.isEmpty { return "after step \(i) (\(step)): \(world.violations.joined(separator: "; "))" }
        }
        return nil
    }

    /// The shortest run that still fails (delta debugging).
    static func shrink(_ steps: [HostileStep]) -> [HostileStep] {
        DeltaDebugging.minimal(steps, budget: 3_000) { firstFailure($0) != nil }
    }

    static func pick<T>(_ items: [T], _ rng: inout SplitMix64) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }

    static func steps(seed: UInt64, count: Int) -> [HostileStep] {
        var rng = SplitMix64(seed: seed)
        var steps: [HostileStep] = [.connectNow, .connected]
        var typed = 0
        for _ in 0..<count {
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<4: steps.append(.disconnected)
            case 4..<8: steps.append(pick([.connectNow, .reconnectDue, .connected, .connected], &rng))
            case 8..<12: steps.append(.tick)
            case 12..<24:
                typed += 1
                steps.append(.type("u\(typed)" + (Int.random(in: 0..<5, using: &rng) == 0 ? "q" : "")))
            case 24..<34: steps.append(.echo(Int.random(in: 0..<40, using: &rng)))
            case 34..<38:
                steps.append(.intent(pick([
                    .join("#b"), .part("#tachikoma", reason: "bye"), .query("batou"), .close("batou"), .nick("kusanagi"),
                    .visit("batou"), .addFriend("batou"), .removeFriend("batou"), .focus("#tachikoma"), .markRead("#tachikoma"),
                    .topic(channel: "#tachikoma", text: "t"), .join("#tachikoma"),
                ], &rng)))
            case 38..<40: steps.append(.raw(pick(["PRIVMSG #tachikoma :raw", "WHO #tachikoma", "x\r\nQUIT", ""], &rng)))
            case 40..<55:
                // A proper registration, so that runs get past the welcome.
                let caps = pick(["", "message-tags", "labeled-response echo-message message-tags batch server-time draft/chathistory",
                                 "sasl draft/metadata-2 message-tags", "echo-message"], &rng)
                steps.append(contentsOf: [.line(":srv CAP * LS :\(caps)"), .line(":srv CAP motoko ACK :\(caps)"),
                                          .line(":srv 001 motoko :Welcome"), .line(":srv 005 motoko CHATHISTORY=100 :are supported"),
                                          .line(":srv 376 motoko :End")].prefix(Int.random(in: 1...5, using: &rng)))
            default: steps.append(.line(serverLine(&rng)))
            }
        }
        return steps
    }

    static func serverLine(_ rng: inout SplitMix64) -> String {
        let nick = pick(["motoko", "Motoko", "batou", "togusa", "", "*", String(repeating: "n", count: 600), "a b", "#x", "ü"], &rng)
        let chan = pick(["#tachikoma", "#b", "#", "", String(repeating: "#", count: 300), "&local"], &rng)
        let text = pick(["hi", "", "\u{1}VERSION\u{1}", "\u{1}PING 1\u{1}", "\u{1}ACTION x", String(repeating: "é", count: 2000),
                         "u1", "u2", "u3"], &rng)
        let ref = pick(["r1", "r2", "", "*"], &rng)
        let hugeTag = "@" + (0..<Int.random(in: 1..<400, using: &rng)).map { "k\($0)=v\\s\\:\\\\" }.joined(separator: ";") + " "
        let label = pick(["", "@label=L1 ", "@label=L2;batch=r1 ", "@batch=r1 ", "@batch=r2;msgid=m1 ", hugeTag], &rng)
        let lines = [
            ":\(nick)!u@h PRIVMSG \(chan) :\(text)", ":\(nick)!u@h PRIVMSG motoko :\(text)", ":\(nick)!u@h NOTICE motoko :\(text)",
            ":\(nick)!u@h JOIN \(chan)", ":\(nick)!u@h JOIN \(chan) acct :Real", ":\(nick)!u@h PART \(chan) :x",
            ":\(nick)!u@h KICK \(chan) motoko :out", ":\(nick)!u@h QUIT :gone", ":\(nick)!u@h NICK \(pick(["motoko", "x", ""], &rng))",
            ":motoko!u@h NICK :\(nick)", ":srv 433 * motoko :in use", ":srv 432 * \(nick) :bad", ":srv 353 motoko = \(chan) :@\(nick) +x motoko",
            ":srv 366 motoko \(chan) :End", ":srv 332 motoko \(chan) :\(text)", ":srv 005 motoko CHANTYPES=\(pick(["#", "", "&#"], &rng)) PREFIX=(ov)@+ :x",
            ":srv 005 motoko CASEMAPPING=\(pick(["ascii", "rfc1459", "bogus"], &rng)) :x", ":srv BATCH +\(ref) chathistory \(chan)",
            ":srv BATCH -\(ref)", ":srv BATCH +\(ref) labeled-response", ":srv BATCH +\(ref) draft/chathistory-targets",
            "@batch=\(ref) :srv CHATHISTORY TARGETS \(nick) 2026-09-21T12:00:00.000Z", ":srv FAIL PRIVMSG UNKNOWN :x",
            ":srv FAIL CHATHISTORY MESSAGE_ERROR \(chan) :x", ":srv ACK", "PING :\(text)", "ERROR :Closing", ":srv CAP motoko NAK :sasl",
            ":srv CAP motoko NEW :\(pick(["sasl", "echo-message", "draft/metadata-2"], &rng))", ":srv CAP motoko DEL :echo-message",
            ":srv AUTHENTICATE +", ":srv 903 motoko :ok", ":srv 904 motoko :no", ":srv 900 motoko motoko!u@h acct :in",
            ":srv METADATA \(nick) tachikoma.pet * :\(pick(["1 tank 5", "9 x 1", text], &rng))", ":srv 761 motoko \(nick) tachikoma.pet * :1 tank 2",
            "@+tachikoma.chat/visit :\(nick)!u@h TAGMSG motoko", ":srv 730 motoko :\(nick)!u@h", ":srv 731 motoko :\(nick)",
            ":srv 303 motoko :\(nick)", ":srv REGISTER SUCCESS motoko :ok", ":srv 001 \(nick) :Welcome", ":srv 376 motoko :End",
            ":srv MARKREAD \(chan) timestamp=\(pick(["2026-09-21T12:00:00.000Z", "bogus", "*"], &rng))", "", ":", "@", ":srv",
            "@time=bogus;msgid= :\(nick)!u@h PRIVMSG \(chan) :\(text)",
        ]
        return label + pick(lines, &rng)
    }
}
