import ChatCore
import IRCProtocol
import Testing

@Suite struct MessagingTests {
    static let modern = "batch echo-message labeled-response message-tags server-time draft/chathistory draft/read-marker"

    @Test func channelMessagesHighlightsAndPrivateMessages() {
        var d = SessionDriver(ChatConfig(nick: "motoko"))
        d.register(caps: "server-time message-tags")
        d.server(":motoko!m@h JOIN #tachikoma",
                 "@time=2026-11-22T01:02:03.456Z;msgid=a1 :batou!b@h PRIVMSG #tachikoma :hello all",
                 "@msgid=a2 :batou!b@h PRIVMSG #tachikoma :Motoko: are you there?",
                 "@msgid=a2 :batou!b@h PRIVMSG #tachikoma :Motoko: are you there?",
                 ":batou!b@h PRIVMSG #tachikoma :motokos are many",
                 ":togusa!t@h PRIVMSG motoko :psst",
                 ":togusa!t@h PRIVMSG motoko :\u{1}ACTION waves\u{1}")
        let room = d.buffer("#tachikoma")!
        #expect(room.lines.map(\.text) == ["hello all", "Motoko: are you there?", "motokos are many"])
        #expect(room.lines[0].time == ServerTime.parse("2026-11-22T01:02:03.456Z"))
        #expect(room.lines.map(\.highlight) == [false, true, false])
        #expect(room.unread == 3 && room.highlights == 1)
        #expect(room.recentSpeakers == ["batou"])
        let q = d.buffer("togusa")!
        #expect(q.kind == .query)
        #expect(q.lines.map(\.kind) == [.message, .action])
        #expect(d.notices.contains(.privateMessage(from: "togusa", text: "psst")))
        #expect(d.notices.contains(.highlight(from: "batou", channel: "#tachikoma", text: "Motoko: are you there?")))
    }

    @Test func focusedBufferDoesNotCountUnreadAndMarksReadOnServer() {
        var d = SessionDriver(ChatConfig(nick: "me"))
        d.register(caps: Self.modern)
        d.server(":me!m@h JOIN #tachikoma", "@time=2026-11-22T01:00:00.000Z :a!a@h PRIVMSG #tachikoma :one")
        _ = d.takeSent()
        d.handle(.intent(.focus("#tachikoma")))
        #expect(d.takeSent() == ["MARKREAD #tachikoma timestamp=2026-11-22T01:00:00.000Z"])
        d.server("@time=2026-11-22T01:00:01.000Z :a!a@h PRIVMSG #tachikoma :two")
        #expect(d.buffer("#tachikoma")?.unread == 0)
        d.handle(.intent(.focus(nil)))
        #expect(d.takeSent() == ["MARKREAD #tachikoma timestamp=2026-11-22T01:00:01.000Z"])
        d.server("@time=2026-11-22T01:00:02.000Z :a!a@h PRIVMSG #tachikoma :three",
                 "@time=2026-11-22T01:00:03.000Z :a!a@h PRIVMSG #tachikoma :four")
        #expect(d.buffer("#tachikoma")?.unread == 2)
        // Another client of ours read up to "three".
        d.server(":srv MARKREAD #tachikoma timestamp=2026-11-22T01:00:02.000Z")
        #expect(d.buffer("#tachikoma")?.unread == 1)
        #expect(d.buffer("#tachikoma")?.readUpTo == ServerTime.parse("2026-11-22T01:00:02.000Z"))
    }

