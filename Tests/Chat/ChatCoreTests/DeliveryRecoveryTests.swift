import ChatCore
import Testing

/// Lines in flight when the connection dies: with labeled-response, echo-message, message
/// ids and chathistory, history after the reconnect tells which arrived; those are confirmed,
/// the others written again once, in order, before anything typed later. Without those
/// capabilities nothing is written twice.
@Suite struct DeliveryRecoveryTests {
    static let caps = "batch echo-message labeled-response message-tags server-time draft/chathistory"

    static func say(_ d: inout SessionDriver, _ texts: String..., to target: String = "#tachikoma") {
        for t in texts { d.handle(.intent(.say(target: target, text: t, action: false))) }
    }

    static func privmsgs(_ d: SessionDriver) -> [String] { d.sent.filter { $0.contains("PRIVMSG") } }

    static func mine(_ d: SessionDriver, _ buffer: String = "#tachikoma") -> [String] {
        d.buffer(buffer)?.lines.filter { $0.localID != nil || $0.sender == "me" }.map { "\($0.text):\($0.delivery)" } ?? []
    }

    /// Registered and in #tachikoma, with `lines` written and `echoed` of them echoed (msgid mN).
    static func inFlight(_ lines: [String], echoed: Int, isupport: String = "CASEMAPPING=rfc1459 CHANTYPES=#") -> SessionDriver {
        var d = SessionDriver(ChatConfig(nick: "me"))
        d.register(caps: caps, isupport: isupport)
        d.server(":me!u@h JOIN #tachikoma", "@batch=h0 :s BATCH +h0 chathistory #tachikoma", ":s BATCH -h0")
        for t in lines { d.handle(.intent(.say(target: "#tachikoma", text: t, action: false))) }
        for (n, t) in lines.prefix(echoed).enumerated() {
            d.server("@label=tk\(n + 1);msgid=m\(n + 1);time=2026-09-21T10:00:0\(n).000Z :me!u@h PRIVMSG #tachikoma :\(t)")
        }
        return d
    }

    @Test func linesThatArrivedAreConfirmedTheOthersResentInOrder() {
        var d = Self.inFlight(["one", "two", "three"], echoed: 1)
        d.server("@msgid=x1;time=2026-09-21T10:00:05.000Z :batou!u@h PRIVMSG #tachikoma :hi all")
        d.handle(.disconnected(reason: "reset"))
        Self.say(&d, "typed while down")
        #expect(d.buffer("#tachikoma")?.lines.filter { $0.localID != nil }.map(\.delivery) == [.delivered, .pending, .pending, .pending])
        _ = d.takeSent()
        d.register(caps: Self.caps)
        // Nothing is written before history has answered; channel history waits for the JOIN.
        #expect(Self.privmsgs(d).isEmpty)
        #expect(!d.sent.contains { $0.hasPrefix("CHATHISTORY AFTER") })
        d.server(":me!u@h JOIN #tachikoma")
        #expect(d.takeSent().filter { $0.hasPrefix("CHATHISTORY") && $0.contains("#tachikoma") } == ["CHATHISTORY AFTER #tachikoma msgid=m1 100"])
        // "two" was stored before the crash (its echo was lost); "three" was not.
        d.server("@batch=r1 :s BATCH +r1 chathistory #tachikoma",
                 "@batch=r1;msgid=x1;time=2026-09-21T10:00:05.000Z :batou!u@h PRIVMSG #tachikoma :hi all",
                 "@batch=r1;msgid=m2;time=2026-09-21T10:00:06.000Z :me!u@h PRIVMSG #tachikoma :two",
                 "@batch=r1;msgid=x2;time=2026-09-21T10:00:07.000Z :togusa!u@h PRIVMSG #tachikoma :two",
                 ":s BATCH -r1")
        #expect(Self.privmsgs(d) == ["@label=tk3 PRIVMSG #tachikoma three", "@label=tk4 PRIVMSG #tachikoma :typed while down"])
        d.server("@label=tk3;msgid=m3 :me!u@h PRIVMSG #tachikoma three", "@label=tk4;msgid=m4 :me!u@h PRIVMSG #tachikoma :typed while down")
        let lines = d.buffer("#tachikoma")!.lines.filter { $0.kind == .message }
        #expect(lines.filter { $0.sender == "me" }.map(\.text) == ["one", "two", "three", "typed while down"])
        #expect(lines.filter { $0.sender == "me" }.allSatisfy { $0.delivery == .delivered && $0.msgid != nil })
        #expect(lines.filter { $0.text == "hi all" }.count == 1 && lines.filter { $0.sender == "togusa" }.count == 1)
        #expect(d.session.pendingCount == 0)
    }

