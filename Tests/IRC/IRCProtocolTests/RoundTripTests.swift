import IRCProtocol
import Testing
import SeededRandom

@Suite struct RoundTripTests {
    static let alphabet: [Character] = Array("abcXYZ019-_[]\\{}|^~:;=@!#&+,.*? \t\u{1}é你🕷")

    func randomText(_ rng: inout SplitMix64, min: Int = 0, max: Int = 12, forbid: Set<Character> = []) -> String {
        let n = Int.random(in: min...max, using: &rng)
        var s = ""
        while s.count < n {
            let c = Self.alphabet.randomElement(using: &rng)!
            if !forbid.contains(c) { s.append(c) }
        }
        return s
    }

    func randomMessage(_ rng: inout SplitMix64) -> IRCMessage {
        var m = IRCMessage(command: ["PRIVMSG", "NOTICE", "001", "TAGMSG", "mode", "433"].randomElement(using: &rng)!)
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            let key = ["a", "+b", "time", "+example.com/c-d", "msgid", "batch"].randomElement(using: &rng)!
            m.setTag(key, randomText(&rng))
        }
        if Bool.random(using: &rng) {
            let noSpace: Set<Character> = [" ", "!", "@"]
            m.source = IRCSource(name: randomText(&rng, min: 1, forbid: noSpace),
                                 user: Bool.random(using: &rng) ? randomText(&rng, forbid: noSpace) : nil,
                                 host: Bool.random(using: &rng) ? randomText(&rng, forbid: [" ", "!"]) : nil)
        }
        let count = Int.random(in: 0...6, using: &rng)
        for i in 0..<count {
            if i == count - 1 {
                m.parameters.append(randomText(&rng))
            } else {
                var p = randomText(&rng, min: 1, forbid: [" "])
                while p.first == ":" { p.removeFirst() }
                if p.isEmpty { p = "x" }
                m.parameters.append(p)
            }
        }
        return m
    }

    @Test func randomMessagesRoundTrip() throws {
        var rng = SplitMix64(seed: 20261122)
        for _ in 0..<20_000 {
            let m = randomMessage(&rng)
            try m.validate()
            let line = m.serialized()
            let back = try IRCMessage(parsing: line)
            #expect(back == m, "line: \(line)")
            #expect(back.serialized() == line)
        }
    }

    @Test func everyTagEscapeRoundTrips() {
        let specials: [Character] = [";", " ", "\\", "\r", "\n", "a", ":", "s"]
        for a in specials {
            for b in specials {
                for c in specials {
                    let v = String([a, b, c])
                    #expect(IRCTag.unescape(Substring(IRCTag.escape(v))) == v)
                }
            }
        }
    }

    @Test func randomBytesNeverCrashAndValidOnesReparse() {
        var rng = SplitMix64(seed: 42)
        let pool: [UInt8] = Array("@;= :!#abcAB01\\+/".utf8) + [0, 0x0D, 0xC3, 0xA9, 0xFF, 0x80]
        var parsed = 0
        for _ in 0..<20_000 {
            let n = Int.random(in: 0...40, using: &rng)
            let bytes = (0..<n).map { _ in pool.randomElement(using: &rng)! }
            if let m = try? IRCMessage(parsing: bytes) {
                parsed += 1
                let again = try? IRCMessage(parsing: m.serialized())
                #expect(again == m, "bytes: \(bytes)")
            }
        }
        #expect(parsed > 100)
    }
}