    @Test func linesTypedOfflineAreQueuedAndSentOnceConfirmedByLabel() {
        var d = SessionDriver(ChatConfig(nick: "me"))
        d.handle(.intent(.say(target: "#tachikoma", text: "typed offline", action: false)))
        d.handle(.intent(.say(target: "#tachikoma", text: "twice", action: true)))
        #expect(d.buffer("#tachikoma")?.lines.map(\.delivery) == [.pending, .pending])
        #expect(d.session.pendingCount == 2)
        #expect(d.sent.isEmpty)
        d.register(caps: Self.modern)
        let sent = d.takeSent().filter { $0.contains("PRIVMSG") }
        #expect(sent == ["@label=tk1 PRIVMSG #tachikoma :typed offline", "@label=tk2 PRIVMSG #tachikoma :\u{1}ACTION twice\u{1}"])
        d.server("@label=tk1;msgid=x1;time=2026-11-22T01:00:00.000Z :me!m@h PRIVMSG #tachikoma :typed offline",
                 "@label=tk2;msgid=x2 :me!m@h PRIVMSG #tachikoma :\u{1}ACTION twice\u{1}")
        let lines = d.buffer("#tachikoma")!.lines
        #expect(lines.map(\.text) == ["typed offline", "twice"])
        #expect(lines.map(\.delivery) == [.delivered, .delivered])
        #expect(lines.map(\.msgid) == ["x1", "x2"])
        #expect(d.session.pendingCount == 0)
        // A reconnect sends nothing again.
        d.handle(.disconnected(reason: "test"))
        d.register(caps: Self.modern)
        #expect(!d.sent.contains { $0.contains("PRIVMSG") })
    }

    @Test func echoWithoutLabelsMatchesByTextAndWithoutEchoIsSentOnWrite() {
        var d = SessionDriver(ChatConfig(nick: "me"))
        d.register(caps: "echo-message")
        d.handle(.intent(.say(target: "bob", text: "hi bob", action: false)))
        #expect(d.takeSent().contains("PRIVMSG bob :hi bob"))
        #expect(d.buffer("bob")?.lines.last?.delivery == .pending)
        d.server(":me!m@h PRIVMSG bob :hi bob")
        #expect(d.buffer("bob")?.lines.count == 1)
        #expect(d.buffer("bob")?.lines.last?.delivery == .delivered)

        var plain = SessionDriver(ChatConfig(nick: "me"))
        plain.register(caps: "multi-prefix")
        plain.handle(.intent(.say(target: "bob", text: "hi", action: false)))
        #expect(plain.buffer("bob")?.lines.last?.delivery == .sent)
        #expect(plain.session.pendingCount == 0)
    }

    /// Without chathistory the client cannot tell whether they arrived (see DeliveryRecoveryTests).
    @Test func inFlightLinesAtDisconnectAreMarkedNotResent() {
        let noHistory = "batch echo-message labeled-response message-tags server-time"
        var d = SessionDriver(ChatConfig(nick: "me"))
        d.register(caps: noHistory)
        d.handle(.intent(.say(target: "#tachikoma", text: "in flight", action: false)))
        d.handle(.disconnected(reason: "reset"))
        d.handle(.intent(.say(target: "#tachikoma", text: "while down", action: false)))
        #expect(d.buffer("#tachikoma")?.lines.map(\.delivery) == [.unconfirmed, .pending])
        _ = d.takeSent()
        d.register(caps: noHistory)
        #expect(d.sent.filter { $0.contains("PRIVMSG") } == ["@label=tk2 PRIVMSG #tachikoma :while down"])
    }

    @Test func labelledErrorMarksLineFailed() {
        var d = SessionDriver(ChatConfig(nick: "me"))
        d.register(caps: Self.modern)
        d.handle(.intent(.say(target: "nobody", text: "hello?", action: false)))
        d.server("@label=tk1 :s 401 me nobody :No such nick/channel")
        #expect(d.buffer("nobody")?.lines.last?.delivery == .failed)
    }

    @Test func longAndMultilineTextIsSplitAtCharacterBoundaries() {
        let cjk = String(repeating: "塔奇克马", count: 100)
        let pieces = ChatSession.split(cjk, maxBytes: 100)
        #expect(pieces.joined() == cjk)
        #expect(pieces.allSatisfy { $0.utf8.count <= 100 })
        #expect(ChatSession.split("one two three", maxBytes: 8) == ["one two", "three"])
        #expect(ChatSession.split("a\n\nb\r\nc", maxBytes: 50) == ["a", "b", "c"])
        #expect(ChatSession.split("   \n", maxBytes: 50).isEmpty)
    }

