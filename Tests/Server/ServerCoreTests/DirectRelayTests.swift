import IRCProtocol
import SeededRandom
@testable import ServerCore
import Testing

/// The direct path for private messages (`ServerCore.relayDirectly`) against the general
/// path it shortcuts: the same seeded runs go through two cores, one of them with the direct
/// path turned off, and every connection must be sent the same bytes by both. The runs mix
/// the direct-message forms the shortcut must take or refuse — every spelling a parser
/// accepts, tags, sources, lists, empty and overlong texts, invalid UTF-8, NUL — with what
/// changes its decision: AWAY, echo-message and tag capabilities switched on and off, nick
/// changes, accounts with history, several connections of one account.
@Suite struct DirectRelayTests {
    static let runs = 24
    static let steps = 250

    @Test func theDirectPathSendsWhatTheGeneralPathSends() throws {
        var taken: UInt64 = 0
        for run in 0..<Self.runs {
            let seed = 0xD1_2EC7 &+ UInt64(run)
            let (difference, count) = try Self.compare(DirectMessageRuns.steps(seed: seed, count: Self.steps))
            #expect(difference == nil, "seed \(seed): \(difference ?? "")")
            if difference != nil { return }
            taken += count
        }
        print("direct path taken \(taken) times in \(Self.runs) runs")
        // The runs must exercise the direct path, or the comparison proves nothing.
        #expect(taken >= 100, "direct path taken \(taken) times")
    }

    /// The comparison can fail: a direct path that forgets the away reply is caught.
    @Test func theComparisonSeesADifference() throws {
        let steps: [CoreStep] = [
            .connect(0), .line(0, Array("NICK ann".utf8)), .line(0, Array("USER a 0 * :A".utf8)),
            .connect(1), .line(1, Array("NICK bob".utf8)), .line(1, Array("USER b 0 * :B".utf8)),
            .line(1, Array("AWAY :lunch".utf8)), .line(0, Array("PRIVMSG bob :hi".utf8)),
        ]
        let (same, taken) = try Self.compare(steps)
        #expect(same == nil)
        #expect(taken == 1)
        let (different, _) = try Self.compare(steps + [.line(0, Array("PRIVMSG bob :again".utf8))]) { core in
            // A stand-in for a shortcut that forgets the away state: no 301 on one side.
            core.nicks["bob"]?.away = nil
        }
        #expect(different?.contains("301") == true, "\(different ?? "no difference")")
    }

    /// The word-at-a-time scan answers what a byte loop answers, for each byte that matters
    /// at every position of texts up to three words long (the random runs' texts are
    /// mostly shorter than a word).
    @Test func theScanFindsEachByteThatMattersAtEveryPosition() {
        for length in 1...26 {
            for position in 0..<length {
                for special: UInt8 in [0x00, 0x0A, 0x0D, 0x20, 0x7F, 0x80, 0xC3, 0xFF, 0x01, 0x2D] {
                    var text = [UInt8](repeating: UInt8(ascii: "w"), count: length)
                    text[position] = special
                    let expected = (forbidden: special == 0 || special == 0x0A || special == 0x0D,
                                    ascii: special < 0x80, spaced: special == 0x20)
                    let found = text.withUnsafeBufferPointer { ServerCore.scan($0) }
                    #expect(found == expected, "byte \(special) at \(position) of \(length)")
                }
            }
        }
        #expect([UInt8]().withUnsafeBufferPointer { ServerCore.scan($0) } == (false, true, false))
    }

