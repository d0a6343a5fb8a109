import ChatCore
import Testing

/// A server that stalls (silent, or stopped in the middle of a line) or talks garbage
/// (issue 17, item 4): the session gives the connection up after `serverTimeout`, says why,
/// and reconnects; garbage is reported once, and a bare `001` is not a welcome.
@Suite struct ServerTimeoutTests {
    static func config() -> ChatConfig {
        var config = ChatConfig(host: "irc.example", port: 6667, nick: "motoko")
        config.serverTimeout = 20
        return config
    }

    @Test func aSilentServerIsPingedThenGivenUpOnWithTheReason() {
        var d = SessionDriver(Self.config())
        d.register(caps: "batch")
        _ = d.takeSent()
        d.now += 10
        d.handle(.tick)
        #expect(d.takeSent() == ["PING tachikoma"], "PING at half the timeout")
        d.now += 10
        let out = d.handle(.tick)
        #expect(out.contains(.disconnect))
        d.handle(.disconnected(reason: "connection closed"))
        let lost = d.notices.compactMap { if case .connectionLost(let r) = $0 { r } else { nil } }
        #expect(lost.count == 1)
        #expect(lost.first?.hasPrefix("no answer from the server for ") == true, "\(lost)")
        #expect(d.actions.contains { if case .scheduleReconnect = $0 { true } else { false } })
    }

    @Test func garbageIsToldOnceAndABareWelcomeDoesNotRegister() {
        var d = SessionDriver(Self.config())
        d.handle(.intent(.connect))
        d.handle(.connected)
        d.server("001", ": ", "@;;;= ")
        d.handle(.overlongLine)
        #expect(d.session.phase == .registering)
        let garbage = d.notices.filter { if case .serverGarbage = $0 { true } else { false } }
        #expect(garbage.count == 1)
        let told = d.session.buffers[0].lines.filter { $0.text.hasPrefix("Ignor") }
        #expect(told.count == 4, "three lines, then one that says the rest is ignored: \(told.map(\.text))")
        // Lines keep coming, but never a welcome: given up after the timeout.
        d.now += 20
        d.server(": ")
        let out = d.handle(.tick)
        #expect(out.contains(.disconnect))
        d.handle(.disconnected(reason: "connection closed"))
        let lost = d.notices.compactMap { if case .connectionLost(let r) = $0 { r } else { nil } }
        #expect(lost.first?.hasPrefix("no welcome from the server in ") == true, "\(lost)")
    }
}