    @Test func sameTextIsCountedNotGuessedAndAFullPageAsksForTheNext() {
        var d = Self.inFlight(["ok", "ok", "ok"], echoed: 0, isupport: "CASEMAPPING=rfc1459 CHANTYPES=# CHATHISTORY=2")
        d.handle(.disconnected(reason: "reset"))
        _ = d.takeSent()
        d.register(caps: Self.caps, isupport: "CASEMAPPING=rfc1459 CHANTYPES=# CHATHISTORY=2")
        d.server(":me!u@h JOIN #tachikoma")
        // No message known before them: from ten minutes before the first was typed.
        let ask = d.takeSent().filter { $0.hasPrefix("CHATHISTORY AFTER") }
        #expect(ask.count == 1 && ask[0].hasPrefix("CHATHISTORY AFTER #tachikoma timestamp=") && ask[0].hasSuffix(" 2"))
        d.server("@batch=p1 :s BATCH +p1 chathistory #tachikoma",
                 "@batch=p1;msgid=y1 :batou!u@h PRIVMSG #tachikoma :ok",
                 "@batch=p1;msgid=m1 :me!u@h PRIVMSG #tachikoma :ok", ":s BATCH -p1")
        #expect(d.takeSent() == ["CHATHISTORY AFTER #tachikoma msgid=m1 2"])
        d.server("@batch=p2 :s BATCH +p2 chathistory #tachikoma", "@batch=p2;msgid=m2 :me!u@h PRIVMSG #tachikoma :ok", ":s BATCH -p2")
        // Two of three arrived: exactly one is written again.
        #expect(Self.privmsgs(d) == ["@label=tk3 PRIVMSG #tachikoma ok"])
        d.server("@label=tk3;msgid=m3 :me!u@h PRIVMSG #tachikoma :ok")
        #expect(d.buffer("#tachikoma")!.lines.filter { $0.sender == "me" }.map(\.msgid) == ["m1", "m2", "m3"])
    }

    @Test func privateLinesAreLookedForAtOnce() {
        var d = SessionDriver(ChatConfig(nick: "me"))
        d.register(caps: Self.caps)
        Self.say(&d, "psst", to: "batou")
        d.handle(.disconnected(reason: "reset"))
        _ = d.takeSent()
        d.register(caps: Self.caps)
        #expect(d.sent.contains { $0.hasPrefix("CHATHISTORY AFTER batou timestamp=") })
        d.server("@batch=q :s BATCH +q chathistory batou", "@batch=q;msgid=p1 :me!u@h PRIVMSG batou :psst", ":s BATCH -q")
        #expect(Self.privmsgs(d).isEmpty)
        #expect(d.buffer("batou")?.lines.map(\.delivery) == [.delivered])
    }

    @Test func withoutHistoryInFlightLinesAreMarkedNotResent() {
        for caps in ["batch echo-message labeled-response message-tags server-time", "echo-message draft/chathistory batch"] {
            var d = SessionDriver(ChatConfig(nick: "me"))
            d.register(caps: caps)
            Self.say(&d, "in flight")
            d.handle(.disconnected(reason: "reset"))
            Self.say(&d, "while down")
            #expect(d.buffer("#tachikoma")?.lines.map(\.delivery) == [.unconfirmed, .pending])
            _ = d.takeSent()
            d.register(caps: caps)
            #expect(Self.privmsgs(d).count == 1 && Self.privmsgs(d)[0].hasSuffix("PRIVMSG #tachikoma :while down"))
        }
        // The server lost history between the connections: the lines are given up, not resent.
        var d = Self.inFlight(["maybe"], echoed: 0)
        d.handle(.disconnected(reason: "reset"))
        _ = d.takeSent()
        d.register(caps: "batch echo-message labeled-response message-tags")
        #expect(Self.privmsgs(d).isEmpty)
        #expect(d.buffer("#tachikoma")?.lines.last?.delivery == .unconfirmed)
    }

    @Test func aRefusedOrUnansweredLookupGivesUpWithoutDoubling() {
        var d = Self.inFlight(["maybe"], echoed: 0)
        d.handle(.disconnected(reason: "reset"))
        Self.say(&d, "later")
        _ = d.takeSent()
        d.register(caps: Self.caps)
        d.server(":me!u@h JOIN #tachikoma", ":s FAIL CHATHISTORY MESSAGE_ERROR #tachikoma :Could not read history")
        #expect(Self.privmsgs(d) == ["@label=tk2 PRIVMSG #tachikoma later"])
        #expect(d.buffer("#tachikoma")?.lines.filter { $0.localID != nil }.map(\.delivery) == [.unconfirmed, .pending])

        var silent = Self.inFlight(["maybe"], echoed: 0)
        silent.handle(.disconnected(reason: "reset"))
        silent.register(caps: Self.caps)
        silent.server(":me!u@h JOIN #tachikoma")
        _ = silent.takeSent()
        for _ in 0..<3 { silent.handle(.tick) }
        #expect(silent.buffer("#tachikoma")?.lines.last { $0.localID != nil }?.delivery == .pending)
        silent.now += ChatSession.recoveryTimeout
        silent.handle(.tick)
        #expect(silent.buffer("#tachikoma")?.lines.last { $0.localID != nil }?.delivery == .unconfirmed)
        #expect(Self.privmsgs(silent).isEmpty)
    }

    @Test func aBurstIsPacedByEchoes() {
        var d = SessionDriver(ChatConfig(nick: "me"))
        d.register(caps: Self.caps)
        _ = d.takeSent()
        for n in 1...25 { Self.say(&d, "line \(n)") }
        #expect(Self.privmsgs(d).count == ChatSession.maxInFlight)
        d.server("@label=tk1;msgid=a :me!u@h PRIVMSG #tachikoma :line 1")
        #expect(Self.privmsgs(d).count == ChatSession.maxInFlight + 1)
        #expect(Self.privmsgs(d).last == "@label=tk11 PRIVMSG #tachikoma :line 11")
        // Without echo-message nothing confirms: everything goes at once, as sent.
        var plain = SessionDriver(ChatConfig(nick: "me"))
        plain.register(caps: "server-time")
        for n in 1...25 { Self.say(&plain, "line \(n)") }
        #expect(Self.privmsgs(plain).count == 25)
    }
}