    /// The first connection whose bytes differ between the two cores, and how often the
    /// direct path was taken. `tamper` changes the direct core before the last step.
    static func compare(_ steps: [CoreStep], config: ServerConfig = CoreHarness.config,
                        tamper: ((ServerCore) -> Void)? = nil) throws -> (String?, UInt64) {
        let direct = try CoreHarness(config: config), general = try CoreHarness(config: config)
        general.core.relaysDirectly = false
        for (i, step) in steps.enumerated() {
            if i == steps.count - 1 { tamper?(direct.core) }
            direct.run(step)
            general.run(step)
        }
        direct.settle()
        general.settle()
        #expect(general.core.ext.directlyRelayed == 0)
        let ids = Set(direct.receivedBytes.keys).union(general.receivedBytes.keys).sorted { $0.rawValue < $1.rawValue }
        for id in ids {
            let a = CoreHarness.lines(direct.receivedBytes[id] ?? []), b = CoreHarness.lines(general.receivedBytes[id] ?? [])
            let (x, y) = (a.filter(Self.isAboutMessages), b.filter(Self.isAboutMessages))
            if x != y {
                let k = zip(x, y).prefix { $0 == $1 }.count
                return ("connection \(id): direct path sent \(Self.show(x.dropFirst(k).first)), general path \(Self.show(y.dropFirst(k).first))",
                        direct.core.ext.directlyRelayed)
            }
            // Everything else, in any order: a few replies list a dictionary's entries (NAMES,
            // JOIN 0's PARTs), whose order differs between two cores.
            let (p, q) = (Self.counted(a), Self.counted(b))
            if p != q {
                let line = p.first { q[$0.key] != $0.value }?.key ?? q.first { p[$0.key] != $0.value }?.key
                return ("connection \(id): the two paths sent \(Self.show(line)) a different number of times",
                        direct.core.ext.directlyRelayed)
            }
        }
        return (nil, direct.core.ext.directlyRelayed)
    }

    /// Whether a line is one whose order is compared: a relayed message, or a reply about one.
    static func isAboutMessages(_ line: [UInt8]) -> Bool {
        guard let message = try? IRCMessage(parsing: line) else { return true }
        return ["PRIVMSG", "NOTICE", "TAGMSG", "301", "401", "404", "407", "411", "412", "417", "FAIL"].contains(message.command)
    }

    /// Lines and how often each was sent, without SASL challenges (SCRAM's nonces are random)
    /// and with msgids blanked (lines sent in dictionary order take their numbers in that order).
    static func counted(_ lines: [[UInt8]]) -> [[UInt8]: Int] {
        var counts: [[UInt8]: Int] = [:]
        for line in lines where !line.starts(with: Array("AUTHENTICATE ".utf8)) {
            guard var message = try? IRCMessage(parsing: line) else {
                counts[line, default: 0] += 1
                continue
            }
            if message.tag("msgid") != nil { message.setTag("msgid", "*") }
            counts[Array(message.serialized().utf8), default: 0] += 1
        }
        return counts
    }

    static func show(_ line: [UInt8]?) -> String {
        line.map { String(decoding: $0, as: UTF8.self).debugDescription } ?? "nothing"
    }
}

/// Random runs for `DirectRelayTests`: the fuzz runs' openings, and lines that are mostly
/// private messages in every form, among the commands that change how one is relayed.
enum DirectMessageRuns {
    static let users = ["ann", "bob", "c[d]", "eve", "x"]
    static let nicks = ["ann", "ANN", "bob", "c[d]", "C{D}", "eve", "nobody", "né", "#a", "x"]
    static let texts: [[UInt8]] = [
        Array("hi".utf8), Array("two words".utf8), Array(":)".utf8), Array("::".utf8), Array(" lead".utf8),
        Array("trail ".utf8), Array("né 你好 🕷".utf8), Array("\u{1}ACTION waves\u{1}".utf8), [0x66, 0xFF, 0xFE],
        [0x61, 0x00, 0x62], [0xC3], Array(String(repeating: "w", count: 480).utf8), Array(String(repeating: "v", count: 520).utf8),
    ]

