import Foundation
import SeededRandom
@testable import ServerCore
import TerminalHarness
import Testing

/// Stateful fuzzing of `ServerCore` (issue 17, item 2), the way a model checker walks a state
/// machine: seeded random runs of connects, lines (valid, invalid and garbage), hang-ups,
/// storage answers (late, failed, out of order), history outages and clock ticks from several
/// clients, with the invariants of `CoreHarness.violations` checked after every step and the
/// labeled-response promise checked once storage has answered everything. A failing run is
/// shrunk to a minimal sequence of steps and printed with its seed, so it can be replayed and
/// turned into a named test.
@Suite struct StatefulFuzzTests {
    /// Runs per test and steps per run; `TACHIKOMA_FUZZ_RUNS` scales the runs for long
    /// sessions (`scripts/fuzz.sh` sets it).
    static let runs = ProcessInfo.processInfo.environment["TACHIKOMA_FUZZ_RUNS"].flatMap(Int.init) ?? 60
    static let steps = 250

    @Test func invariantsHoldOverRandomRuns() throws {
        let base: UInt64 = ProcessInfo.processInfo.environment["TACHIKOMA_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x7AC1_C0A5
        var failures: [String] = []
        for run in 0..<Self.runs {
            let seed = base &+ UInt64(run)
            let steps = CoreRunGenerator.steps(seed: seed, count: Self.steps)
            if let failure = try Self.firstFailure(steps) {
                let minimal = try Self.shrink(steps)
                failures.append("seed \(seed): \(failure)\nminimal run (\(minimal.count) steps):\n  "
                                + minimal.map(\.description).joined(separator: "\n  "))
                break
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    /// The same runs with several connections of one account (multiclient) and users kept
    /// while none is connected (always-on), where a user and its connections come apart.
    @Test func invariantsHoldWithAlwaysOnAccounts() throws {
        var config = CoreHarness.config
        config.alwaysOn = true
        var failures: [String] = []
        for run in 0..<max(1, Self.runs / 2) {
            let seed = 0xA1_7A95_0000 &+ UInt64(run)
            let steps = CoreRunGenerator.steps(seed: seed, count: Self.steps, accountsLikely: true)
            if let failure = try Self.firstFailure(steps, config: config) {
                let minimal = try Self.shrink(steps, config: config)
                failures.append("seed \(seed) (always-on): \(failure)\nminimal run (\(minimal.count) steps):\n  "
                                + minimal.map(\.description).joined(separator: "\n  "))
                break
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    /// The harness itself can see a broken core: a channel membership taken away behind the
    /// core's back is reported (a check that could never fail would prove nothing).
    @Test func theChecksSeeABrokenState() throws {
        let harness = try CoreHarness()
        for step in [CoreStep.connect(0), .line(0, Array("NICK ann".utf8)), .line(0, Array("USER a 0 * :A".utf8)),
                     .line(0, Array("JOIN #a".utf8))] {
            harness.run(step)
        }
        #expect(harness.violations().isEmpty, "\(harness.violations())")
        let ann = try #require(harness.core.nicks["ann"])
        ann.channels.removeAll()
        #expect(harness.violations().contains { $0.contains("does not list it") || $0.contains("who is not in it") })
    }

    // MARK: Running and shrinking

    /// The first broken invariant of a run, if any.
    static func firstFailure(_ steps: [CoreStep], config: ServerConfig = CoreHarness.config) throws -> String? {
        let harness = try CoreHarness(config: config)
        for (i, step) in steps.enumerated() {
            harness.run(step)
            let found = harness.violations()
            if !found.isEmpty { return "after step \(i) (\(step)): \(found.joined(separator: "; "))" }
        }
        harness.settle()
        let found = harness.violations() + harness.unansweredLabels()
        return found.isEmpty ? nil : "once storage answered everything: \(found.joined(separator: "; "))"
    }

    /// The shortest run that still fails (delta debugging).
    static func shrink(_ steps: [CoreStep], config: ServerConfig = CoreHarness.config) throws -> [CoreStep] {
        try DeltaDebugging.minimal(steps) { try firstFailure($0, config: config) != nil }
    }
}

/// Makes the random runs: mostly well-formed IRC from a small vocabulary of nicks, channels
/// and capabilities (so that clients really collide, join, part and talk), with garbage,
/// wrong arguments and labels mixed in.
enum CoreRunGenerator {
    static let nicks = ["ann", "Ann", "bob", "c[d]", "C{D}", "eve", "x", String(repeating: "n", count: 40), "1bad", "*"]
    static let channels = ["#a", "#A", "#b", "&c", "#", "a", "#a,#b", "#" + String(repeating: "c", count: 70)]
    static let caps = [
        "message-tags", "labeled-response", "batch", "echo-message", "server-time", "account-tag", "extended-join",
        "multi-prefix", "away-notify", "draft/chathistory", "draft/metadata-2", "sasl", "draft/account-registration",
        "invite-notify", "cap-notify", "setname", "userhost-in-names", "account-notify", "draft/read-marker",
        "draft/event-playback", "extended-monitor", "standard-replies", "unknown-cap",
    ]
    static let accounts = ["ann", "bob", "eve"]

    static func steps(seed: UInt64, count: Int, accountsLikely: Bool = false) -> [CoreStep] {
        var rng = SplitMix64(seed: seed)
        var steps: [CoreStep] = []
        var labels = 0
        for _ in 0..<count {
            let roll = Int.random(in: 0..<100, using: &rng)
            let slot = Int.random(in: 0..<5, using: &rng)
            switch roll {
            case 0..<8:
                steps.append(.connect(slot))
                // Mostly a real client's opening, so that runs get past registration.
                if Int.random(in: 0..<5, using: &rng) != 0 {
                    for line in opening(&rng, accountsLikely: accountsLikely) { steps.append(.line(slot, Array(line.utf8))) }
                }
            case 8..<11: steps.append(.hangUp(slot))
            case 11..<23: steps.append(.answer(Int.random(in: 0..<4, using: &rng), fail: Int.random(in: 0..<6, using: &rng) == 0))
            case 23..<25: steps.append(.historyDown(Bool.random(using: &rng)))
            case 25..<28: steps.append(.tick(milliseconds: [500, 5_000, 60_000, 200_000][Int.random(in: 0..<4, using: &rng)]))
            default:
                var line = self.line(&rng, accountsLikely: accountsLikely)
                if Int.random(in: 0..<4, using: &rng) == 0 {
                    labels += 1
                    line = Array("@label=L\(labels) ".utf8) + line
                }
                steps.append(.line(slot, line))
            }
        }
        return steps
    }

    /// What clients send first: plain, with capabilities, with a SASL login, or registering
    /// an account; then a channel or two.
    static func opening(_ rng: inout SplitMix64, accountsLikely: Bool) -> [String] {
        let nick = pick(Array(nicks.prefix(6)), &rng), account = pick(accounts, &rng)
        let modern = "labeled-response batch message-tags echo-message server-time draft/chathistory draft/metadata-2 "
            + "account-tag extended-join draft/read-marker"
        let plain = Data("\0\(account)\0password1".utf8).base64EncodedString()
        var lines: [String]
        switch Int.random(in: 0..<(accountsLikely ? 6 : 4), using: &rng) {
        case 0: lines = ["NICK \(nick)", "USER u 0 * :Real Name"]
        case 1: lines = ["CAP LS 302", "NICK \(nick)", "USER u 0 * :R", "CAP REQ :\(modern)", "CAP END"]
        case 2, 4: lines = ["CAP LS 302", "NICK \(account)", "USER u 0 * :R", "CAP REQ :sasl \(modern)", "AUTHENTICATE PLAIN",
                            "AUTHENTICATE \(plain)", "CAP END"]
        default: lines = ["CAP LS 302", "NICK \(account)", "USER u 0 * :R", "CAP REQ :draft/account-registration \(modern)",
                          "REGISTER * * password1", "CAP END"]
        }
        for _ in 0..<Int.random(in: 0..<3, using: &rng) { lines.append("JOIN \(pick(Array(channels.prefix(4)), &rng))") }
        return lines
    }

    static func pick<T>(_ items: [T], _ rng: inout SplitMix64) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }

    static func line(_ rng: inout SplitMix64, accountsLikely: Bool) -> [UInt8] {
        let nick = pick(nicks, &rng), channel = pick(channels, &rng), account = pick(accounts, &rng)
        let text = pick(["hi", "", ":)", "\u{1}ACTION waves\u{1}", "né 你好 🕷", String(repeating: "w", count: 400)], &rng)
        let capList = (0..<Int.random(in: 1..<5, using: &rng)).map { _ in pick(caps, &rng) }.joined(separator: " ")
        let plain = Data("\0\(account)\0password1".utf8).base64EncodedString()
        let choices: [String] = [
            "NICK \(nick)", "USER u 0 * :Real Name", "USER", "CAP LS 302", "CAP REQ :\(capList)", "CAP END", "CAP LIST",
            "JOIN \(channel)", "JOIN \(channel) key", "JOIN 0", "PART \(channel) :bye", "PRIVMSG \(channel) :\(text)",
            "PRIVMSG \(nick) :\(text)", "NOTICE \(channel) :\(text)", "@+draft/react=1 TAGMSG \(channel)", "TOPIC \(channel) :\(text)",
            "TOPIC \(channel)", "MODE \(channel) +o \(nick)", "MODE \(channel) +ntk-s key", "MODE \(channel) +b \(nick)!*@*",
            "MODE \(channel) +l 2", "MODE \(nick) +i", "KICK \(channel) \(nick) :out", "INVITE \(nick) \(channel)",
            "NAMES \(channel)", "WHO \(channel)", "WHO \(nick) %tna,42", "WHOIS \(nick)", "WHOWAS \(nick)", "LIST", "ISON \(nick) x",
            "USERHOST \(nick)", "AWAY :gone", "AWAY", "SETNAME :New Name", "MONITOR + \(nick),\(account)", "MONITOR - \(nick)",
            "MONITOR L", "MONITOR S", "PING tok", "PONG core.test", "LUSERS", "MOTD", "VERSION", "TIME", "INFO", "ADMIN",
            "OPER root hunter22", "OPER root wrong", "KILL \(nick) :bye", "QUIT :done",
            "REGISTER * * password1", "REGISTER \(account) * password1", "REGISTER * * x", "VERIFY \(account) code",
            "AUTHENTICATE PLAIN", "AUTHENTICATE \(plain)", "AUTHENTICATE SCRAM-SHA-256", "AUTHENTICATE *",
            "AUTHENTICATE biwsbj1hbm4scj1ub25jZQ==", "AUTHENTICATE +",
            "CHATHISTORY LATEST \(channel) * 10", "CHATHISTORY BEFORE \(channel) timestamp=2027-01-15T08:00:00.000Z 5",
            "CHATHISTORY TARGETS timestamp=2020-01-01T00:00:00.000Z timestamp=2030-01-01T00:00:00.000Z 10",
            "CHATHISTORY AROUND \(nick) msgid=nope 3", "MARKREAD \(channel) timestamp=2027-01-15T08:00:00.000Z", "MARKREAD \(channel)",
            "METADATA * SET tachikoma.pet :1 tank 20", "METADATA * SET bad!key x", "METADATA \(channel) SET topic.x :y",
            "METADATA * SUB tachikoma.pet", "METADATA * UNSUB tachikoma.pet", "METADATA \(nick) GET tachikoma.pet",
            "METADATA * LIST", "METADATA * CLEAR", "METADATA \(channel) SYNC", "METADATA * SUBS",
            "PRIVMSG", "JOIN", "MODE", "FOO bar", ":prefix PRIVMSG \(channel) :spoofed", "@a=b;c PING x",
        ]
        let garbage = Int.random(in: 0..<30, using: &rng)
        switch garbage {
        case 0: return (0..<Int.random(in: 0..<40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        case 1: return Array("@\(String(repeating: "t=v;", count: 1200)) PING x".utf8)
        case 2: return []
        case 3: return Array("PRIVMSG #a :\(String(repeating: "z", count: 9000))".utf8)
        default: break
        }
        let weighted = accountsLikely && Int.random(in: 0..<3, using: &rng) == 0
            ? pick(["REGISTER * * password1", "AUTHENTICATE PLAIN", "AUTHENTICATE \(plain)", "CAP REQ :sasl labeled-response batch"], &rng)
            : pick(choices, &rng)
        return Array(weighted.utf8)
    }
}

extension StatefulFuzzTests {
    /// The runs reach the states worth checking: users registered, channels joined, messages
    /// stored and withheld, accounts made, labels answered. (A generator that never got past
    /// NICK would pass every invariant and prove nothing.)
    @Test func theRunsReachDeepStates() throws {
        var registered = 0, joined = 0, stored = 0, withheld = 0, labels = 0, loggedIn = 0, answered = 0
        for run in 0..<20 {
            let harness = try CoreHarness()
            for step in CoreRunGenerator.steps(seed: 0x5EED &+ UInt64(run), count: Self.steps) {
                harness.run(step)
                registered = max(registered, harness.core.clients.values.filter(\.registered).count)
                joined = max(joined, harness.core.channels.values.map(\.members.count).max() ?? 0)
                loggedIn += harness.core.clients.values.filter { $0.account != nil }.isEmpty ? 0 : 1
                if case .answer = step { answered += 1 }
            }
            harness.settle()
            stored += harness.deliveredMsgids.count
            withheld += harness.withheld.count
            labels += harness.labelsSent.values.map(\.count).reduce(0, +)
        }
        print("deep states: \(registered) users at once, \(joined) in one channel, \(stored) msgids delivered, \(withheld) withheld, \(labels) labels, \(loggedIn) steps with someone logged in, \(answered) answers")
        #expect(registered >= 3)
        #expect(joined >= 2)
        #expect(stored >= 20)
        #expect(withheld >= 1)
        #expect(labels >= 50)
        #expect(loggedIn >= 1)
    }
}
