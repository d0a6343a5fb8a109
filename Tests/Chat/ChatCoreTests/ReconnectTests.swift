import ChatCore
import IRCProtocol
import Testing

@Suite struct ReconnectTests {
    @Test func backoffGrowsWithJitterWithinBoundsAndResetsOnWelcome() {
        var d = SessionDriver(ChatConfig(nick: "me"), seed: 7)
        d.handle(.intent(.connect))
        var delays: [Double] = []
        for _ in 0..<9 {
            let out = d.handle(.disconnected(reason: "refused"))
            guard case .scheduleReconnect(let s)? = out.last else {
                Issue.record("no reconnect scheduled")
                return
            }
            delays.append(s)
            #expect(d.handle(.reconnectDue) == [.connect])
        }
        let policy = ReconnectBackoff()
        for (n, delay) in delays.enumerated() {
            let top = policy.ceiling(forAttempt: n)
            #expect(delay >= top / 2 && delay <= top)
        }
        #expect(delays.last! >= 30)
        // The same seed gives the same delays; another seed does not.
        var again = SessionDriver(ChatConfig(nick: "me"), seed: 7)
        var other = SessionDriver(ChatConfig(nick: "me"), seed: 8)
        again.handle(.intent(.connect))
        other.handle(.intent(.connect))
        #expect(again.handle(.disconnected(reason: "x")) == [.scheduleReconnect(seconds: delays[0])])
        #expect(other.handle(.disconnected(reason: "x")) != [.scheduleReconnect(seconds: delays[0])])
        // A successful registration resets the count.
        d.register(caps: "")
        #expect(d.session.backoff.attempt == 0)
    }

    @Test func quitDoesNotReconnect() {
        var d = SessionDriver(ChatConfig(nick: "me"))
        d.register(caps: "")
        let out = d.handle(.intent(.quit(reason: "bye")))
        #expect(out == [.send(IRCMessage("QUIT", "bye")), .disconnect])
        let after = d.handle(.disconnected(reason: "closed"))
        #expect(!after.contains { if case .scheduleReconnect = $0 { true } else { false } })
        #expect(d.session.phase == .disconnected(reconnecting: false))
        #expect(d.handle(.reconnectDue).isEmpty)
    }

    @Test func rejoinsChannelsAndFollowsFriendsAfterReconnect() {
        var d = SessionDriver(ChatConfig(nick: "me", friends: ["bob"]))
        d.register(caps: "", isupport: "MONITOR=10")
        d.handle(.intent(.join("#extra")))
        d.server(":me!m@h JOIN #extra", ":s 730 me :bob!b@h")
        #expect(d.session.friends["bob"] == .online)
        d.handle(.disconnected(reason: "gone"))
        #expect(d.session.friends["bob"] == .unknown)
        _ = d.takeSent()
        d.register(caps: "", isupport: "MONITOR=10")
        #expect(d.sent.contains("JOIN #tachikoma,#extra"))
        #expect(d.sent.contains("MONITOR + bob"))
        d.server(":s 731 me :bob")
        #expect(d.session.friends["bob"] == .offline)
        d.server(":s 730 me :bob!b@h")
        #expect(d.notices.contains(.friendOnline("bob")))
        d.handle(.intent(.removeFriend("bob")))
        #expect(d.sent.last == "MONITOR - bob")
        #expect(d.session.friends["bob"] == nil)
    }

    @Test func serverTimeRoundTrips() {
        #expect(ServerTime.parse("1970-01-01T00:00:00.000Z") == 0)
        #expect(ServerTime.parse("2026-11-22T01:29:50Z") == 1_795_310_990)
        #expect(ServerTime.format(1_795_310_990.25) == "2026-11-22T01:29:50.250Z")
        for t in [0.0, 951_782_400.5, 1_795_310_990.999, 4_102_444_800] {
            #expect(ServerTime.parse(ServerTime.format(t)) == t)
        }
        for bad in ["", "2026-11-22", "2026-13-01T00:00:00Z", "2026-11-22T01:29:50", "2026-11-22T01:29:50.Z", "abcd-ef-ghTij:kl:mnZ"] {
            #expect(ServerTime.parse(bad) == nil)
        }
    }
}