    static func steps(seed: UInt64, count: Int) -> [CoreStep] {
        var rng = SplitMix64(seed: seed)
        var steps: [CoreStep] = []
        for _ in 0..<count {
            let roll = Int.random(in: 0..<100, using: &rng)
            let slot = Int.random(in: 0..<5, using: &rng)
            switch roll {
            case 0..<8:
                steps.append(.connect(slot))
                for line in opening(&rng) { steps.append(.line(slot, Array(line.utf8))) }
            case 8..<10: steps.append(.hangUp(slot))
            case 10..<18: steps.append(.answer(Int.random(in: 0..<4, using: &rng), fail: Int.random(in: 0..<8, using: &rng) == 0))
            // Short ticks: long ones would time out the connections that never PONG.
            case 18..<20: steps.append(.tick(milliseconds: 500))
            case 20..<32: steps.append(.line(slot, CoreRunGenerator.line(&rng, accountsLikely: false)))
            case 32..<40: steps.append(.line(slot, Array(change(&rng).utf8)))
            default: steps.append(.line(slot, message(&rng)))
            }
        }
        return steps
    }

    /// Mostly guests with no tag capabilities (whose messages the direct path takes), else
    /// the fuzz runs' openings (tags, SASL logins, registrations).
    static func opening(_ rng: inout SplitMix64) -> [String] {
        let nick = CoreRunGenerator.pick(users, &rng)
        switch Int.random(in: 0..<4, using: &rng) {
        case 0, 1: return ["NICK \(nick)", "USER u 0 * :Real Name"]
        case 2: return ["CAP LS 302", "NICK \(nick)", "USER u 0 * :R", "CAP REQ :multi-prefix away-notify", "CAP END"]
        default: return CoreRunGenerator.opening(&rng, accountsLikely: false)
        }
    }

    /// What decides the path: away, echo, tags, nicks.
    static func change(_ rng: inout SplitMix64) -> String {
        let cap = CoreRunGenerator.pick(["echo-message", "server-time", "message-tags", "account-tag", "labeled-response"], &rng)
        return CoreRunGenerator.pick([
            "AWAY :lunch", "AWAY", "CAP REQ :\(cap)", "CAP REQ :-\(cap)", "NICK \(CoreRunGenerator.pick(nicks, &rng))",
            "NICK ann", "NICK bob",
        ], &rng)
    }

    /// A private message (or something shaped like one) in one of the forms a parser accepts.
    static func message(_ rng: inout SplitMix64) -> [UInt8] {
        // Mostly nicks the openings register.
        let nick = Int.random(in: 0..<4, using: &rng) == 0 ? CoreRunGenerator.pick(nicks, &rng) : CoreRunGenerator.pick(users, &rng)
        let other = CoreRunGenerator.pick(nicks, &rng)
        let text = CoreRunGenerator.pick(texts, &rng)
        let forms: [(String, String)] = [
            ("PRIVMSG \(nick) :", ""), ("PRIVMSG \(nick) :", ""), ("PRIVMSG \(nick) :", ""), ("NOTICE \(nick) :", ""),
            ("PRIVMSG \(nick) ", ""), ("PRIVMSG  \(nick) :", ""), ("PRIVMSG \(nick)  :", ""), ("privmsg \(nick) :", ""),
            ("Notice \(nick) :", ""), ("PRIVMSG \(nick),\(other) :", ""), ("PRIVMSG \(nick) :", " "), ("PRIVMSG :", ""),
            ("@+draft/react=x PRIVMSG \(nick) :", ""), ("@label=l1 PRIVMSG \(nick) :", ""), (":\(nick) PRIVMSG \(other) :", ""),
            ("PRIVMSG \(nick) : ", ""), ("PRIVMSG \(nick) :x y ", ""), ("TAGMSG \(nick)", "-"), ("PRIVMSG \(nick)", "-"),
            ("PRIVMSG \(nick) :", "-"), ("PRIVMSG \(nick) a", " b"),
        ]
        let (head, tail) = Bool.random(using: &rng) ? forms[Int.random(in: 0..<4, using: &rng)] : CoreRunGenerator.pick(forms, &rng)
        if tail == "-" { return Array(head.utf8) }
        return Array(head.utf8) + text + Array(tail.utf8)
    }
}