    @Test func historyBatchesInsertInOrderWithoutDuplicatesOrAlerts() {
        var d = SessionDriver(ChatConfig(nick: "me"))
        d.register(caps: Self.modern, isupport: "CHATHISTORY=100")
        #expect(d.sent.contains { $0.hasPrefix("CHATHISTORY TARGETS") })
        d.server(":s BATCH +t draft/chathistory-targets",
                 "@batch=t :s CHATHISTORY TARGETS alice 2026-11-21T10:00:00.000Z",
                 ":s BATCH -t")
        #expect(d.sent.suffix(2) == ["MARKREAD alice", "CHATHISTORY LATEST alice * 100"])
        d.server("@msgid=n3;time=2026-11-21T10:00:02.000Z :alice!a@h PRIVMSG me :live one")
        let before = d.notices.count
        d.server(":s BATCH +h chathistory alice",
                 "@batch=h;msgid=n1;time=2026-11-21T10:00:00.000Z :alice!a@h PRIVMSG me :offline one",
                 "@batch=h;msgid=n2;time=2026-11-21T10:00:01.000Z :alice!a@h PRIVMSG me :offline two",
                 "@batch=h;msgid=n3;time=2026-11-21T10:00:02.000Z :alice!a@h PRIVMSG me :live one",
                 ":s BATCH -h")
        #expect(d.buffer("alice")?.lines.map(\.text) == ["offline one", "offline two", "live one"])
        // The two offline messages count as unread (no read marker known) and are announced once.
        #expect(d.notices.count == before + 1)
        #expect(d.notices.last == .privateMessage(from: "alice", text: "offline two"))
        #expect(d.buffer("alice")?.unread == 3)
        // With a read marker, history older than it is not unread.
        d.server(":s MARKREAD alice timestamp=2026-11-21T10:00:01.000Z")
        #expect(d.buffer("alice")?.unread == 1)
        // Joining a channel asks for its history once.
        d.server(":me!m@h JOIN #tachikoma")
        d.server(":me!m@h JOIN #tachikoma")
        #expect(d.sent.filter { $0 == "CHATHISTORY LATEST #tachikoma * 100" }.count == 1)
    }

    @Test func pingPongAndKeepAlive() {
        var d = SessionDriver(ChatConfig(nick: "me"))
        d.register(caps: "")
        _ = d.takeSent()
        d.server("PING :abc")
        #expect(d.takeSent() == ["PONG abc"])
        d.now += 60
        d.handle(.tick)
        #expect(d.takeSent().isEmpty)
        d.now += 40
        d.handle(.tick)
        d.handle(.tick)
        #expect(d.takeSent() == ["PING tachikoma"])
        d.now += 100
        d.handle(.tick)
        #expect(d.actions.last == .disconnect)
    }
}

@Suite struct FloodTests {
    @Test func privateMessagesFromManyNicksKeepBuffersBounded() {
        var d = SessionDriver(ChatConfig(nick: "me"))
        d.register(caps: "")
        d.server(":me!m@h JOIN #tachikoma")
        for i in 0..<500 { d.handle(.line(":spam\(i)!s@h PRIVMSG me :buy now")) }
        #expect(d.session.buffers.count <= ChatSession.maxBuffers)
        #expect(d.buffer("#tachikoma") != nil)
        #expect(d.buffer("spam499")?.lines.count == 1)
        // A buffer keeps at most maxLines lines.
        for i in 0..<(ChatBuffer.maxLines + 50) { d.handle(.line(":bob!b@h PRIVMSG #tachikoma :line \(i)")) }
        #expect(d.buffer("#tachikoma")?.lines.count == ChatBuffer.maxLines)
        #expect(d.buffer("#tachikoma")?.lines.last?.text == "line \(ChatBuffer.maxLines + 49)")
    }
}
